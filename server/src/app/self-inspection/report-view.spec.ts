import { CATALOG_V1 } from '@portal/reporting-standard';
import path from 'node:path';
import { TemplateEngine } from '../pdf/template-engine';
import type { CompanyStatsDto } from '../stats/stats.service';
import { buildExecution, emptyExecution, figureAt } from './execution';
import { FIGURES, formatFigure, periodLabel, reportView } from './report-view';
import { planSample } from './sampling';
import type { SampleSummary, VersionContent } from './self-inspection.model';

const TEMPLATES = path.resolve(__dirname, '../../../../templates');

function stats(): CompanyStatsDto {
  return {
    period: '2026H1',
    group: 'life',
    orgCode: '914403007109307395',
    name: '测试人寿保险股份有限公司',
    rank: 3,
    outlier: {},
    profile: {},
    callbacks: {
      due: 12345,
      succeeded: 11000,
      refused: 100,
      cancelledBefore: 45,
      notAttempted: 200,
      successRate: 0.937661104327771,
      onTime: 10500,
      onTimeRate: 0.8950819672131147,
      byMethod: { phone: 9000, electronic: 1500, visit: 300, letter: 200 },
      visitLetterShare: 0.045454545454545456,
      problemsFound: 80,
      problemsResolved: 70,
      misleadingFound: 12,
    },
    complaints: {
      total: 412,
      share: 0.1,
      per100mPremium: 3.456,
      per10kPolicies: 0.5,
      per10kInsured: null,
      decidedWithinLimit: 0.98,
      upheldRate: 0.4,
      repeatRate: 0.02,
      forwarded: { total: 9, onTime: 8, callbackRate: 1 },
      satisfiedRate: 0.9,
      complaintIndex: 1.2,
    },
    findings: { 'CB-04': 17, 'CB-01': 200, 'CB-C1': 0, 'CP-03': null },
    submissions: {
      callbacks: {
        status: 'on_time',
        dueOn: '2026-07-31',
        submissionId: 'a',
        version: 2,
        submittedAt: '2026-07-10T02:00:00.000Z',
      },
      complaints: {
        status: 'on_time',
        dueOn: '2026-07-31',
        submissionId: 'b',
        version: 1,
        submittedAt: '2026-07-10T02:00:00.000Z',
      },
      profile: { status: 'missing', dueOn: null, submissionId: null, version: null, submittedAt: null },
    },
    onTimeSubmissionRate: 0.6667,
    funnel: {},
    change: {},
    groupMedians: { 'callbacks.successRate': 0.95, 'complaints.per100mPremium': 2.5 },
    computedAt: '2026-07-11T00:00:00.000Z',
  };
}

function sample(): SampleSummary {
  const plan = planSample(
    's1',
    new Map([
      ['agent/dividend', 4000],
      ['bancassurance/universal', 1000],
    ]),
  );
  return {
    seed: 's1',
    submissionId: 'a',
    drawnAt: '2026-07-12T01:00:00.000Z',
    drawnBy: 'life-submitter',
    minTermMonths: 12,
    population: plan.population,
    size: plan.size,
    strata: plan.strata.map((s) => ({ ...s, reviewed: s.allocated, nonCompliant: s.population ? 1 : 0 })),
    outcomes: { pending: 0, compliant: 1198, nonCompliant: 2 },
    byProblem: [{ code: 'recording_missing', label: { zh: '录音缺失', en: 'recording missing' }, count: 2 }],
    byRule: [{ code: 'CB-04', count: 2 }],
    nonCompliantItems: [
      {
        itemNo: 5,
        rowNo: 77,
        policyNo: 'P-0005',
        problemCodes: ['recording_missing'],
        ruleCodes: ['CB-04'],
        note: '录音文件损坏',
      },
    ],
  };
}

