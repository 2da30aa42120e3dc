import {
  CALLBACK_METHODS,
  COMPLAINT_CATEGORIES,
  type CompanyStats,
  type ComplaintCategory,
  type Figure,
  type OrgGroup,
  type PeriodStats,
} from './bulletin-data';
import { csvField } from '../common/spreadsheet-cell';

/**
 * What a bulletin says, computed once from the statistics when it is rendered and stored with it (jsonb):
 * the PDF, the CSV and the JSON of a bulletin are all made from this snapshot, so they always agree, and a
 * published bulletin never changes when later submissions change the statistics. Pure functions only.
 */
export const GROUP_LABELS: Record<OrgGroup, string> = { life: '人身险公司', property: '财产险公司' };
export const CATEGORY_LABELS: Record<ComplaintCategory, string> = {
  sales: '销售纠纷',
  claims: '理赔纠纷',
  surrender: '退保纠纷',
  policy_service: '保全及保单服务',
  premium: '续期收费',
  callback: '回访',
  service_quality: '服务质量',
  other: '其他',
};

export interface BulletinMeta {
  period: string;
  periodLabel: string;
  previousPeriod: string;
  previousPeriodLabel: string;
  /** H2 bulletins also carry full-year figures (H1 + H2). */
  fullYear: boolean;
  edition: number;
  title: string;
  documentNo: string | null;
  issuer: string;
  issuedOn: string;
  catalogVersion: number;
  /** When the statistics were read: later submissions are not in this bulletin. */
  dataCutoff: string;
  replaces: { id: string; edition: number } | null;
}

export interface Thresholds {
  /** CB-C1: new-business callback success rate at least this (0.9). */
  minSuccessRate: number;
  /** CB-C2: visit + letter share of successful callbacks at most this (0.1). */
  maxVisitLetterShare: number;
  /** CP-C1: forwarded complaints called back at least this share (1). */
  minForwardedCallbackRate: number;
}

export interface IndustryTotals {
  companies: number;
  premiumIncome: Figure;
  complaintsTotal: Figure;
  per100mPremium: Figure;
  byCategory: Record<ComplaintCategory, Figure>;
  forwardedTotal: Figure;
  forwardedOnTime: Figure;
  callbacksDue: Figure;
  callbacksSucceeded: Figure;
  successRate: Figure;
  onTimeRate: Figure;
  visitLetterShare: Figure;
}

export interface NamedFigure {
  orgCode: string;
  name: string;
  value: Figure;
}

export interface GroupSection {
  group: OrgGroup;
  label: string;
  industry: IndustryTotals;
  previous: IndustryTotals | null;
  /** H2 only: H1 + H2 counts and the rates recomputed from them. */
  fullYear: IndustryTotals | null;
  change: {
    complaintsTotal: Figure;
    complaintsTotalRatio: Figure;
    per100mPremium: Figure;
    successRate: Figure;
    callbacksDue: Figure;
  };
  mainCategories: { category: ComplaintCategory; label: string; count: Figure; share: Figure }[];
  medians: {
    per100mPremium: Figure;
    successRate: Figure;
    visitLetterShare: Figure;
    satisfiedRate: Figure;
    decidedWithinLimit: Figure;
  };
  companies: CompanyStats[];
  topComplaints: NamedFigure[];
  belowSuccessLine: NamedFigure[];
  aboveVisitLetterLine: NamedFigure[];
  forwardedNotAllCalledBack: NamedFigure[];
  outliers: NamedFigure[];
  /** Insurers with new-business callbacks in scope (property insurers usually have none). */
  callbackCompanies: CompanyStats[];
}

/** A company-level rule the bulletin applies, with its legal basis (from the catalog version used). */
export interface RuleReference {
  code: string;
  title: string;
  citation: string;
}

export interface BulletinContent {
  meta: BulletinMeta;
  thresholds: Thresholds;
  rules: RuleReference[];
  groups: GroupSection[];
  inspectionFindings: string | null;
}

// ---- periods ----------------------------------------------------------------------------------------------

