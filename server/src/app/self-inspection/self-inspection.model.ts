/**
 * The words of a self-inspection report (自查报告, METRICS.md "Self-inspection report"): section 1 (how the
 * new-business callback rules were executed, pre-filled from the submitted data), section 2 (the main
 * problems found), section 3 (rectification measures), the recording-review sample and the sign-off.
 */
import type { Bilingual } from '@portal/reporting-standard';
import type { ChannelGroup, ProductGroup, StratumPlan } from './sampling';

export const MEASURE_STATUSES = ['planned', 'in_progress', 'done'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

export const REVIEW_OUTCOMES = ['compliant', 'non_compliant'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/**
 * What a recording review can turn up (回访质量抽检), from the callback rules the recordings and files are
 * checked against (基本服务规定 第十五条, 电子化回访通知 四–六, 中国人寿客户回访管理办法 第五条).
 */
export const REVIEW_PROBLEMS: Readonly<Record<string, Bilingual>> = Object.freeze({
  recording_missing: { zh: '录音缺失', en: 'recording missing' },
  recording_incomplete: { zh: '录音不完整或无法播放', en: 'recording incomplete or unplayable' },
  content_incomplete: { zh: '回访内容未逐项确认', en: 'callback content not confirmed item by item' },
  identity_not_verified: { zh: '未核实投保人身份', en: 'policyholder identity not verified' },
  receipt_missing: { zh: '签名回执缺失', en: 'signed receipt missing' },
  caller_is_sales: { zh: '回访人员为销售人员', en: 'callback made by the seller' },
  outside_cooling_off: { zh: '未在犹豫期内完成回访', en: 'not completed within the cooling-off period' },
  problem_not_handled: { zh: '发现的问题未及时处理', en: 'problem found but not handled in time' },
  misleading_not_corrected: { zh: '销售误导未纠正', en: 'misleading sale not corrected' },
  data_mismatch: { zh: '报送数据与录音或档案不一致', en: 'reported data differ from the recording or file' },
  other: { zh: '其他', en: 'other' },
});
export const REVIEW_PROBLEM_CODES: readonly string[] = Object.keys(REVIEW_PROBLEMS);

/** Section 2: one problem found by the self-inspection. */
export interface Problem {
  description: string;
  /** Rule codes of the catalog the problem concerns (e.g. CB-04). */
  ruleCodes: string[];
  /** Policy numbers of sampled callbacks that show it. */
  sampleRefs: string[];
}

/** Section 3: one rectification measure. */
export interface Measure {
  action: string;
  /** The department or title responsible (never a person's contact data). */
  owner: string;
  dueOn: string;
  status: MeasureStatus;
}

/** A rule of the catalog with the insurer's count for the period. */
export interface RuleFinding {
  code: string;
  title: Bilingual;
  severity: string;
  scope: string;
  citation: Bilingual;
  /** Rows that broke it (record rules) or 1/0 found (company rules); null when the data are missing. */
  count: number | null;
}

/** A compared figure against the median of the insurer's group. */
export interface Comparison {
  key: string;
  value: number | null;
  groupMedian: number | null;
  worse: 'high' | 'low';
  /** true when the insurer is on the bad side of the median; null when either is missing. */
  worseThanMedian: boolean | null;
}

type Figures = { [key: string]: number | string | null | Figures };

/** Section 1, pre-filled from the insurer's latest submitted data (StatsService.companyStats). */
export interface Execution {
  /** false when the insurer has no statistics for the period (nothing submitted): every figure is null. */
  available: boolean;
  name: string;
  group: 'life' | 'property';
  callbacks: Figures;
  complaints: Figures;
  findings: Record<string, number | null>;
  rules: RuleFinding[];
  comparison: Comparison[];
  /** The submitted versions the figures come from, per kind. */
  submissions: Record<
    string,
    { submissionId: string | null; version: number | null; submittedAt: string | null }
  >;
  catalogVersion: number;
  computedAt: string | null;
}

export interface StratumSummary extends StratumPlan {
  reviewed: number;
  nonCompliant: number;
}

/** What the recording review turned up (feeds section 2). */
export interface SampleSummary {
  seed: string;
  submissionId: string;
  drawnAt: string;
  drawnBy: string;
  minTermMonths: number;
  population: number;
  size: number;
  strata: StratumSummary[];
  outcomes: { pending: number; compliant: number; nonCompliant: number };
  /** Non-compliant items per problem code (an item may have several). */
  byProblem: { code: string; label: Bilingual; count: number }[];
  /** Non-compliant items per rule code. */
  byRule: { code: string; count: number }[];
  /** The non-compliant items (at most 200, in list order). */
  nonCompliantItems: {
    itemNo: number;
    rowNo: number;
    policyNo: string;
    problemCodes: string[];
    ruleCodes: string[];
    note: string | null;
  }[];
}

export interface Signer {
  name: string;
  title: string;
  signedBy: string;
  signedAt: string;
}

/** Everything a signed version shows: the snapshot the PDF is rendered from. */
export interface VersionContent {
  reportId: string;
  version: number;
  notice: { id: string; title: string; scope: string; deadline: string; createdAt: string };
  org: { code: string; name: string; group: 'life' | 'property' };
  period: string;
  execution: Execution;
  problems: Problem[];
  measures: Measure[];
  sample: SampleSummary | null;
  signer: Signer;
  /** Comments of the previous version's return, if any (what this version answers). */
  answers: { version: number; comments: string | null } | null;
}

export type { ChannelGroup, ProductGroup };
