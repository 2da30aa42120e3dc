/**
 * The statistics a bulletin is made of, as `GET /api/stats` answers them (METRICS.md keys), and the small
 * adapter through which the bulletin reads them. The statistics themselves are computed by the stats feature
 * (`StatsService.periodStats(period, group?)`); this file only types and normalises its answer, so that a
 * figure that is missing or not a number becomes `null` ("—") rather than breaking a render.
 */
export type OrgGroup = 'life' | 'property';
export const ORG_GROUPS: readonly OrgGroup[] = ['life', 'property'];

export type Figure = number | null;

export const CALLBACK_METHODS = ['phone', 'electronic', 'visit', 'letter'] as const;
export const COMPLAINT_CATEGORIES = [
  'sales',
  'claims',
  'surrender',
  'policy_service',
  'premium',
  'callback',
  'service_quality',
  'other',
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];
export type CallbackMethod = (typeof CALLBACK_METHODS)[number];

export interface CallbackFigures {
  due: Figure;
  succeeded: Figure;
  refused: Figure;
  cancelledBefore: Figure;
  notAttempted: Figure;
  successRate: Figure;
  onTime: Figure;
  onTimeRate: Figure;
  byMethod: Record<CallbackMethod, Figure>;
  visitLetterShare: Figure;
  problemsFound: Figure;
  problemsResolved: Figure;
  misleadingFound: Figure;
}

export interface ComplaintFigures {
  total: Figure;
  share: Figure;
  per100mPremium: Figure;
  per10kPolicies: Figure;
  per10kInsured: Figure;
  byCategory: Record<ComplaintCategory, Figure>;
  decidedWithinLimit: Figure;
  upheldRate: Figure;
  repeatRate: Figure;
  forwarded: { total: Figure; onTime: Figure; callbackRate: Figure };
  satisfiedRate: Figure;
  complaintIndex: Figure;
}

export interface ProfileFigures {
  premiumIncome: Figure;
  newPolicies: Figure;
  policiesInForce: Figure;
  insuredPersons: Figure;
  salesStaff: Figure;
  employees: Figure;
  marketShare: Figure;
}

export interface CompanyStats {
  orgCode: string;
  name: string;
  /** Rank by complaints per 100M premium within the group; null when not ranked (too few complaints). */
  rank: number | null;
  outlier: boolean | null;
  foundedOn: string | null;
  profile: ProfileFigures;
  callbacks: CallbackFigures;
  complaints: ComplaintFigures;
}

export interface PeriodStats {
  period: string;
  group: OrgGroup;
  industry: {
    profile: ProfileFigures;
    callbacks: CallbackFigures;
    complaints: ComplaintFigures;
    /** Group medians by METRICS.md key, when the stats provide them. */
    medians: Record<string, Figure>;
  };
  companies: CompanyStats[];
}

/** Where the bulletin gets its statistics: the stats feature's `periodStats` (see bulletins.module.ts). */
export interface StatsSource {
  periodStats(period: string, group?: OrgGroup): Promise<unknown>;
}
export const STATS_SOURCE = Symbol('BULLETIN_STATS_SOURCE');

// ---- normalisation ----------------------------------------------------------------------------------------

type Loose = Record<string, unknown> | null | undefined;

const obj = (v: unknown): Loose =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
const fig = (v: unknown): Figure => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function callbacks(v: unknown): CallbackFigures {
  const c = obj(v);
  const m = obj(c?.['byMethod']);
  return {
    due: fig(c?.['due']),
    succeeded: fig(c?.['succeeded']),
    refused: fig(c?.['refused']),
    cancelledBefore: fig(c?.['cancelledBefore']),
    notAttempted: fig(c?.['notAttempted']),
    successRate: fig(c?.['successRate']),
    onTime: fig(c?.['onTime']),
    onTimeRate: fig(c?.['onTimeRate']),
    byMethod: Object.fromEntries(CALLBACK_METHODS.map((k) => [k, fig(m?.[k])])) as Record<
      CallbackMethod,
      Figure
    >,
    visitLetterShare: fig(c?.['visitLetterShare']),
    problemsFound: fig(c?.['problemsFound']),
    problemsResolved: fig(c?.['problemsResolved']),
    misleadingFound: fig(c?.['misleadingFound']),
  };
}

