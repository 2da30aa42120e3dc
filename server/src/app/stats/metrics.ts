/**
 * The figures of METRICS.md as data: every key (flat, dot-separated, exactly the METRICS.md names), which of
 * them are counts (summed for a group) and which are rates (pooled from their numerator and denominator
 * for a group, compared by median, worst list and funnel plot), and the rule parameters the SQL needs.
 * The SQL (org-figures.sql.ts, group-figures.sql.ts) and the responses are both driven from here.
 */
import {
  CALLBACK_METHOD,
  COMPLAINT_CATEGORY,
  findRule,
  ruleApplies,
  type Catalog,
  type Kind,
  type Period,
} from '@portal/reporting-standard';

export type OrgGroup = 'life' | 'property';
export const ORG_GROUPS: readonly OrgGroup[] = ['life', 'property'];
export type GroupBlock = OrgGroup | 'all';

export const CALLBACK_METHODS = CALLBACK_METHOD.codes;
export const COMPLAINT_CATEGORIES = COMPLAINT_CATEGORY.codes;
export const OTHER_CALLBACK_TYPES = [
  'claim',
  'policy_service',
  'renewal',
  'orphan_policy',
  'satisfaction',
] as const;
export const COMPANY_RULES = ['CB-C1', 'CB-C2', 'CP-C1'] as const;

/** An insurer with fewer complaints than this is listed but not ranked (METRICS.md: default 30). */
export const MIN_COMPLAINTS_TO_RANK = 30;
/** Two-sided 99.8% funnel-plot control limits: the standard normal quantile Φ⁻¹(0.999). */
export const FUNNEL_Z = 3.090232306167813;

/** Bump when a formula changes: every stored figure is then recomputed on its next read. */
export const FORMULA_VERSION = 1;

/** `[flat key, sign, divisor]`: the term contributes sign × value ÷ divisor. */
export type Term = readonly [string, number, number];

export interface RateDef {
  readonly key: string;
  readonly num: readonly Term[];
  readonly den: readonly Term[];
  /** Which direction is worse (worst lists, outlier colouring). */
  readonly worse: 'high' | 'low';
  /** Funnel-plot model: binomial for a share of a count, Poisson for a count per exposure; null: no funnel. */
  readonly funnel: 'binomial' | 'poisson' | null;
  /** Compared across insurers (median, worst ten). */
  readonly compare: boolean;
}

const t = (key: string, sign = 1, divisor = 1): Term => [key, sign, divisor];
const eligible = (p: string): Term[] => [t(`${p}.due`), t(`${p}.refused`, -1), t(`${p}.cancelledBefore`, -1)];

/** Rates computed from counts of the same insurer (their group value is Σ numerator ÷ Σ denominator). */
export const RATE_DEFS: readonly RateDef[] = [
  {
    key: 'callbacks.successRate',
    num: [t('callbacks.succeeded')],
    den: eligible('callbacks'),
    worse: 'low',
    funnel: 'binomial',
    compare: true,
  },
  {
    key: 'callbacks.onTimeRate',
    num: [t('callbacks.onTime')],
    den: eligible('callbacks'),
    worse: 'low',
    funnel: 'binomial',
    compare: true,
  },
  {
    key: 'callbacks.visitLetterShare',
    num: [t('callbacks.byMethod.visit'), t('callbacks.byMethod.letter')],
    den: [t('callbacks.succeeded')],
    worse: 'high',
    funnel: 'binomial',
    compare: true,
  },
  ...OTHER_CALLBACK_TYPES.map(
    (type): RateDef => ({
      key: `callbacks.byType.${type}.successRate`,
      num: [t(`callbacks.byType.${type}.succeeded`)],
      den: [
        t(`callbacks.byType.${type}.count`),
        t(`callbacks.byType.${type}.refused`, -1),
        t(`callbacks.byType.${type}.cancelledBefore`, -1),
      ],
      worse: 'low',
      funnel: null,
      compare: false,
    }),
  ),
  {
    key: 'complaints.per100mPremium',
    num: [t('complaints.total')],
    den: [t('profile.premiumIncome', 1, 10000)],
    worse: 'high',
    funnel: 'poisson',
    compare: true,
  },
  {
    key: 'complaints.per10kPolicies',
    num: [t('complaints.total')],
    den: [t('profile.policiesInForce', 1, 10000)],
    worse: 'high',
    funnel: 'poisson',
    compare: true,
  },
  {
    key: 'complaints.per10kInsured',
    num: [t('complaints.total')],
    den: [t('profile.insuredPersons', 1, 10000)],
    worse: 'high',
    funnel: 'poisson',
    compare: true,
  },
  {
    key: 'complaints.decidedWithinLimit',
    num: [t('complaints.decidedWithinLimitCount')],
    den: [t('complaints.decided')],
    worse: 'low',
    funnel: 'binomial',
    compare: true,
  },
  {
    key: 'complaints.upheldRate',
    num: [t('complaints.upheld')],
    den: [t('complaints.decided')],
    worse: 'high',
    funnel: 'binomial',
    compare: true,
  },
  {
    key: 'complaints.repeatRate',
    num: [t('complaints.repeat')],
    den: [t('complaints.total')],
    worse: 'high',
    funnel: 'binomial',
    compare: true,
  },
  {
    key: 'complaints.forwarded.callbackRate',
    num: [t('complaints.forwarded.withCallback')],
    den: [t('complaints.forwarded.total')],
    worse: 'low',
    funnel: 'binomial',
    compare: true,
  },
  {
    key: 'complaints.satisfiedRate',
    num: [t('complaints.satisfied')],
    den: [t('complaints.calledBackReached')],
    worse: 'low',
    funnel: 'binomial',
    compare: true,
  },
];

