import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';

export type ReportStatus = 'requested' | 'draft' | 'submitted' | 'returned' | 'accepted';
export type MeasureStatus = 'planned' | 'in_progress' | 'done';
export type ReviewOutcome = 'compliant' | 'non_compliant';
type Figures = { [key: string]: number | string | null | Figures };

export interface ReportListItem {
  id: string;
  orgCode: string;
  orgName: string;
  status: ReportStatus;
  version: number;
  overdue: boolean;
  updatedAt: string | null;
  submittedAt: string | null;
}

export interface Notice {
  id: string;
  period: string;
  title: string;
  scope: string;
  deadline: string;
  createdAt: string;
  createdBy: string;
  reports: ReportListItem[];
}

export interface Problem {
  description: string;
  ruleCodes: string[];
  sampleRefs: string[];
}

export interface Measure {
  action: string;
  owner: string;
  dueOn: string;
  status: MeasureStatus;
}

export interface RuleFinding {
  code: string;
  title: { zh: string; en: string };
  severity: string;
  scope: string;
  citation: { zh: string; en: string };
  count: number | null;
}

export interface Comparison {
  key: string;
  value: number | null;
  groupMedian: number | null;
  worse: 'high' | 'low';
  worseThanMedian: boolean | null;
}

export interface Execution {
  available: boolean;
  name: string;
  group: 'life' | 'property';
  callbacks: Figures;
  complaints: Figures;
  findings: Record<string, number | null>;
  rules: RuleFinding[];
  comparison: Comparison[];
  catalogVersion: number;
  computedAt: string | null;
}

export interface StratumSummary {
  channelGroup: 'agent' | 'bancassurance' | 'other';
  productGroup: 'dividend' | 'universal' | 'unit_linked' | 'other';
  population: number;
  allocated: number;
  interval: number | null;
  start: number;
  reviewed: number;
  nonCompliant: number;
}

export interface SampleSummary {
  seed: string;
  submissionId: string;
  drawnAt: string;
  drawnBy: string;
  population: number;
  size: number;
  strata: StratumSummary[];
  outcomes: { pending: number; compliant: number; nonCompliant: number };
  byProblem: { code: string; label: { zh: string; en: string }; count: number }[];
  byRule: { code: string; count: number }[];
}

export interface SampleItem {
  itemNo: number;
  rowNo: number;
  policyNo: string;
  channel: string;
  productType: string;
  channelGroup: string;
  productGroup: string;
  status: string;
  method: string | null;
  completedOn: string | null;
  recordingRef: string | null;
  receiptRef: string | null;
  outcome: ReviewOutcome | null;
  problemCodes: string[];
  ruleCodes: string[];
  note: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
}

export interface SamplePage extends SampleSummary {
  reportId: string;
  total: number;
  page: number;
  pageSize: number;
  items: SampleItem[];
}

export interface VersionSummary {
  version: number;
  signerName: string;
  signerTitle: string;
  signedBy: string;
  signedAt: string;
  late: boolean;
  pdfSha256: string;
  pdfUrl: string;
  reviewDecision: 'accept' | 'return' | null;
  reviewComments: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
}

export interface ReportDetail {
  id: string;
  noticeId: string;
  title: string;
  scope: string;
  orgCode: string;
  orgName: string;
  period: string;
  status: ReportStatus;
  version: number;
  deadline: string;
  overdue: boolean;
  execution: Execution;
  problems: Problem[];
  measures: Measure[];
  sample: SampleSummary | null;
  sampleRequired: boolean;
  returnComments: string | null;
  versions: VersionSummary[];
  pdfUrl: string | null;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface OutcomeBody {
  outcome: ReviewOutcome;
  problemCodes?: string[];
  ruleCodes?: string[];
  note?: string;
}

const base = (id: string) => `/api/self-inspections/reports/${encodeURIComponent(id)}`;

/** The self-inspection API (the bearer token is added by the auth interceptor). */
@Injectable({ providedIn: 'root' })
export class SelfInspectionApi {
  private readonly http = inject(HttpClient);

