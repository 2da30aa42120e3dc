/**
 * The Handlebars data of `templates/self-inspection/document.hbs`, from a version's snapshot: every figure
 * labelled and formatted as METRICS.md says (percentages with two decimals, "—" for a missing figure),
 * so the template only places text.
 */
import { CHANNEL, PRODUCT_TYPE } from '@portal/reporting-standard';
import { DASH, formatNumber, formatPercent } from '../pdf/helpers';
import { figureAt } from './execution';
import {
  REVIEW_PROBLEMS,
  type Execution,
  type MeasureStatus,
  type VersionContent,
} from './self-inspection.model';
import type { ChannelGroup, ProductGroup } from './sampling';

type Format = 'count' | 'pct' | 'dec2';

/** Figures of section 1, in display order: METRICS.md key, Chinese and English label, format. */
export const FIGURES: readonly { key: string; zh: string; en: string; format: Format }[] = [
  { key: 'callbacks.due', zh: '应访量', en: 'Due', format: 'count' },
  { key: 'callbacks.succeeded', zh: '成功量', en: 'Succeeded', format: 'count' },
  { key: 'callbacks.refused', zh: '拒访量', en: 'Refused', format: 'count' },
  {
    key: 'callbacks.cancelledBefore',
    zh: '回访前撤、退保量',
    en: 'Cancelled before callback',
    format: 'count',
  },
  { key: 'callbacks.notAttempted', zh: '未回访量', en: 'Not attempted', format: 'count' },
  { key: 'callbacks.successRate', zh: '回访成功率', en: 'Success rate', format: 'pct' },
  { key: 'callbacks.onTime', zh: '犹豫期内成功量', en: 'Succeeded within cooling-off', format: 'count' },
  { key: 'callbacks.onTimeRate', zh: '犹豫期内回访成功率', en: 'On-time rate', format: 'pct' },
  { key: 'callbacks.byMethod.phone', zh: '电话回访成功量', en: 'By phone', format: 'count' },
  { key: 'callbacks.byMethod.electronic', zh: '电子化回访成功量', en: 'Electronic', format: 'count' },
  { key: 'callbacks.byMethod.visit', zh: '上门回访成功量', en: 'By visit', format: 'count' },
  { key: 'callbacks.byMethod.letter', zh: '信函回访成功量', en: 'By letter', format: 'count' },
  { key: 'callbacks.visitLetterShare', zh: '上门及信函占比', en: 'Visit and letter share', format: 'pct' },
  { key: 'callbacks.problemsFound', zh: '发现问题件数', en: 'Problems found', format: 'count' },
  { key: 'callbacks.problemsResolved', zh: '问题处理完成件数', en: 'Problems resolved', format: 'count' },
  { key: 'callbacks.misleadingFound', zh: '发现销售误导件数', en: 'Misleading sales found', format: 'count' },
  { key: 'complaints.total', zh: '投诉总量', en: 'Complaints', format: 'count' },
  { key: 'complaints.share', zh: '占行业投诉量比例', en: 'Share of the group', format: 'pct' },
  { key: 'complaints.per100mPremium', zh: '亿元保费投诉量', en: 'Per 100M yuan premium', format: 'dec2' },
  { key: 'complaints.per10kPolicies', zh: '万张保单投诉量', en: 'Per 10k policies', format: 'dec2' },
  { key: 'complaints.per10kInsured', zh: '万人次投诉量', en: 'Per 10k insured', format: 'dec2' },
  { key: 'complaints.decidedWithinLimit', zh: '按时处理率', en: 'Decided on time', format: 'pct' },
  { key: 'complaints.upheldRate', zh: '支持率', en: 'Upheld rate', format: 'pct' },
  { key: 'complaints.repeatRate', zh: '重复投诉率', en: 'Repeat rate', format: 'pct' },
  { key: 'complaints.forwarded.total', zh: '监管转办量', en: 'Forwarded by the regulator', format: 'count' },
  {
    key: 'complaints.forwarded.onTime',
    zh: '转办按时办结量',
    en: 'Forwarded, handled on time',
    format: 'count',
  },
  { key: 'complaints.forwarded.callbackRate', zh: '转办回访率', en: 'Forwarded, called back', format: 'pct' },
  { key: 'complaints.satisfiedRate', zh: '回访满意率', en: 'Satisfied rate', format: 'pct' },
  { key: 'complaints.complaintIndex', zh: '投诉指数', en: 'Complaint index', format: 'dec2' },
];