/** Figures that need the insurer's group (computed in the group phase). */
export const GROUP_RELATIVE_KEYS = [
  'profile.marketShare',
  'complaints.share',
  'complaints.complaintIndex',
] as const;

/** Compared across insurers besides the rates: median and worst ten. */
export const EXTRA_COMPARED: readonly { key: string; worse: 'high' | 'low' }[] = [
  { key: 'complaints.complaintIndex', worse: 'high' },
];

/** Every compared key with its bad direction, in display order. */
export const COMPARED: readonly { key: string; worse: 'high' | 'low' }[] = [
  ...RATE_DEFS.filter((r) => r.compare).map((r) => ({ key: r.key, worse: r.worse })),
  ...EXTRA_COMPARED,
];

/** Non-count leaves: never summed for a group. */
export const NOT_SUMMED: readonly string[] = [
  ...RATE_DEFS.map((r) => r.key),
  ...GROUP_RELATIVE_KEYS,
  'profile.foundedOn',
];

/** Parameters of the figures, from the rule catalog in force (METRICS.md refers to the rules' parameters). */
export interface FigureParams {
  /** new-business scope: term_months > this (CB-C1's `minTermMonths`) */
  readonly minTermMonths: number;
  /** claim on-time: working days after case_closed_on (CL-01) */
  readonly claimWorkingDays: number;
  /** CP-01 limits in calendar days */
  readonly limitDays: number;
  readonly complexLimitDays: number;
  readonly especiallyComplexLimitDays: number;
  /** forwarded complaints: working days after forwarded_on (CP-02) */
  readonly forwardWorkingDays: number;
}

function param(catalog: Catalog, code: string, name: string, fallback: number): number {
  const v = findRule(catalog, code)?.params[name];
  return typeof v === 'number' ? v : fallback;
}

export function figureParams(catalog: Catalog): FigureParams {
  return {
    minTermMonths: param(catalog, 'CB-C1', 'minTermMonths', 12),
    claimWorkingDays: param(catalog, 'CL-01', 'claimCallbackWorkingDays', 5),
    limitDays: param(catalog, 'CP-01', 'limitDays', 15),
    complexLimitDays: param(catalog, 'CP-01', 'complexLimitDays', 30),
    especiallyComplexLimitDays: param(catalog, 'CP-01', 'especiallyComplexLimitDays', 60),
    forwardWorkingDays: param(catalog, 'CP-02', 'forwardWorkingDays', 15),
  };
}

/** Record-level rules of a kind (their counts are `{kind}.violations.{RULE}`); errors appear only when present. */
export function violationRules(catalog: Catalog, kind: Kind): { all: string[]; shown: string[] } {
  const rules = catalog.rules.filter((r) => r.scope === 'record' && r.kinds.includes(kind));
  return {
    all: rules.map((r) => r.code),
    shown: rules.filter((r) => r.severity !== 'error').map((r) => r.code),
  };
}

