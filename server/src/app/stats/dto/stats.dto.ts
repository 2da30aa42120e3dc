/**
 * Response shapes of the statistics API (API.md "Statistics and rules"; keys exactly as in METRICS.md) and
 * the pure functions that build them from the stored rows. Rates are unrounded doubles, counts integers,
 * a figure whose inputs are missing is null.
 */
import {
  COMPARED,
  companyKeys,
  RATE_DEFS,
  unflatten,
  type Flat,
  type GroupBlock,
  type Nested,
  type OrgGroup,
} from '../metrics';
import type { Catalog, Period } from '@portal/reporting-standard';

export type Kind = 'callbacks' | 'complaints' | 'profile';
export const KINDS: readonly Kind[] = ['callbacks', 'complaints', 'profile'];
export type Outlier = 'high' | 'low' | null;

export interface SubmissionStateDto {
  /** `on_time` / `late` (latest submitted version against the effective deadline) or `missing`. */
  status: 'on_time' | 'late' | 'missing';
  dueOn: string | null;
  submissionId: string | null;
  version: number | null;
  submittedAt: string | null;
}

export interface FunnelPointDto {
  value: number | null;
  /** n (binomial) or the exposure E (Poisson) */
  size: number | null;
  lower: number | null;
  upper: number | null;
  outlier: Outlier;
  /** which side is bad (a high complaint rate, a low success rate) */
  worse?: 'high' | 'low';
}

export interface ChangeDto {
  previous: number | null;
  delta: number | null;
  /** delta ÷ previous (null when previous is 0 or missing) */
  relative: number | null;
}

export interface CompanyStatsDto {
  period: string;
  group: OrgGroup;
  orgCode: string;
  name: string;
  /** 1 = fewest complaints per 100M premium in the group; null = not ranked (fewer than minComplaintsToRank) */
  rank: number | null;
  /** per funnel-plot rate: outside the 99.8% control limits above (`high`) or below (`low`), else null */
  outlier: Record<string, Outlier>;
  profile: Nested;
  callbacks: Nested;
  complaints: Nested;
  findings: Record<string, number | null>;
  submissions: Record<Kind, SubmissionStateDto>;
  /** share of the three kinds whose latest submitted version was on time (PeriodsService) */
  onTimeSubmissionRate: number | null;
  funnel: Record<string, FunnelPointDto>;
  /** against the previous half-year */
  change: Record<string, ChangeDto>;
  /** only in `GET /api/stats/{orgCode}`: the medians of the insurer's group */
  groupMedians?: Record<string, number | null>;
  computedAt: string;
}

export interface ListEntryDto {
  orgCode: string;
  name: string;
  value: number;
}

export interface GroupBlockDto {
  group: GroupBlock;
  /** insurers in the block */
  companies: number;
  /** Σ of every count of the block's insurers; rates computed from those sums (so each re-derives) */
  profile: Nested;
  callbacks: Nested;
  complaints: Nested;
  findings: Record<string, number | null>;
  /** median of each compared rate over the insurers that have it */
  medians: Record<string, number | null>;
  /** the ten insurers with the most complaints */
  largest: ListEntryDto[];
  /** per compared rate: the ten worst, worst first */
  worst: Record<string, ListEntryDto[]>;
  /** per funnel-plot rate: the pooled group rate the control limits are drawn around */
  funnel: Record<string, { groupRate: number | null; model: 'binomial' | 'poisson'; worse: 'high' | 'low' }>;
  z: number;
  minComplaintsToRank: number;
  change: Record<string, ChangeDto>;
}

export interface PeriodStatsDto {
  period: string;
  previousPeriod: string;
  group: OrgGroup | null;
  catalogVersion: number;
  computedAt: string;
  /** the insurers asked for: the group's block, or all insurers when no group is given */
  industry: GroupBlockDto;
  /** the block of each group shown (shares, indices and ranks are relative to these) */
  groups: Partial<Record<OrgGroup, GroupBlockDto>>;
  companies: CompanyStatsDto[];
}

/** Figures whose change against the previous period is reported. */
export const CHANGE_KEYS: readonly string[] = [
  'profile.premiumIncome',
  'callbacks.due',
  'callbacks.successRate',
  'callbacks.onTimeRate',
  'callbacks.visitLetterShare',
  'complaints.total',
  'complaints.per100mPremium',
  'complaints.per10kPolicies',
  'complaints.per10kInsured',
  'complaints.decidedWithinLimit',
  'complaints.upheldRate',
  'complaints.repeatRate',
  'complaints.forwarded.total',
  'complaints.forwarded.callbackRate',
  'complaints.satisfiedRate',
  'complaints.complaintIndex',
];

// ---- stored shapes ------------------------------------------------------------------------------------

export interface StoredOrg {
  periodCode: string;
  orgCode: string;
  name: string;
  group: OrgGroup;
  figures: { values: Flat; inputs: Record<string, unknown> };
  comparison: StoredComparison | null;
  computedAt: Date;
}

