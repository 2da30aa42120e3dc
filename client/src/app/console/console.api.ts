import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';

/** Nested figures as the API gives them (METRICS.md keys). */
export type Figures = { [key: string]: number | string | null | Figures };
export type Outlier = 'high' | 'low' | null;
export type Kind = 'callbacks' | 'complaints' | 'profile';
export const KINDS: Kind[] = ['callbacks', 'complaints', 'profile'];

export interface SubmissionState {
  status: 'on_time' | 'late' | 'missing';
  dueOn: string | null;
  submissionId: string | null;
  version: number | null;
  submittedAt: string | null;
}

export interface FunnelPoint {
  value: number | null;
  size: number | null;
  lower: number | null;
  upper: number | null;
  outlier: Outlier;
  worse?: 'high' | 'low';
}

export interface Change {
  previous: number | null;
  delta: number | null;
  relative: number | null;
}

export interface CompanyStats {
  period: string;
  group: 'life' | 'property';
  orgCode: string;
  name: string;
  rank: number | null;
  outlier: Record<string, Outlier>;
  profile: Figures;
  callbacks: Figures;
  complaints: Figures;
  findings: Record<string, number | null>;
  submissions: Record<Kind, SubmissionState>;
  onTimeSubmissionRate: number | null;
  funnel: Record<string, FunnelPoint>;
  change: Record<string, Change>;
  groupMedians?: Record<string, number | null>;
  computedAt: string;
}

export interface GroupBlock {
  group: 'life' | 'property' | 'all';
  companies: number;
  profile: Figures;
  callbacks: Figures;
  complaints: Figures;
  findings: Record<string, number | null>;
  medians: Record<string, number | null>;
  largest: { orgCode: string; name: string; value: number }[];
  worst: Record<string, { orgCode: string; name: string; value: number }[]>;
  funnel: Record<string, { groupRate: number | null; model: 'binomial' | 'poisson'; worse: 'high' | 'low' }>;
  z: number;
  minComplaintsToRank: number;
  change: Record<string, Change>;
}

export interface PeriodStats {
  period: string;
  previousPeriod: string;
  group: 'life' | 'property' | null;
  catalogVersion: number;
  computedAt: string;
  industry: GroupBlock;
  groups: Partial<Record<'life' | 'property', GroupBlock>>;
  companies: CompanyStats[];
}

export interface Rule {
  code: string;
  title: { zh: string; en: string } | string;
  severity: string;
  scope: string;
  citation: { zh: string; en: string } | string;
  params: Record<string, unknown>;
}

export interface IssuePage {
  total: number;
  items: {
    row: number | null;
    column: string | null;
    value: string | null;
    rule: string;
    severity: string;
    message: string;
  }[];
}

/** The statistics API (API.md "Statistics and rules") and what the console needs around it. */
@Injectable({ providedIn: 'root' })
export class ConsoleApi {
  private readonly http = inject(HttpClient);

  periods(): Promise<string[]> {
    return firstValueFrom(this.http.get<string[]>('/api/stats/periods'));
  }

  overview(period: string, group?: string): Promise<PeriodStats> {
    let params = new HttpParams().set('period', period);
    if (group) params = params.set('group', group);
    return firstValueFrom(this.http.get<PeriodStats>('/api/stats', { params }));
  }

  company(orgCode: string, period: string): Promise<CompanyStats> {
    return firstValueFrom(
      this.http.get<CompanyStats>(`/api/stats/${encodeURIComponent(orgCode)}`, { params: { period } }),
    );
  }

  trend(orgCode: string): Promise<CompanyStats[]> {
    return firstValueFrom(this.http.get<CompanyStats[]>(`/api/stats/${encodeURIComponent(orgCode)}/trend`));
  }

  async rules(): Promise<Rule[]> {
    const res = await firstValueFrom(this.http.get<Rule[] | { rules: Rule[] }>('/api/rules'));
    return Array.isArray(res) ? res : res.rules;
  }

  issues(submissionId: string, rule: string): Promise<IssuePage> {
    return firstValueFrom(
      this.http.get<IssuePage>(`/api/submissions/${encodeURIComponent(submissionId)}/issues`, {
        params: { rule, pageSize: 50 },
      }),
    );
  }

  /** Downloads an export with the bearer token (a plain link would not carry it). */
  async download(kind: 'csv' | 'xlsx', period: string, group?: string): Promise<void> {
    let params = new HttpParams().set('period', period);
    if (group) params = params.set('group', group);
    const blob = await firstValueFrom(
      this.http.get(`/api/stats/export.${kind}`, { params, responseType: 'blob' }),
    );
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `stats-${period}${group ? '-' + group : ''}.${kind}`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}

/** A figure by its dotted METRICS.md key (`complaints.forwarded.callbackRate`). */
export function figure(
  source: { profile: Figures; callbacks: Figures; complaints: Figures },
  key: string,
): number | string | null {
  const [block, ...rest] = key.split('.');
  let node: unknown = (source as unknown as Record<string, Figures>)[block];
  for (const part of rest) {
    if (node === null || typeof node !== 'object') return null;
    node = (node as Figures)[part];
  }
  return typeof node === 'number' || typeof node === 'string' ? node : null;
}

export function numeric(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Rates as percentages with two decimals (93.77%); null as “—”. */
export function pct(v: unknown): string {
  const n = numeric(v);
  return n === null ? '—' : `${(n * 100).toFixed(2)}%`;
}

/** Counts as exact integers with separators; other numbers with two decimals; null as “—”. */
export function num(v: unknown): string {
  const n = numeric(v);
  if (n === null) return typeof v === 'string' ? v : '—';
  return Number.isInteger(n)
    ? n.toLocaleString('en-US')
    : n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Keys whose values are rates (shown as percentages). */
export const RATE_KEYS = new Set([
  'profile.marketShare',
  'callbacks.successRate',
  'callbacks.onTimeRate',
  'callbacks.visitLetterShare',
  'complaints.share',
  'complaints.decidedWithinLimit',
  'complaints.upheldRate',
  'complaints.repeatRate',
  'complaints.forwarded.callbackRate',
  'complaints.satisfiedRate',
]);

export function show(key: string, v: unknown): string {
  return RATE_KEYS.has(key) || /successRate$/.test(key) ? pct(v) : num(v);
}

export function text(v: { zh: string; en: string } | string | undefined, lang: string): string {
  if (!v) return '';
  return typeof v === 'string' ? v : lang === 'en' ? v.en : v.zh;
}
