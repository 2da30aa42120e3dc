import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';

export interface CaseItem {
  id: string;
  orgCode: string;
  orgName: string;
  forwardNo: string;
  forwardedOn: string;
  category: string;
  workingDays: number;
  deadline: string;
  status: 'open' | 'handled';
  overdue: boolean;
  onTime: boolean | null;
  workingDaysLeft: number | null;
  decidedOn: string | null;
  callbackOn: string | null;
  supervisionResult: 'agree' | 'disagree' | null;
}

export interface CaseDetail extends CaseItem {
  summary: string;
  outcome: string | null;
  callbackMethod: string | null;
  satisfaction: string | null;
  note: string | null;
  supervisionNote: string | null;
  supervisedAt: string | null;
}

export interface Handling {
  decidedOn: string;
  outcome: string;
  callbackOn: string;
  callbackMethod: string;
  satisfaction: string;
  note?: string;
}

export interface Sample {
  id: string;
  seed: string;
  population: number;
  drawnAt: string;
  cases: CaseItem[];
}

export interface Reconciliation {
  orgCode: string;
  period: string;
  submission: { id: string; version: number; submittedAt: string } | null;
  note: string | null;
  counts: Record<string, number>;
  disagreements: {
    type: 'missing_in_file' | 'unknown_in_register' | 'date_mismatch';
    forwardNo: string;
    rowNo: number | null;
    fields: { field: string; register: string | null; file: string | null }[];
  }[];
}

export interface Org {
  code: string;
  name: string;
}

export interface PortalNotification {
  id: string;
  kind: string;
  message: { zh: string; en: string };
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

/** The forwarded-complaint API (the bearer token is added by the auth interceptor). */
@Injectable({ providedIn: 'root' })
export class CasesApi {
  private readonly http = inject(HttpClient);

  orgs(): Promise<Org[]> {
    return firstValueFrom(this.http.get<Org[]>('/api/orgs'));
  }

  list(filter: { orgCode?: string; status?: string; overdue?: string }): Promise<CaseItem[]> {
    let params = new HttpParams();
    for (const [k, v] of Object.entries(filter)) if (v) params = params.set(k, v);
    return firstValueFrom(this.http.get<CaseItem[]>('/api/cases', { params }));
  }

  get(id: string): Promise<CaseDetail> {
    return firstValueFrom(this.http.get<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`));
  }

  register(body: {
    orgCode: string;
    forwardNo: string;
    forwardedOn: string;
    category: string;
    summary: string;
  }): Promise<{ id: string; deadline: string }> {
    return firstValueFrom(this.http.post<{ id: string; deadline: string }>('/api/cases', body));
  }

  handle(id: string, body: Handling): Promise<{ status: string; onTime: boolean }> {
    return firstValueFrom(
      this.http.post<{ status: string; onTime: boolean }>(
        `/api/cases/${encodeURIComponent(id)}/handling`,
        body,
      ),
    );
  }

  supervise(id: string, body: { result: string; note?: string }): Promise<unknown> {
    return firstValueFrom(this.http.post(`/api/cases/${encodeURIComponent(id)}/supervision`, body));
  }

  drawSample(body: { size?: number; share?: number; seed?: string; orgCode?: string }): Promise<Sample> {
    return firstValueFrom(this.http.post<Sample>('/api/cases/supervision-samples', body));
  }

  reconcile(orgCode: string, period: string): Promise<Reconciliation> {
    const params = new HttpParams().set('orgCode', orgCode).set('period', period);
    return firstValueFrom(this.http.get<Reconciliation>('/api/cases/reconciliation', { params }));
  }

  notifications(): Promise<{ unread: number; items: PortalNotification[] }> {
    return firstValueFrom(
      this.http.get<{ unread: number; items: PortalNotification[] }>('/api/notifications'),
    );
  }

  markRead(id: string): Promise<unknown> {
    return firstValueFrom(this.http.post(`/api/notifications/${encodeURIComponent(id)}/read`, {}));
  }
}