const FIGURE = new Map(FIGURES.map((f) => [f.key, f]));

export function formatFigure(value: number | null, format: Format): string {
  if (format === 'pct') return formatPercent(value);
  if (format === 'dec2') return formatNumber(value, 2);
  return formatNumber(value);
}

export const CHANNEL_GROUP_LABELS: Record<ChannelGroup, string> = {
  agent: '个人代理',
  bancassurance: '银行邮政代理',
  other: '其他渠道',
};
export const PRODUCT_GROUP_LABELS: Record<ProductGroup, string> = {
  dividend: '分红型',
  universal: '万能型',
  unit_linked: '投资连结型',
  other: '其他产品',
};
const MEASURE_STATUS_LABELS: Record<MeasureStatus, string> = {
  planned: '计划中',
  in_progress: '整改中',
  done: '已完成',
};
const SEVERITY_LABELS: Record<string, string> = { error: '错误', warning: '警示', finding: '违规' };
const KIND_LABELS: Record<string, string> = {
  callbacks: '回访明细',
  complaints: '投诉明细',
  profile: '经营数据',
};
const GROUP_LABELS = { life: '人身险公司', property: '财产险公司' } as const;

/** "2026H1" → "2026年上半年". */
export function periodLabel(code: string): string {
  const m = /^(\d{4})H([12])$/.exec(code);
  return m ? `${m[1]}年${m[2] === '1' ? '上' : '下'}半年` : code;
}

function figureRows(execution: Execution, prefix: 'callbacks.' | 'complaints.') {
  return FIGURES.filter((f) => f.key.startsWith(prefix)).map((f) => ({
    key: f.key,
    label: f.zh,
    value: formatFigure(figureAt(execution, f.key), f.format),
  }));
}

function labelOf(codes: { values: readonly { code: string; label: string }[] }, code: string): string {
  return codes.values.find((v) => v.code === code)?.label ?? code;
}

/** The title of a report's document. */
export function reportTitle(content: Pick<VersionContent, 'org' | 'period'>): string {
  return `${content.org.name}关于${periodLabel(content.period)}新单回访规定执行情况的自查报告`;
}