function content(): VersionContent {
  return {
    reportId: '00000000-0000-4000-8000-000000000001',
    version: 2,
    notice: {
      id: '00000000-0000-4000-8000-000000000002',
      title: '关于开展新单回访自查的通知',
      scope: '第一段范围\n第二段范围',
      deadline: '2026-08-15',
      createdAt: '2026-07-01T00:00:00.000Z',
    },
    org: { code: '914403007109307395', name: '测试人寿保险股份有限公司', group: 'life' },
    period: '2026H1',
    execution: buildExecution(stats(), CATALOG_V1),
    problems: [
      { description: '录音缺失 <script>alert(1)</script>', ruleCodes: ['CB-04'], sampleRefs: ['P-0005'] },
    ],
    measures: [{ action: '完善录音归档', owner: '客户服务部', dueOn: '2026-09-30', status: 'in_progress' }],
    sample: sample(),
    signer: {
      name: '王明',
      title: '总经理',
      signedBy: 'life-approver',
      signedAt: '2026-07-20T02:30:00.000Z',
    },
    answers: { version: 1, comments: '请补充整改时限。' },
  };
}

describe('self-inspection report: section 1 and the document data', () => {
  it('takes the figures, each rule with its citation, and the group comparison', () => {
    const e = buildExecution(stats(), CATALOG_V1);
    expect(figureAt(e, 'callbacks.byMethod.visit')).toBe(300);
    expect(figureAt(e, 'complaints.forwarded.callbackRate')).toBe(1);
    expect(figureAt(e, 'complaints.nothing')).toBeNull();
    // Catalog order, with the citation of the catalog.
    expect(e.rules.map((r) => r.code)).toEqual(['CB-01', 'CB-04', 'CB-C1', 'CP-03']);
    const cb04 = e.rules.find((r) => r.code === 'CB-04');
    expect(cb04?.count).toBe(17);
    expect(cb04?.citation.zh).toContain('保险销售行为管理办法');
    const success = e.comparison.find((c) => c.key === 'callbacks.successRate');
    expect(success).toEqual({
      key: 'callbacks.successRate',
      value: 0.937661104327771,
      groupMedian: 0.95,
      worse: 'low',
      worseThanMedian: true,
    });
    const per100m = e.comparison.find((c) => c.key === 'complaints.per100mPremium');
    expect(per100m?.worseThanMedian).toBe(true);
    expect(e.comparison.find((c) => c.key === 'complaints.repeatRate')?.worseThanMedian).toBeNull();
    const empty = emptyExecution({ name: 'x', group: 'life' }, CATALOG_V1);
    expect(empty.available).toBe(false);
    expect(empty.comparison.every((c) => c.value === null)).toBe(true);
  });

  it('formats as METRICS.md says', () => {
    expect(formatFigure(0.937661104327771, 'pct')).toBe('93.77%');
    expect(formatFigure(12345, 'count')).toBe('12,345');
    expect(formatFigure(3.456, 'dec2')).toBe('3.46');
    expect(formatFigure(null, 'pct')).toBe('—');
    expect(periodLabel('2026H1')).toBe('2026年上半年');
    expect(periodLabel('2025H2')).toBe('2025年下半年');
    expect(new Set(FIGURES.map((f) => f.key)).size).toBe(FIGURES.length);
  });

  it('fills the template in strict mode with every section, figure and the signer, escaping free text', () => {
    const html = new TemplateEngine(TEMPLATES).html('self-inspection', reportView(content()));
    for (const text of [
      '一、新单回访规定执行情况',
      '二、自查发现的主要问题',
      '三、整改措施',
      '（一）回访质量抽检情况',
      '测试人寿保险股份有限公司关于2026年上半年新单回访规定执行情况的自查报告',
      '12,345',
      '93.77%',
      '89.51%',
      '95.00%',
      '劣于中位数',
      'CB-04',
      '17',
      '保险销售行为管理办法',
      '录音缺失',
      'P-0005',
      '完善录音归档',
      '客户服务部',
      '2026年9月30日',
      '整改中',
      '王明',
      '总经理',
      '2026年7月20日 10:30',
      '第2版',
      '请补充整改时限。',
      '第二段范围',
      '1,200',
      '5,000',
    ]) {
      expect([text, html.includes(text)]).toEqual([text, true]);
    }
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('renders a report without data and without a sample', () => {
    const c = content();
    c.execution = emptyExecution({ name: c.org.name, group: 'life' }, CATALOG_V1);
    c.sample = null;
    c.problems = [];
    c.measures = [];
    c.answers = null;
    const html = new TemplateEngine(TEMPLATES).html('self-inspection', reportView(c));
    expect(html).toContain('没有已签署的报送数据');
    expect(html).toContain('未抽取回访质量抽检样本');
    expect(html).toContain('自查未发现其他问题');
  });
});
