import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';

export type BulletinStatus = 'rendering' | 'draft' | 'failed' | 'published';

export interface BulletinSummary {
  id: string;
  period: string;
  edition: number;
  status: BulletinStatus;
  title: string;
  documentNo: string | null;
  issuedOn: string;
  replaces: string | null;
  createdAt: string;
  publishedAt: string | null;
  sha256: string | null;
}

export interface BulletinDetail extends BulletinSummary {
  failureReason: string | null;
  createdBy: string;
  renderedAt: string | null;
  renderMs: number | null;
  blockedRequests: number | null;
  publishedBy: string | null;
  catalogVersion: number | null;
  dataCutoff: string | null;
  disputes: number;
  pdfUrl: string | null;
}

export interface PublicBulletin {
  id: string;
  period: string;
  edition: number;
  title: string;
  publishedAt: string;
  sha256: string;
  replaces: string | null;
  pdfUrl: string;
  csvUrl: string;
  jsonUrl: string;
}

export interface Dispute {
  id: string;
  orgCode: string;
  orgName: string;
  figure: string | null;
  comment: string;
  createdBy: string;
  createdAt: string;
}

type Figure = number | null;
export interface PreviewRow {
  orgCode: string;
  name: string;
  group: 'life' | 'property';
  rank: number | null;
  outlier: boolean | null;
  foundedOn: string | null;
  profile: Record<string, Figure>;
  complaints: {
    total: Figure;
    share: Figure;
    per100mPremium: Figure;
    per10kPolicies: Figure;
    per10kInsured: Figure;
    complaintIndex: Figure;
    decidedWithinLimit: Figure;
    upheldRate: Figure;
    repeatRate: Figure;
    satisfiedRate: Figure;
    byCategory: Record<string, Figure>;
    forwarded: { total: Figure; onTime: Figure; callbackRate: Figure };
  };
  callbacks: {
    due: Figure;
    succeeded: Figure;
    successRate: Figure;
    onTimeRate: Figure;
    visitLetterShare: Figure;
    problemsFound: Figure;
    problemsResolved: Figure;
    byMethod: Record<string, Figure>;
  };
}

export interface Preview {
  id: string;
  period: string;
  edition: number;
  status: BulletinStatus;
  title: string;
  orgCode: string;
  rows: PreviewRow[];
}

/** The bulletins API (the bearer token is added by the auth interceptor; public calls need none). */
@Injectable({ providedIn: 'root' })
export class BulletinsApi {
  private readonly http = inject(HttpClient);

  publicList(): Promise<PublicBulletin[]> {
    return firstValueFrom(this.http.get<PublicBulletin[]>('/api/public/bulletins'));
  }

  list(): Promise<BulletinSummary[]> {
    return firstValueFrom(this.http.get<BulletinSummary[]>('/api/bulletins'));
  }

  get(id: string): Promise<BulletinDetail> {
    return firstValueFrom(this.http.get<BulletinDetail>(`/api/bulletins/${encodeURIComponent(id)}`));
  }

  create(body: {
    period: string;
    title?: string;
    documentNo?: string;
    issuedOn?: string;
    inspectionFindings?: string;
    replaces?: string;
  }): Promise<{ id: string; status: BulletinStatus }> {
    return firstValueFrom(this.http.post<{ id: string; status: BulletinStatus }>('/api/bulletins', body));
  }

  publish(id: string): Promise<{ status: 'published'; publishedAt: string; sha256: string }> {
    return firstValueFrom(
      this.http.post<{ status: 'published'; publishedAt: string; sha256: string }>(
        `/api/bulletins/${encodeURIComponent(id)}/publish`,
        {},
      ),
    );
  }

  pdf(id: string): Promise<Blob> {
    return firstValueFrom(
      this.http.get(`/api/bulletins/${encodeURIComponent(id)}.pdf`, { responseType: 'blob' }),
    );
  }

  preview(id: string, orgCode?: string): Promise<Preview> {
    const params = orgCode ? new HttpParams().set('orgCode', orgCode) : undefined;
    return firstValueFrom(
      this.http.get<Preview>(`/api/bulletins/${encodeURIComponent(id)}/preview`, { params }),
    );
  }

  disputes(id: string): Promise<Dispute[]> {
    return firstValueFrom(this.http.get<Dispute[]>(`/api/bulletins/${encodeURIComponent(id)}/disputes`));
  }

  dispute(id: string, body: { comment: string; figure?: string }): Promise<Dispute> {
    return firstValueFrom(this.http.post<Dispute>(`/api/bulletins/${encodeURIComponent(id)}/disputes`, body));
  }
}

/** 0.937661104327771 → "93.77%"; null → "—" (METRICS.md: two decimals on screens). */
export function pct(v: Figure | undefined): string {
  return typeof v === 'number' ? `${(v * 100).toFixed(2)}%` : '—';
}

export function num(v: Figure | undefined, digits = 0): string {
  return typeof v === 'number'
    ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '—';
}

/** "2026H1" → "2026年上半年" / "2026 H1". */
export function periodName(period: string, lang: 'zh-CN' | 'en'): string {
  const m = /^(\d{4})H([12])$/.exec(period);
  if (!m) return period;
  return lang === 'en' ? `${m[1]} H${m[2]}` : `${m[1]}年${m[2] === '1' ? '上半年' : '下半年'}`;
}