export function reportView(c: VersionContent): Record<string, unknown> {
  const e = c.execution;
  const callbacks = figureRows(e, 'callbacks.');
  const value = (key: string) => formatFigure(figureAt(e, key), FIGURE.get(key)?.format ?? 'count');
  const findingRules = e.rules.filter((r) => r.scope !== 'company');
  const companyRules = e.rules.filter((r) => r.scope === 'company');
  const sample = c.sample;
  return {
    title: reportTitle(c),
    meta: {
      orgName: c.org.name,
      orgCode: c.org.code,
      groupLabel: GROUP_LABELS[c.org.group],
      periodLabel: periodLabel(c.period),
      period: c.period,
      noticeTitle: c.notice.title,
      scope: c.notice.scope,
      deadline: c.notice.deadline,
      version: c.version,
      reportId: c.reportId,
      catalogVersion: e.catalogVersion,
      computedAt: e.computedAt,
      answers: c.answers,
    },
    execution: {
      available: e.available,
      summary: {
        due: value('callbacks.due'),
        succeeded: value('callbacks.succeeded'),
        successRate: value('callbacks.successRate'),
        onTimeRate: value('callbacks.onTimeRate'),
        visitLetterShare: value('callbacks.visitLetterShare'),
        problemsFound: value('callbacks.problemsFound'),
        problemsResolved: value('callbacks.problemsResolved'),
        complaintsTotal: value('complaints.total'),
      },
      callbacks,
      complaints: figureRows(e, 'complaints.'),
      rules: findingRules.map((r) => ({
        code: r.code,
        title: r.title.zh,
        severity: SEVERITY_LABELS[r.severity] ?? r.severity,
        citation: r.citation.zh,
        count: formatNumber(r.count),
      })),
      companyRules: companyRules.map((r) => ({
        code: r.code,
        title: r.title.zh,
        citation: r.citation.zh,
        result: r.count === null ? DASH : r.count > 0 ? '未达标' : '达标',
      })),
      comparison: e.comparison.map((x) => {
        const f = FIGURE.get(x.key);
        return {
          label: f?.zh ?? x.key,
          value: formatFigure(x.value, f?.format ?? 'dec2'),
          median: formatFigure(x.groupMedian, f?.format ?? 'dec2'),
          position: x.worseThanMedian === null ? DASH : x.worseThanMedian ? '劣于中位数' : '不劣于中位数',
        };
      }),
      submissions: Object.entries(e.submissions).map(([kind, s]) => ({
        kind: KIND_LABELS[kind] ?? kind,
        version: s.version === null ? DASH : `第${s.version}版`,
        submittedAt: s.submittedAt,
      })),
    },
    sample: sample
      ? {
          seed: sample.seed,
          population: formatNumber(sample.population),
          size: formatNumber(sample.size),
          drawnAt: sample.drawnAt,
          minTermMonths: sample.minTermMonths,
          all: sample.size === sample.population,
          strata: sample.strata
            .filter((s) => s.population > 0)
            .map((s) => ({
              channel: CHANNEL_GROUP_LABELS[s.channelGroup],
              product: PRODUCT_GROUP_LABELS[s.productGroup],
              population: formatNumber(s.population),
              allocated: formatNumber(s.allocated),
              interval: s.interval === null ? DASH : formatNumber(s.interval, 2),
              reviewed: formatNumber(s.reviewed),
              nonCompliant: formatNumber(s.nonCompliant),
            })),
          outcomes: {
            compliant: formatNumber(sample.outcomes.compliant),
            nonCompliant: formatNumber(sample.outcomes.nonCompliant),
            pending: formatNumber(sample.outcomes.pending),
            nonCompliantRate: formatPercent(
              sample.size > 0 ? sample.outcomes.nonCompliant / sample.size : null,
            ),
          },
          byProblem: sample.byProblem.map((p) => ({ label: p.label.zh, count: formatNumber(p.count) })),
          byRule: sample.byRule.map((r) => ({ code: r.code, count: formatNumber(r.count) })),
          items: sample.nonCompliantItems.map((i) => ({
            itemNo: i.itemNo,
            rowNo: i.rowNo,
            policyNo: i.policyNo,
            problems: i.problemCodes.map((p) => REVIEW_PROBLEMS[p]?.zh ?? p).join('、'),
            rules: i.ruleCodes.join('、'),
            note: i.note ?? '',
          })),
        }
      : null,
    problems: c.problems.map((p, i) => ({
      no: i + 1,
      description: p.description,
      rules: p.ruleCodes.join('、'),
      refs: p.sampleRefs.join('、'),
    })),
    measures: c.measures.map((m, i) => ({
      no: i + 1,
      action: m.action,
      owner: m.owner,
      dueOn: m.dueOn,
      status: MEASURE_STATUS_LABELS[m.status],
    })),
    signer: c.signer,
  };
}

/** Labels of the channel and product codes, for the sample download. */
export const channelLabel = (code: string) => labelOf(CHANNEL, code);
export const productLabel = (code: string) => labelOf(PRODUCT_TYPE, code);