/** The rules counted in `findings`: every warning and finding (record, file and company level). */
export function findingRules(
  catalog: Catalog,
  period?: Period,
): { code: string; kinds: Kind[]; company: boolean }[] {
  return catalog.rules
    .filter((r) => r.severity !== 'error' && (r.scope !== 'company' || ruleApplies(r, period)))
    .map((r) => ({ code: r.code, kinds: [...r.kinds], company: r.scope === 'company' }));
}

/** Every flat key of an insurer's figures, in display order (the CSV columns, the null-filled response). */
export function companyKeys(catalog: Catalog, period?: Period): string[] {
  const keys: string[] = [
    'profile.premiumIncome',
    'profile.newPolicies',
    'profile.policiesInForce',
    'profile.insuredPersons',
    'profile.salesStaff',
    'profile.employees',
    'profile.marketShare',
    'profile.foundedOn',
    'callbacks.due',
    'callbacks.succeeded',
    'callbacks.refused',
    'callbacks.cancelledBefore',
    'callbacks.notAttempted',
    'callbacks.successRate',
    'callbacks.onTime',
    'callbacks.onTimeRate',
    ...CALLBACK_METHODS.map((m) => `callbacks.byMethod.${m}`),
    'callbacks.visitLetterShare',
    'callbacks.problemsFound',
    'callbacks.problemsResolved',
    'callbacks.misleadingFound',
    ...violationRules(catalog, 'callbacks').shown.map((r) => `callbacks.violations.${r}`),
  ];
  for (const type of OTHER_CALLBACK_TYPES) {
    for (const k of ['count', 'succeeded', 'refused', 'cancelledBefore', 'successRate']) {
      keys.push(`callbacks.byType.${type}.${k}`);
    }
    if (type === 'claim') keys.push('callbacks.byType.claim.onTime');
  }
  keys.push(
    'complaints.total',
    'complaints.share',
    'complaints.per100mPremium',
    'complaints.per10kPolicies',
    'complaints.per10kInsured',
    ...COMPLAINT_CATEGORIES.map((c) => `complaints.byCategory.${c}`),
    'complaints.decidedWithinLimit',
    'complaints.upheldRate',
    'complaints.repeatRate',
    'complaints.forwarded.total',
    'complaints.forwarded.onTime',
    'complaints.forwarded.callbackRate',
    'complaints.forwarded.withCallback',
    'complaints.satisfiedRate',
    'complaints.complaintIndex',
    'complaints.decided',
    'complaints.decidedWithinLimitCount',
    'complaints.upheld',
    'complaints.repeat',
    'complaints.calledBackReached',
    'complaints.satisfied',
    ...violationRules(catalog, 'complaints').shown.map((r) => `complaints.violations.${r}`),
    ...findingRules(catalog, period).map((r) => `findings.${r.code}`),
  );
  return keys;
}

export type Flat = Record<string, number | string | null>;
export type Nested = { [key: string]: number | string | null | Nested };

/** `{'a.b': 1, 'a.c': 2}` → `{a: {b: 1, c: 2}}`; keys absent from `flat` become null. Rule codes keep their dashes. */
export function unflatten(flat: Readonly<Flat>, keys: readonly string[], prefix = ''): Nested {
  const out: Nested = {};
  for (const key of keys) {
    if (prefix && !key.startsWith(prefix)) continue;
    const parts = key.slice(prefix.length).split('.');
    let node = out;
    for (let i = 0; i < parts.length - 1; i++) {
      const next = node[parts[i]];
      if (next === undefined || next === null || typeof next !== 'object') node[parts[i]] = {};
      node = node[parts[i]] as Nested;
    }
    const v = flat[key];
    node[parts[parts.length - 1]] = v === undefined ? null : v;
  }
  return out;
}

/** The half-year before `code` (H1 → previous year's H2, H2 → the same year's H1). */
export function previousPeriod(code: string): string {
  const year = Number(code.slice(0, 4));
  return code.endsWith('H1') ? `${year - 1}H2` : `${year}H1`;
}