export interface StoredComparison {
  values: Flat;
  rank: number | null;
  funnel: Record<string, FunnelPointDto>;
  submissions: Record<Kind, SubmissionStateDto>;
  onTimeSubmissionRate: number | null;
}

export interface StoredGroup {
  periodCode: string;
  group: GroupBlock;
  figures: {
    companies: number;
    sums: Flat;
    rates: Flat;
    medians: Flat;
    worst: Record<string, { orgCode: string; value: number }[]>;
    largest: { orgCode: string; total: number }[];
    funnel: GroupBlockDto['funnel'];
    z: number;
    minComplaintsToRank: number;
  };
  computedAt: Date;
}

// ---- mapping ------------------------------------------------------------------------------------------

function num(v: unknown): number | null {
  return typeof v === 'number' ? v : null;
}

export function change(current: unknown, previous: unknown): ChangeDto {
  const c = num(current);
  const p = num(previous);
  const delta = c !== null && p !== null ? c - p : null;
  return { previous: p, delta, relative: delta !== null && p !== null && p !== 0 ? delta / p : null };
}

function findingsOf(flat: Flat, keys: readonly string[]): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const k of keys) if (k.startsWith('findings.')) out[k.slice(9)] = num(flat[k]);
  return out;
}

const MISSING: SubmissionStateDto = {
  status: 'missing',
  dueOn: null,
  submissionId: null,
  version: null,
  submittedAt: null,
};

/** The company object (API.md) from an insurer's stored row and, if any, its previous-period row. */
export function toCompanyDto(
  row: StoredOrg,
  previous: StoredOrg | undefined,
  catalog: Catalog,
  period: Period,
): CompanyStatsDto {
  const keys = companyKeys(catalog, period);
  const flat: Flat = { ...row.figures.values, ...(row.comparison?.values ?? {}) };
  const prevFlat: Flat = previous
    ? { ...previous.figures.values, ...(previous.comparison?.values ?? {}) }
    : {};
  const stored = row.comparison?.funnel ?? {};
  const outlier: Record<string, Outlier> = {};
  const funnel: Record<string, FunnelPointDto> = {};
  for (const r of RATE_DEFS) {
    if (!r.funnel) continue;
    outlier[r.key] = stored[r.key]?.outlier ?? null;
    if (stored[r.key]) funnel[r.key] = { ...stored[r.key], worse: r.worse };
  }
  const nested = unflatten(flat, keys);
  return {
    period: row.periodCode,
    group: row.group,
    orgCode: row.orgCode,
    name: row.name,
    rank: row.comparison?.rank ?? null,
    outlier,
    profile: (nested['profile'] as Nested) ?? {},
    callbacks: (nested['callbacks'] as Nested) ?? {},
    complaints: (nested['complaints'] as Nested) ?? {},
    findings: findingsOf(flat, keys),
    submissions: Object.fromEntries(
      KINDS.map((k) => [k, row.comparison?.submissions?.[k] ?? MISSING]),
    ) as Record<Kind, SubmissionStateDto>,
    onTimeSubmissionRate: row.comparison?.onTimeSubmissionRate ?? null,
    funnel,
    change: Object.fromEntries(CHANGE_KEYS.map((k) => [k, change(flat[k], prevFlat[k])])),
    computedAt: row.computedAt.toISOString(),
  };
}

/** A group block from its stored row; `names` maps org codes to names for the lists. */
export function toGroupDto(
  row: StoredGroup | undefined,
  previous: StoredGroup | undefined,
  group: GroupBlock,
  catalog: Catalog,
  period: Period,
  names: ReadonlyMap<string, string>,
): GroupBlockDto {
  const f = row?.figures;
  const keys = companyKeys(catalog, period).filter((k) => k !== 'profile.foundedOn');
  const flat: Flat = { ...(f?.sums ?? {}), ...(f?.rates ?? {}) };
  const prevFlat: Flat = { ...(previous?.figures.sums ?? {}), ...(previous?.figures.rates ?? {}) };
  const nested = unflatten(flat, keys);
  const name = (code: string) => names.get(code) ?? code;
  return {
    group,
    companies: f?.companies ?? 0,
    profile: (nested['profile'] as Nested) ?? {},
    callbacks: (nested['callbacks'] as Nested) ?? {},
    complaints: (nested['complaints'] as Nested) ?? {},
    findings: findingsOf(flat, keys),
    medians: Object.fromEntries(COMPARED.map((c) => [c.key, num(f?.medians?.[c.key])])),
    largest: (f?.largest ?? []).map((e) => ({ orgCode: e.orgCode, name: name(e.orgCode), value: e.total })),
    worst: Object.fromEntries(
      COMPARED.map((c) => [
        c.key,
        (f?.worst?.[c.key] ?? []).map((e) => ({ orgCode: e.orgCode, name: name(e.orgCode), value: e.value })),
      ]),
    ),
    funnel: f?.funnel ?? {},
    z: f?.z ?? 0,
    minComplaintsToRank: f?.minComplaintsToRank ?? 0,
    change: Object.fromEntries(CHANGE_KEYS.map((k) => [k, change(flat[k], prevFlat[k])])),
  };
}
