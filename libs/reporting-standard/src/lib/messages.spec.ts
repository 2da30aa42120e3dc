import { CATALOG_V1, findRule } from './catalog';
import { evaluateCompanyRules } from './rules/company-rules';
import { FileValidator, fileProblemIssue } from './file-check';
import { formatMessage } from './messages';
import { columnName } from './columns';
import { resolveHeader } from './header';
import {
  CLAIM,
  COMPLAINT,
  FORWARDED,
  FakeCalendar,
  MOBILE,
  NEW_BUSINESS,
  OTHER_ORG_CODE,
  PROFILE,
  RESIDENT_ID,
  makeContext,
  type Cells,
} from './testing/fixtures';
import type { Issue, Kind } from './types';
import { validateRow } from './validate-row';

const ctx = makeContext();
const late = makeContext({ uploadDate: '2027-06-30', workingDays: new FakeCalendar([2026]) });

/** At least one issue for every code of the catalog. */
function sampleIssues(): Issue[] {
  const rows: [Kind, Cells, ReturnType<typeof makeContext>?][] = [
    [
      'callbacks',
      {
        ...NEW_BUSINESS,
        term_months: 'x',
        channel: 'bank',
        policy_no: MOBILE,
        caller_is_sales: '',
        completed_on: '2026-03-01',
        first_attempt_on: '2026-07-20',
      },
    ],
    ['callbacks', { ...NEW_BUSINESS, receipt_signed_on: '2025-12-31', underwritten_on: '2025-12-01' }],
    [
      'callbacks',
      {
        ...NEW_BUSINESS,
        status: 'not_attempted',
        method: '',
        first_attempt_on: '',
        completed_on: '',
        recording_ref: '',
      },
    ],
    [
      'callbacks',
      {
        ...NEW_BUSINESS,
        channel: 'bancassurance',
        product_type: 'health',
        cooling_off_days: '10',
        method: 'visit',
        recording_ref: 'R',
        confirmed_items: 'Q1',
        caller_is_sales: 'Y',
        problems: 'doubt',
        completed_on: '2026-03-20',
      },
    ],
    [
      'callbacks',
      {
        ...NEW_BUSINESS,
        problems: 'doubt',
        problem_resolved_on: '2026-04-30',
        problem_resolution: 'explained',
      },
    ],
    ['callbacks', { ...NEW_BUSINESS, recording_ref: '' }],
    ['callbacks', { ...NEW_BUSINESS, method: 'electronic', recording_ref: '' }],
    ['callbacks', { ...NEW_BUSINESS, completed_on: '2027-04-01' }, late],
    [
      'callbacks',
      {
        ...CLAIM,
        underwritten_on: '2020-01-01',
        case_closed_on: '2025-12-20',
        completed_on: '2026-01-30',
        first_attempt_on: '2026-01-30',
      },
      late,
    ],
    ['callbacks', { ...CLAIM, completed_on: '2026-03-20', first_attempt_on: '2026-03-20' }],
    ['complaints', { ...COMPLAINT, decided_on: '2026-03-30' }],
    ['complaints', { ...COMPLAINT, received_on: '2026-06-01', outcome: 'pending', decided_on: '' }],
    [
      'complaints',
      { ...FORWARDED, decided_on: '2026-04-30', callback_on: '', callback_method: '', satisfaction: '' },
    ],
    ['profile', { ...PROFILE, org_code: OTHER_ORG_CODE }],
  ];
  const issues: Issue[] = [];
  for (const [kind, cells, c] of rows) issues.push(...validateRow(kind, cells, 5, c ?? ctx).issues);
  issues.push(...resolveHeader('callbacks', ['callback_type', 'policy_no', 'x', 'x', 'policy_no']).issues);
  issues.push(...resolveHeader('callbacks', ['junk']).issues);
  const fv = new FileValidator('complaints', ctx);
  fv.header(Object.keys(COMPLAINT));
  fv.row(Object.values(COMPLAINT));
  issues.push(...fv.row(Object.values(COMPLAINT)));
  fv.row([...Object.values(COMPLAINT).map((v, i) => (i === 0 ? 'C-9' : v)), 'stray']).forEach((i) =>
    issues.push(i),
  );
  issues.push(...new FileValidator('callbacks', ctx).finish().finishIssues);
  const empty = new FileValidator('complaints', ctx);
  empty.header(Object.keys(COMPLAINT));
  issues.push(...empty.finish().finishIssues);
  issues.push(fileProblemIssue('encoding', 'neither UTF-8 nor GB18030'));
  issues.push(
    ...evaluateCompanyRules(
      { successRate: 0.8, visitLetterShare: 0.2, forwardedCallbackRate: 0.5 },
      CATALOG_V1,
    ),
  );
  return issues;
}