function complaints(v: unknown): ComplaintFigures {
  const c = obj(v);
  const cat = obj(c?.['byCategory']);
  const fw = obj(c?.['forwarded']);
  return {
    total: fig(c?.['total']),
    share: fig(c?.['share']),
    per100mPremium: fig(c?.['per100mPremium']),
    per10kPolicies: fig(c?.['per10kPolicies']),
    per10kInsured: fig(c?.['per10kInsured']),
    // A category with no complaint may be absent from byCategory: that is 0, not unknown — when the
    // company has a complaint total at all.
    byCategory: Object.fromEntries(
      COMPLAINT_CATEGORIES.map((k) => [k, fig(cat?.[k]) ?? (fig(c?.['total']) !== null ? 0 : null)]),
    ) as Record<ComplaintCategory, Figure>,
    decidedWithinLimit: fig(c?.['decidedWithinLimit']),
    upheldRate: fig(c?.['upheldRate']),
    repeatRate: fig(c?.['repeatRate']),
    forwarded: {
      total: fig(fw?.['total']),
      onTime: fig(fw?.['onTime']),
      callbackRate: fig(fw?.['callbackRate']),
    },
    satisfiedRate: fig(c?.['satisfiedRate']),
    complaintIndex: fig(c?.['complaintIndex']),
  };
}

function profile(v: unknown): ProfileFigures {
  const p = obj(v);
  return {
    premiumIncome: fig(p?.['premiumIncome']),
    newPolicies: fig(p?.['newPolicies']),
    policiesInForce: fig(p?.['policiesInForce']),
    insuredPersons: fig(p?.['insuredPersons']),
    salesStaff: fig(p?.['salesStaff']),
    employees: fig(p?.['employees']),
    marketShare: fig(p?.['marketShare']),
  };
}

/**
 * Outside the funnel plot's control limits for complaints per 100M premium (what the bulletin's ranking
 * table flags). The stats answer it per rate (`{"complaints.per100mPremium": "high" | "low" | null, …}`);
 * a plain boolean is accepted too.
 */
function outlier(v: unknown): boolean | null {
  const flagged = (x: unknown) =>
    x === true || (typeof x === 'string' && x !== '' && x !== 'none' && x !== 'false');
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return flagged(v);
  const o = obj(v);
  if (!o) return null;
  if ('complaints.per100mPremium' in o) return flagged(o['complaints.per100mPremium']);
  return Object.values(o).some(flagged);
}

export interface OrgInfo {
  name: string;
  group: OrgGroup;
  foundedOn: string | null;
}

/**
 * The stats feature's answer for one group, typed: every METRICS.md key present (null when missing).
 * `orgs` fills in what the answer may leave out (founding date, name) from the organisation register.
 */
export function normalizePeriodStats(
  raw: unknown,
  period: string,
  group: OrgGroup,
  orgs: ReadonlyMap<string, OrgInfo> = new Map(),
): PeriodStats {
  const r = obj(raw);
  const industry = obj(r?.['industry']);
  const list = Array.isArray(r?.['companies']) ? (r['companies'] as unknown[]) : [];
  const companies: CompanyStats[] = [];
  for (const item of list) {
    const c = obj(item);
    const orgCode = str(c?.['orgCode']);
    if (!c || !orgCode) continue;
    const info = orgs.get(orgCode);
    if (info && info.group !== group) continue;
    const p = obj(c['profile']);
    companies.push({
      orgCode,
      name: str(c['name']) ?? info?.name ?? orgCode,
      rank: fig(c['rank']),
      outlier: outlier(c['outlier']),
      foundedOn: str(p?.['foundedOn']) ?? str(c['foundedOn']) ?? info?.foundedOn ?? null,
      profile: profile(c['profile']),
      callbacks: callbacks(c['callbacks']),
      complaints: complaints(c['complaints']),
    });
  }
  return {
    period: str(r?.['period']) ?? period,
    group,
    industry: {
      profile: profile(industry?.['profile']),
      callbacks: callbacks(industry?.['callbacks']),
      complaints: complaints(industry?.['complaints']),
      medians: Object.fromEntries(
        Object.entries(obj(industry?.['medians']) ?? {}).map(([k, v]) => [k, fig(v)]),
      ),
    },
    companies,
  };
}