const PERIOD = /^(\d{4})H([12])$/;

export function periodLabel(period: string): string {
  const m = PERIOD.exec(period);
  if (!m) return period;
  return `${m[1]}年${m[2] === '1' ? '上半年' : '下半年'}`;
}

export function previousPeriod(period: string): string {
  const m = PERIOD.exec(period);
  if (!m) throw new Error(`invalid period ${period}`);
  return m[2] === '1' ? `${Number(m[1]) - 1}H2` : `${m[1]}H1`;
}

export function defaultTitle(period: string): string {
  return `关于${periodLabel(period)}保险消费投诉及回访情况的通报`;
}

// ---- figures ----------------------------------------------------------------------------------------------

const sum = (values: Figure[]): Figure => {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) : null;
};
const ratio = (a: Figure, b: Figure): Figure => (a === null || b === null || b === 0 ? null : a / b);
const diff = (a: Figure, b: Figure): Figure => (a === null || b === null ? null : a - b);

export function median(values: Figure[]): Figure {
  const v = values.filter((x): x is number => x !== null).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** Industry totals: the stats' industry block where it has the figure, otherwise the sum over insurers. */
export function industryTotals(s: PeriodStats): IndustryTotals {
  const ind = s.industry;
  const cs = s.companies;
  const premiumIncome = ind.profile.premiumIncome ?? sum(cs.map((c) => c.profile.premiumIncome));
  const complaintsTotal = ind.complaints.total ?? sum(cs.map((c) => c.complaints.total));
  const due = ind.callbacks.due ?? sum(cs.map((c) => c.callbacks.due));
  const succeeded = ind.callbacks.succeeded ?? sum(cs.map((c) => c.callbacks.succeeded));
  const refused = ind.callbacks.refused ?? sum(cs.map((c) => c.callbacks.refused));
  const cancelled = ind.callbacks.cancelledBefore ?? sum(cs.map((c) => c.callbacks.cancelledBefore));
  const onTime = ind.callbacks.onTime ?? sum(cs.map((c) => c.callbacks.onTime));
  const visitLetter = sum([
    ind.callbacks.byMethod.visit ?? sum(cs.map((c) => c.callbacks.byMethod.visit)),
    ind.callbacks.byMethod.letter ?? sum(cs.map((c) => c.callbacks.byMethod.letter)),
  ]);
  const reachable = due === null ? null : due - (refused ?? 0) - (cancelled ?? 0);
  return {
    companies: cs.length,
    premiumIncome,
    complaintsTotal,
    per100mPremium:
      ind.complaints.per100mPremium ??
      ratio(complaintsTotal, premiumIncome === null ? null : premiumIncome / 10_000),
    byCategory: Object.fromEntries(
      COMPLAINT_CATEGORIES.map((k) => [
        k,
        ind.complaints.byCategory[k] ?? sum(cs.map((c) => c.complaints.byCategory[k])),
      ]),
    ) as Record<ComplaintCategory, Figure>,
    forwardedTotal: ind.complaints.forwarded.total ?? sum(cs.map((c) => c.complaints.forwarded.total)),
    forwardedOnTime: ind.complaints.forwarded.onTime ?? sum(cs.map((c) => c.complaints.forwarded.onTime)),
    callbacksDue: due,
    callbacksSucceeded: succeeded,
    successRate: ind.callbacks.successRate ?? ratio(succeeded, reachable),
    onTimeRate: ind.callbacks.onTimeRate ?? ratio(onTime, reachable),
    visitLetterShare: ind.callbacks.visitLetterShare ?? ratio(visitLetter, succeeded),
  };
}

/** H1 + H2 counts, with the rates recomputed from the summed counts (never averaged). */
function addTotals(a: IndustryTotals, b: IndustryTotals): IndustryTotals {
  const plus = (x: Figure, y: Figure) => sum([x, y]);
  const complaintsTotal = plus(a.complaintsTotal, b.complaintsTotal);
  const premiumIncome = plus(a.premiumIncome, b.premiumIncome);
  const due = plus(a.callbacksDue, b.callbacksDue);
  const succeeded = plus(a.callbacksSucceeded, b.callbacksSucceeded);
  // Success rates cannot be summed; weight each half's rate by its reachable base (succeeded ÷ rate).
  const base = (t: IndustryTotals) => ratio(t.callbacksSucceeded, t.successRate);
  const reachable = plus(base(a), base(b));
  return {
    companies: Math.max(a.companies, b.companies),
    premiumIncome,
    complaintsTotal,
    per100mPremium: ratio(complaintsTotal, premiumIncome === null ? null : premiumIncome / 10_000),
    byCategory: Object.fromEntries(
      COMPLAINT_CATEGORIES.map((k) => [k, plus(a.byCategory[k], b.byCategory[k])]),
    ) as Record<ComplaintCategory, Figure>,
    forwardedTotal: plus(a.forwardedTotal, b.forwardedTotal),
    forwardedOnTime: plus(a.forwardedOnTime, b.forwardedOnTime),
    callbacksDue: due,
    callbacksSucceeded: succeeded,
    successRate: ratio(succeeded, reachable),
    onTimeRate: null,
    visitLetterShare: null,
  };
}

/** Ranked insurers first (by rank), then the unranked ones by complaints per premium, then by name. */
export function orderCompanies(cs: CompanyStats[]): CompanyStats[] {
  const key = (v: Figure) => (v === null ? Number.POSITIVE_INFINITY : v);
  return [...cs].sort(
    (a, b) =>
      key(a.rank) - key(b.rank) ||
      key(a.complaints.per100mPremium) - key(b.complaints.per100mPremium) ||
      a.orgCode.localeCompare(b.orgCode),
  );
}

const named = (c: CompanyStats, value: Figure): NamedFigure => ({ orgCode: c.orgCode, name: c.name, value });

function groupSection(
  current: PeriodStats,
  previous: PeriodStats | null,
  thresholds: Thresholds,
  fullYear: boolean,
): GroupSection {
  const industry = industryTotals(current);
  const prev = previous && previous.companies.length ? industryTotals(previous) : null;
  const cs = orderCompanies(current.companies);
  const total = industry.complaintsTotal;
  const mainCategories = COMPLAINT_CATEGORIES.map((category) => ({
    category,
    label: CATEGORY_LABELS[category],
    count: industry.byCategory[category],
    share: ratio(industry.byCategory[category], total),
  }))
    .filter((c) => (c.count ?? 0) > 0)
    .sort((a, b) => (b.count ?? 0) - (a.count ?? 0));
  const med = (key: string, pick: (c: CompanyStats) => Figure): Figure =>
    key in current.industry.medians ? current.industry.medians[key] : median(cs.map(pick));
  const worst = (pick: (c: CompanyStats) => Figure, order: 'desc' | 'asc', keep: (v: number) => boolean) =>
    cs
      .map((c) => named(c, pick(c)))
      .filter((n): n is NamedFigure & { value: number } => n.value !== null && keep(n.value))
      .sort(
        (a, b) =>
          (order === 'desc' ? b.value - a.value : a.value - b.value) || a.orgCode.localeCompare(b.orgCode),
      );
  return {
    group: current.group,
    label: GROUP_LABELS[current.group],
    industry,
    previous: prev,
    fullYear: fullYear && prev ? addTotals(prev, industry) : null,
    change: {
      complaintsTotal: diff(industry.complaintsTotal, prev?.complaintsTotal ?? null),
      complaintsTotalRatio: ratio(
        diff(industry.complaintsTotal, prev?.complaintsTotal ?? null),
        prev?.complaintsTotal ?? null,
      ),
      per100mPremium: diff(industry.per100mPremium, prev?.per100mPremium ?? null),
      successRate: diff(industry.successRate, prev?.successRate ?? null),
      callbacksDue: diff(industry.callbacksDue, prev?.callbacksDue ?? null),
    },
    mainCategories,
    // The stats' own group medians where they give them (the same definition), else computed here.
    medians: {
      per100mPremium: med('complaints.per100mPremium', (c) => c.complaints.per100mPremium),
      successRate: med('callbacks.successRate', (c) => c.callbacks.successRate),
      visitLetterShare: med('callbacks.visitLetterShare', (c) => c.callbacks.visitLetterShare),
      satisfiedRate: med('complaints.satisfiedRate', (c) => c.complaints.satisfiedRate),
      decidedWithinLimit: med('complaints.decidedWithinLimit', (c) => c.complaints.decidedWithinLimit),
    },
    companies: cs,
    topComplaints: worst(
      (c) => c.complaints.total,
      'desc',
      () => true,
    ).slice(0, 10),
    belowSuccessLine: worst(
      (c) => c.callbacks.successRate,
      'asc',
      (v) => v < thresholds.minSuccessRate,
    ),
    aboveVisitLetterLine: worst(
      (c) => c.callbacks.visitLetterShare,
      'desc',
      (v) => v > thresholds.maxVisitLetterShare,
    ),
    forwardedNotAllCalledBack: worst(
      (c) => c.complaints.forwarded.callbackRate,
      'asc',
      (v) => v < thresholds.minForwardedCallbackRate,
    ),
    outliers: cs.filter((c) => c.outlier === true).map((c) => named(c, c.complaints.per100mPremium)),
    callbackCompanies: cs.filter((c) => (c.callbacks.due ?? 0) > 0),
  };
}

export function buildBulletinContent(input: {
  meta: Omit<BulletinMeta, 'periodLabel' | 'previousPeriod' | 'previousPeriodLabel' | 'fullYear'>;
  thresholds: Thresholds;
  rules: RuleReference[];
  current: PeriodStats[];
  previous: PeriodStats[];
  inspectionFindings: string | null;
}): BulletinContent {
  const prevPeriod = previousPeriod(input.meta.period);
  const fullYear = input.meta.period.endsWith('H2');
  return {
    meta: {
      ...input.meta,
      periodLabel: periodLabel(input.meta.period),
      previousPeriod: prevPeriod,
      previousPeriodLabel: periodLabel(prevPeriod),
      fullYear,
    },
    thresholds: input.thresholds,
    rules: input.rules,
    groups: input.current.map((cur) =>
      groupSection(
        cur,
        input.previous.find((p) => p.group === cur.group) ?? null,
        input.thresholds,
        fullYear,
      ),
    ),
    inspectionFindings: input.inspectionFindings,
  };
}

// ---- open data ------------------------------------------------------------------------------------------

type Column = [
  header: string,
  pick: (c: CompanyStats & { group: OrgGroup }) => string | number | boolean | null,
];

/** The CSV's columns: orgCode, name, then every figure of the tables (METRICS.md keys, rates unrounded). */
export const CSV_COLUMNS: Column[] = [
  ['orgCode', (c) => c.orgCode],
  ['name', (c) => c.name],
  ['group', (c) => c.group],
  ['foundedOn', (c) => c.foundedOn],
  ['rank', (c) => c.rank],
  ['outlier', (c) => c.outlier],
  ['profile.premiumIncome', (c) => c.profile.premiumIncome],
  ['profile.marketShare', (c) => c.profile.marketShare],
  ['profile.newPolicies', (c) => c.profile.newPolicies],
  ['profile.policiesInForce', (c) => c.profile.policiesInForce],
  ['profile.insuredPersons', (c) => c.profile.insuredPersons],
  ['profile.salesStaff', (c) => c.profile.salesStaff],
  ['complaints.total', (c) => c.complaints.total],
  ['complaints.share', (c) => c.complaints.share],
  ['complaints.per100mPremium', (c) => c.complaints.per100mPremium],
  ['complaints.per10kPolicies', (c) => c.complaints.per10kPolicies],
  ['complaints.per10kInsured', (c) => c.complaints.per10kInsured],
  ['complaints.complaintIndex', (c) => c.complaints.complaintIndex],
  ...COMPLAINT_CATEGORIES.map(
    (k): Column => [`complaints.byCategory.${k}`, (c) => c.complaints.byCategory[k]],
  ),
  ['complaints.decidedWithinLimit', (c) => c.complaints.decidedWithinLimit],
  ['complaints.upheldRate', (c) => c.complaints.upheldRate],
  ['complaints.repeatRate', (c) => c.complaints.repeatRate],
  ['complaints.satisfiedRate', (c) => c.complaints.satisfiedRate],
  ['complaints.forwarded.total', (c) => c.complaints.forwarded.total],
  ['complaints.forwarded.onTime', (c) => c.complaints.forwarded.onTime],
  ['complaints.forwarded.callbackRate', (c) => c.complaints.forwarded.callbackRate],
  ['callbacks.due', (c) => c.callbacks.due],
  ['callbacks.succeeded', (c) => c.callbacks.succeeded],
  ['callbacks.refused', (c) => c.callbacks.refused],
  ['callbacks.cancelledBefore', (c) => c.callbacks.cancelledBefore],
  ['callbacks.notAttempted', (c) => c.callbacks.notAttempted],
  ['callbacks.successRate', (c) => c.callbacks.successRate],
  ['callbacks.onTime', (c) => c.callbacks.onTime],
  ['callbacks.onTimeRate', (c) => c.callbacks.onTimeRate],
  ...CALLBACK_METHODS.map((k): Column => [`callbacks.byMethod.${k}`, (c) => c.callbacks.byMethod[k]]),
  ['callbacks.visitLetterShare', (c) => c.callbacks.visitLetterShare],
  ['callbacks.problemsFound', (c) => c.callbacks.problemsFound],
  ['callbacks.problemsResolved', (c) => c.callbacks.problemsResolved],
  ['callbacks.misleadingFound', (c) => c.callbacks.misleadingFound],
];

export function allCompanies(content: BulletinContent): (CompanyStats & { group: OrgGroup })[] {
  return content.groups.flatMap((g) => g.companies.map((c) => ({ ...c, group: g.group })));
}

/** The tables as one CSV (UTF-8, CRLF, header row, one row per insurer); unrounded rates, empty = null. */
export function bulletinCsv(content: BulletinContent): Buffer {
  const lines = [CSV_COLUMNS.map(([h]) => h).join(',')];
  for (const c of allCompanies(content))
    lines.push(CSV_COLUMNS.map(([, pick]) => csvField(pick(c))).join(','));
  return Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
}

/** The tables as JSON: the bulletin's identity, each group's industry figures and every insurer's figures. */
export function bulletinJson(
  content: BulletinContent,
  ids: { id: string; publishedAt: string; pdfSha256: string },
): Buffer {
  const doc = {
    bulletin: {
      id: ids.id,
      period: content.meta.period,
      edition: content.meta.edition,
      title: content.meta.title,
      documentNo: content.meta.documentNo,
      issuer: content.meta.issuer,
      issuedOn: content.meta.issuedOn,
      publishedAt: ids.publishedAt,
      pdfSha256: ids.pdfSha256,
      replaces: content.meta.replaces?.id ?? null,
      catalogVersion: content.meta.catalogVersion,
      dataCutoff: content.meta.dataCutoff,
      thresholds: content.thresholds,
    },
    groups: content.groups.map((g) => ({
      group: g.group,
      industry: g.industry,
      previousPeriod: g.previous ? { period: content.meta.previousPeriod, ...g.previous } : null,
      fullYear: g.fullYear,
      medians: g.medians,
    })),
    companies: allCompanies(content).map((c) => ({
      orgCode: c.orgCode,
      name: c.name,
      group: c.group,
      foundedOn: c.foundedOn,
      rank: c.rank,
      outlier: c.outlier,
      profile: c.profile,
      complaints: c.complaints,
      callbacks: c.callbacks,
    })),
    inspectionFindings: content.inspectionFindings,
  };
  return Buffer.from(JSON.stringify(doc, null, 2) + '\n', 'utf8');
}
