import { CATALOG_V1, resolveCatalog } from './catalog';
import { formatMessage } from './messages';
import { COMPLAINT, FORWARDED, FakeCalendar, makeContext, type Cells } from './testing/fixtures';
import type { Issue } from './types';
import { validateRow } from './validate-row';

const ctx = makeContext();
const codes = (cells: Cells, c = ctx) => validateRow('complaints', cells, 2, c).issues.map((i) => i.rule);
const issueFor = (cells: Cells, rule: string, c = ctx): Issue => {
  const found = validateRow('complaints', cells, 2, c).issues.filter((i) => i.rule === rule);
  expect(found).toHaveLength(1);
  return found[0];
};

describe('CP-01 complaint decided in time (calendar days, bounds inclusive)', () => {
  it('passes a decision exactly 15 days after receipt, breaks at 16', () => {
    expect(codes({ ...COMPLAINT, decided_on: '2026-03-17' })).toEqual([]);
    const issue = issueFor({ ...COMPLAINT, decided_on: '2026-03-18' }, 'CP-01');
    expect(issue).toMatchObject({
      column: 'decided_on',
      value: '2026-03-18',
      severity: 'finding',
      params: { days: 16, limitDays: 15, extension: 'none' },
    });
    expect(formatMessage(issue, CATALOG_V1, 'zh')).toContain(
      '银行业保险业消费投诉处理管理办法 (银保监会令2020年第3号) 第十八、四十三条',
    );
  });
  it('allows 30 days when complex and 60 when especially complex', () => {
    expect(codes({ ...COMPLAINT, extension: 'complex', decided_on: '2026-04-01' })).toEqual([]);
    expect(codes({ ...COMPLAINT, extension: 'complex', decided_on: '2026-04-02' })).toEqual(['CP-01']);
    expect(codes({ ...COMPLAINT, extension: '特别复杂(再延长30日)', decided_on: '2026-05-01' })).toEqual([]);
    expect(codes({ ...COMPLAINT, extension: 'especially_complex', decided_on: '2026-05-02' })).toEqual([
      'CP-01',
    ]);
  });
  it('treats a pending complaint whose limit ends on the period’s last day as not late', () => {
    expect(codes({ ...COMPLAINT, received_on: '2026-06-15', outcome: 'pending', decided_on: '' })).toEqual(
      [],
    );
    const issue = issueFor(
      { ...COMPLAINT, received_on: '2026-06-14', outcome: 'pending', decided_on: '' },
      'CP-01',
    );
    expect(issue).toMatchObject({
      column: 'outcome',
      params: { variant: 'pending', deadline: '2026-06-29', periodEnd: '2026-06-30' },
    });
    expect(formatMessage(issue, CATALOG_V1, 'en')).toContain('still pending');
  });
  it('excludes withdrawn complaints', () => {
    expect(codes({ ...COMPLAINT, outcome: 'withdrawn', decided_on: '2026-05-30' })).toEqual([]);
    expect(codes({ ...COMPLAINT, outcome: 'withdrawn', decided_on: '', received_on: '2026-01-05' })).toEqual(
      [],
    );
  });
  it('moves with its limits', () => {
    const c = makeContext(
      {},
      resolveCatalog(CATALOG_V1, { version: 2, rules: { 'CP-01': { params: { limitDays: 10 } } } }),
    );
    expect(codes({ ...COMPLAINT, decided_on: '2026-03-12' }, c)).toEqual([]);
    expect(codes({ ...COMPLAINT, decided_on: '2026-03-13' }, c)).toEqual(['CP-01']);
  });
});