describe('formatMessage', () => {
  const issues = sampleIssues();

  it('covers every rule of the catalog in the samples', () => {
    const seen = new Set(issues.map((i) => i.rule));
    expect(CATALOG_V1.rules.map((r) => r.code).filter((c) => !seen.has(c))).toEqual([]);
  });

  it.each(['zh', 'en'] as const)(
    'renders every sample in %s with row, column, value, rule and citation',
    (lang) => {
      for (const issue of issues) {
        const text = formatMessage(issue, CATALOG_V1, lang);
        const rule = findRule(CATALOG_V1, issue.rule)!;
        expect(text).not.toMatch(/\{[A-Za-z_.:]+\}/); // no unfilled placeholder
        expect(text).toContain(rule.code);
        expect(text).toContain(rule.citation[lang]);
        if (issue.row !== null)
          expect(text).toContain(lang === 'zh' ? `第${issue.row}行` : `Row ${issue.row}`);
        if (issue.value !== null && issue.value !== '') expect(text).toContain(issue.value);
        if (issue.column !== null) expect(text).toContain(columnName(issue.column, lang));
      }
    },
  );

  it('never lets a PII value appear unmasked, in issues or messages', () => {
    const json = JSON.stringify(issues);
    expect(json).not.toContain(MOBILE);
    for (const lang of ['zh', 'en'] as const) {
      const all = issues.map((i) => formatMessage(i, CATALOG_V1, lang)).join('\n');
      expect(all).not.toContain(MOBILE);
      expect(all).not.toContain(RESIDENT_ID);
      expect(all).toContain('139****5678');
    }
  });

  it('renders a finding in Chinese and English with the article', () => {
    const [issue] = validateRow('callbacks', { ...NEW_BUSINESS, completed_on: '2026-03-18' }, 9, ctx).issues;
    expect(formatMessage(issue, CATALOG_V1, 'zh')).toBe(
      '第9行：回访完成日期(completed_on)“2026-03-18”晚于犹豫期最后一天2026-03-17（回执签收日2026-03-02，犹豫期15天），晚1天。（CB-02“犹豫期内完成回访”；依据：人身保险业务基本服务规定 第十五条）',
    );
    expect(formatMessage(issue, CATALOG_V1, 'en')).toBe(
      'Row 9: completed_on "2026-03-18" is after the last cooling-off day 2026-03-17 (receipt signed 2026-03-02, 15 days), 1 day(s) late. (CB-02 "callback completed inside the cooling-off period"; basis: Basic Service Rules for Personal Insurance Business (CIRC Order 2010 No. 4), Art. 15)',
    );
  });

  it('gives each language its own half of a bilingual reason (STR-010 from the file readers)', () => {
    const issue = fileProblemIssue(
      'format',
      'gzip 压缩数据损坏或不完整（文件被截断？） / the gzip data is corrupt or incomplete (truncated file?)',
    );
    const zh = formatMessage(issue, CATALOG_V1, 'zh');
    const en = formatMessage(issue, CATALOG_V1, 'en');
    expect(zh).toContain('gzip 压缩数据损坏或不完整（文件被截断？）');
    expect(zh).not.toContain('truncated file');
    expect(en).toContain('the gzip data is corrupt or incomplete (truncated file?)');
    expect(en).not.toMatch(/[\u4e00-\u9fff]/);
    // A reason in one language only is kept whole in both.
    expect(formatMessage(fileProblemIssue('other', 'disk read error'), CATALOG_V1, 'zh')).toContain(
      'disk read error',
    );
  });

  it('masks a PII value even if an issue was built by hand', () => {
    const issue: Issue = {
      row: 3,
      column: 'policy_no',
      value: RESIDENT_ID,
      rule: 'PII-001',
      severity: 'error',
      params: { columns: 'policy_no', 'pii.policy_no': 'resident_id' },
    };
    const text = formatMessage(issue, CATALOG_V1, 'zh');
    expect(text).not.toContain(RESIDENT_ID);
    expect(text).toContain('1101**********002X');
  });

  it('falls back gracefully for an unknown rule', () => {
    expect(
      formatMessage(
        { row: 1, column: 'x', value: MOBILE, rule: 'ZZ-1', severity: 'error' },
        CATALOG_V1,
        'en',
      ),
    ).toBe('ZZ-1: x 139****5678');
  });
});