  orgs(): Promise<{ code: string; name: string; group: 'life' | 'property' }[]> {
    return firstValueFrom(
      this.http.get<{ code: string; name: string; group: 'life' | 'property' }[]>('/api/orgs'),
    );
  }

  list(): Promise<Notice[]> {
    return firstValueFrom(this.http.get<Notice[]>('/api/self-inspections'));
  }

  create(body: {
    period: string;
    title: string;
    scope: string;
    deadline: string;
    orgCodes: string[];
  }): Promise<{ id: string; reports: { id: string; orgCode: string; status: ReportStatus }[] }> {
    return firstValueFrom(
      this.http.post<{ id: string; reports: { id: string; orgCode: string; status: ReportStatus }[] }>(
        '/api/self-inspections',
        body,
      ),
    );
  }

  get(id: string): Promise<ReportDetail> {
    return firstValueFrom(this.http.get<ReportDetail>(base(id)));
  }

  update(id: string, body: { problems: Problem[]; measures: Measure[] }): Promise<ReportDetail> {
    return firstValueFrom(this.http.put<ReportDetail>(base(id), body));
  }

  sample(id: string, q: { page: number; pageSize: number; outcome?: string }): Promise<SamplePage> {
    let params = new HttpParams().set('page', q.page).set('pageSize', q.pageSize);
    if (q.outcome) params = params.set('outcome', q.outcome);
    return firstValueFrom(this.http.get<SamplePage>(`${base(id)}/sample`, { params }));
  }

  draw(id: string, seed?: string): Promise<SamplePage> {
    return firstValueFrom(this.http.post<SamplePage>(`${base(id)}/sample`, seed ? { seed } : {}));
  }

  recordOutcome(id: string, itemNo: number, body: OutcomeBody): Promise<SampleItem> {
    return firstValueFrom(this.http.put<SampleItem>(`${base(id)}/sample/${itemNo}`, body));
  }

  recordOutcomes(id: string, items: (OutcomeBody & { itemNo: number })[]): Promise<SampleItem[]> {
    return firstValueFrom(this.http.post<SampleItem[]>(`${base(id)}/sample/outcomes`, { items }));
  }

  submit(
    id: string,
    body: { signerName: string; signerTitle: string },
  ): Promise<{ status: string; version: number }> {
    return firstValueFrom(this.http.post<{ status: string; version: number }>(`${base(id)}/submit`, body));
  }

  review(
    id: string,
    body: { decision: 'accept' | 'return'; comments?: string },
  ): Promise<{ status: ReportStatus; version: number }> {
    return firstValueFrom(
      this.http.post<{ status: ReportStatus; version: number }>(`${base(id)}/review`, body),
    );
  }

  pdf(id: string, version?: number): Promise<Blob> {
    const url = version === undefined ? `${base(id)}.pdf` : `${base(id)}/versions/${version}.pdf`;
    return firstValueFrom(this.http.get(url, { responseType: 'blob' }));
  }

  sampleXlsx(id: string): Promise<Blob> {
    return firstValueFrom(this.http.get(`${base(id)}/sample.xlsx`, { responseType: 'blob' }));
  }
}

/** 0.937661104327771 → "93.77%"; null → "—" (METRICS.md: two decimals on screens). */
export function pct(v: unknown): string {
  return typeof v === 'number' ? `${(v * 100).toFixed(2)}%` : '—';
}

export function num(v: unknown, digits = 0): string {
  return typeof v === 'number'
    ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '—';
}

/** The value at a METRICS.md key of section 1 (`callbacks.byMethod.phone`). */
export function figureAt(e: Execution, key: string): number | null {
  const [head, ...rest] = key.split('.');
  let node: unknown = (e as unknown as Record<string, unknown>)[head];
  for (const part of rest) {
    if (!node || typeof node !== 'object') return null;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'number' ? node : null;
}

/** "2026H1" → "2026年上半年" / "2026 H1". */
export function periodName(period: string, lang: 'zh-CN' | 'en'): string {
  const m = /^(\d{4})H([12])$/.exec(period);
  if (!m) return period;
  return lang === 'en' ? `${m[1]} H${m[2]}` : `${m[1]}年${m[2] === '1' ? '上半年' : '下半年'}`;
}

/** Saves a downloaded file under `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