describe('CP-02 forwarded complaint handled and called back within 15 working days', () => {
  // Forwarded 2026-02-10: the Spring Festival moves the 15th working day to 2026-03-09. `extension: complex`
  // keeps CP-01 (30 calendar days) out of these tests.
  const forwarded = {
    ...FORWARDED,
    extension: 'complex',
    forwarded_on: '2026-02-10',
    received_on: '2026-02-11',
    decided_on: '2026-03-09',
    callback_on: '2026-03-09',
  };
  it('passes a decision and callback on the 15th working day', () => {
    expect(codes(forwarded)).toEqual([]);
  });
  it('is independent of CP-01: across a holiday 15 working days exceed 15 calendar days', () => {
    expect(codes({ ...forwarded, extension: 'none' })).toEqual(['CP-01']);
  });
  it('breaks a decision the working day after', () => {
    const issue = issueFor({ ...forwarded, decided_on: '2026-03-10', callback_on: '2026-03-10' }, 'CP-02');
    expect(issue).toMatchObject({
      column: 'decided_on',
      value: '2026-03-10',
      params: { deadline: '2026-03-09', reasons: 'decidedLate,callbackLate' },
    });
    const zh = formatMessage(issue, CATALOG_V1, 'zh');
    expect(zh).toContain('处理决定日期(decided_on)“2026-03-10”晚于期限');
    expect(zh).toContain('北京保险业信访回访和督查制度 第六条');
  });
  it('breaks a late callback alone', () => {
    expect(
      issueFor({ ...forwarded, decided_on: '2026-03-02', callback_on: '2026-03-10' }, 'CP-02'),
    ).toMatchObject({ column: 'callback_on', params: { reasons: 'callbackLate' } });
  });
  it('breaks an undecided complaint whose deadline is before the period end, not one that ends on it', () => {
    // Forwarded Mon 2026-06-08: 15th working day 2026-06-29 < 06-30.
    const pending = {
      ...FORWARDED,
      extension: 'complex',
      forwarded_on: '2026-06-08',
      received_on: '2026-06-08',
      outcome: 'pending',
      decided_on: '',
      callback_on: '',
      callback_method: '',
      satisfaction: '',
    };
    expect(codes(pending)).toEqual(['CP-02', 'CP-03']);
    expect(issueFor(pending, 'CP-02').params).toMatchObject({ reasons: 'undecided', deadline: '2026-06-29' });
    // Forwarded Tue 2026-06-09: 15th working day 2026-06-30 = period end: not late.
    expect(codes({ ...pending, forwarded_on: '2026-06-09', received_on: '2026-06-09' })).toEqual(['CP-03']);
  });
  it('leaves a missing callback alone to CP-03', () => {
    expect(codes({ ...forwarded, callback_on: '', callback_method: '', satisfaction: '' })).toEqual([
      'CP-03',
    ]);
  });
  it('excludes withdrawn and non-forwarded complaints', () => {
    expect(
      codes({ ...forwarded, outcome: 'withdrawn', decided_on: '2026-04-01', callback_on: '2026-04-01' }),
    ).toEqual([]);
    expect(
      codes({ ...forwarded, source: 'hotline', decided_on: '2026-03-10', callback_on: '2026-03-10' }),
    ).toEqual([]);
  });
  it('moves with forwardWorkingDays', () => {
    const c = makeContext(
      {},
      resolveCatalog(CATALOG_V1, { version: 2, rules: { 'CP-02': { params: { forwardWorkingDays: 16 } } } }),
    );
    expect(codes({ ...forwarded, decided_on: '2026-03-10', callback_on: '2026-03-10' }, c)).toEqual([]);
  });
  it('reports CAL-001 when the calendar does not cover the forwarding date', () => {
    const c = makeContext({ workingDays: new FakeCalendar([2026]) });
    const issue = issueFor(
      {
        ...FORWARDED,
        forwarded_on: '2025-12-10',
        received_on: '2026-01-05',
        decided_on: '2026-01-20',
        callback_on: '2026-01-20',
      },
      'CAL-001',
      c,
    );
    expect(issue).toMatchObject({ column: 'forwarded_on', params: { year: 2025, forRule: 'CP-02' } });
  });
});

describe('CP-03 forwarded complaint called back', () => {
  const noCallback = { ...FORWARDED, callback_on: '', callback_method: '', satisfaction: '' };
  it('breaks without callback_on, whatever the outcome', () => {
    expect(issueFor(noCallback, 'CP-03')).toMatchObject({
      column: 'callback_on',
      value: null,
      params: { forward_no: 'F-2026-001' },
    });
    expect(codes({ ...noCallback, outcome: 'withdrawn', decided_on: '' })).toEqual(['CP-03']);
    expect(codes({ ...noCallback, outcome: 'pending', decided_on: '' })).toContain('CP-03');
  });
  it('passes with a callback, and does not apply to other sources', () => {
    expect(codes(FORWARDED)).toEqual([]);
    expect(codes({ ...COMPLAINT, source: 'mediation' })).toEqual([]);
  });
});
