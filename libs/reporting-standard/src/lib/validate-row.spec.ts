import { CATALOG_V1 } from './catalog';
import { formatMessage } from './messages';
import {
  CLAIM,
  COMPLAINT,
  FORWARDED,
  FakeCalendar,
  MOBILE,
  NEW_BUSINESS,
  ORG_CODE,
  OTHER_ORG_CODE,
  PROFILE,
  RESIDENT_ID,
  makeContext,
  type Cells,
} from './testing/fixtures';
import type { Issue, Kind } from './types';
import { validateRow } from './validate-row';

const ctx = makeContext();
const check = (kind: Kind, cells: Cells, c = ctx) => validateRow(kind, cells, 2, c);
const rules = (issues: readonly Issue[]) => issues.map((i) => i.rule);
const only = (issues: readonly Issue[], rule: string) => {
  const found = issues.filter((i) => i.rule === rule);
  expect(found).toHaveLength(1);
  return found[0];
};

describe('clean rows', () => {
  it('turns a clean new-business callback into a typed record', () => {
    const { record, issues } = check('callbacks', NEW_BUSINESS);
    expect(issues).toEqual([]);
    expect(record).toEqual({
      callback_type: 'new_business',
      policy_no: 'P-0001',
      case_no: null,
      product_type: 'traditional',
      channel: 'agent',
      term_months: 120,
      payment_mode: 'periodic',
      policyholder_age: 40,
      underwritten_on: '2026-02-25',
      receipt_signed_on: '2026-03-02',
      cooling_off_days: 15,
      sales_recorded: false,
      case_closed_on: null,
      status: 'success',
      method: 'phone',
      methods_tried: [],
      first_attempt_on: '2026-03-05',
      completed_on: '2026-03-05',
      recording_ref: 'REC-1',
      receipt_ref: null,
      identity_check: [],
      confirmed_items: ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6', 'Q7'],
      caller_is_sales: false,
      problems: [],
      problem_resolved_on: null,
      problem_resolution: null,
    });
  });

  it('accepts Chinese labels, other date formats and boolean spellings', () => {
    const { record, issues } = check('callbacks', {
      ...NEW_BUSINESS,
      callback_type: '新单回访',
      product_type: '普通型',
      channel: '个人代理',
      payment_mode: '期缴',
      status: '成功',
      method: '电话',
      underwritten_on: '2026/02/25',
      receipt_signed_on: '20260302',
      sales_recorded: '否',
      caller_is_sales: 'false',
      confirmed_items: 'Q1；Q2；Q3；Q4；Q5；Q6；Q7',
    });
    expect(issues).toEqual([]);
    expect(record).toMatchObject({
      callback_type: 'new_business',
      underwritten_on: '2026-02-25',
      receipt_signed_on: '2026-03-02',
      sales_recorded: false,
    });
  });

  it('accepts typed xlsx cells: numbers, Excel serial dates, Date objects, booleans', () => {
    const { record, issues } = check('callbacks', {
      ...NEW_BUSINESS,
      term_months: 120,
      policyholder_age: 40,
      cooling_off_days: 15,
      underwritten_on: 46078, // 2026-02-25
      receipt_signed_on: new Date(Date.UTC(2026, 2, 2)),
      sales_recorded: false,
      caller_is_sales: 0,
    });
    expect(issues).toEqual([]);
    expect(record).toMatchObject({
      term_months: 120,
      underwritten_on: '2026-02-25',
      receipt_signed_on: '2026-03-02',
      caller_is_sales: false,
    });
  });

  it('turns complaints and the profile into typed records', () => {
    expect(check('complaints', FORWARDED)).toEqual({
      issues: [],
      record: {
        complaint_no: 'C-0002',
        source: 'regulator_forwarded',
        forward_no: 'F-2026-001',
        forwarded_on: '2026-03-02',
        received_on: '2026-03-03',
        product_type: 'health',
        category: 'claims',
        channel: null,
        decided_on: '2026-03-10',
        extension: 'none',
        outcome: 'partially_upheld',
        callback_on: '2026-03-12',
        callback_method: 'phone',
        satisfaction: 'satisfied',
        repeat_complaint: false,
      },
    });
    expect(check('profile', PROFILE)).toEqual({
      issues: [],
      record: {
        org_code: ORG_CODE,
        premium_income: '123456.78',
        new_policies: 1000,
        policies_in_force: 50000,
        insured_persons: 60000,
        sales_staff: 300,
        employees: 120,
      },
    });
    expect(check('profile', { ...PROFILE, premium_income: 1234.5 }).record).toMatchObject({
      premium_income: '1234.50',
    });
  });
});

describe('STR-003 wrong type', () => {
  it.each([
    ['term_months', 'abc'],
    ['term_months', '0'],
    ['term_months', '1201'],
    ['term_months', '12.5'],
    ['policyholder_age', '121'],
    ['cooling_off_days', '61'],
    ['underwritten_on', '2026-02-30'],
    ['underwritten_on', '26-02-25'],
    ['sales_recorded', 'maybe'],
    ['policy_no', 'P 0001'],
    ['policy_no', 'P'.repeat(65)],
    ['recording_ref', 'R'.repeat(129)],
  ])('%s = %p', (column, value) => {
    const issue = only(check('callbacks', { ...NEW_BUSINESS, [column]: value }).issues, 'STR-003');
    expect(issue).toMatchObject({ row: 2, column, value, severity: 'error' });
  });

  it('passes values at the limits', () => {
    for (const [column, value] of [
      ['term_months', '1200'],
      ['policyholder_age', '0'],
      ['policyholder_age', '120'],
      ['cooling_off_days', '60'],
      ['policy_no', 'P'.repeat(64)],
      ['recording_ref', '录'.repeat(128)],
    ]) {
      expect(rules(check('callbacks', { ...NEW_BUSINESS, [column]: value }).issues)).not.toContain('STR-003');
    }
  });

  it('reports every bad cell of a row in ONE issue', () => {
    const { record, issues } = check('callbacks', {
      ...NEW_BUSINESS,
      term_months: 'x',
      policyholder_age: '-1',
      completed_on: '2026-02-31',
    });
    expect(record).toBeNull();
    const issue = only(issues, 'STR-003');
    expect(issue.params).toMatchObject({
      columns: 'term_months,policyholder_age,completed_on',
      'value.policyholder_age': '-1',
    });
    const zh = formatMessage(issue, CATALOG_V1, 'zh');
    expect(zh).toContain('保险期间(月)(term_months)应为1–1200的整数，实际为“x”');
    expect(zh).toContain('回访完成日期(completed_on)');
  });

  it('checks profile numbers and the unified social credit code', () => {
    expect(only(check('profile', { ...PROFILE, premium_income: '12.345' }).issues, 'STR-003').column).toBe(
      'premium_income',
    );
    expect(only(check('profile', { ...PROFILE, premium_income: '-1.00' }).issues, 'STR-003').column).toBe(
      'premium_income',
    );
    expect(only(check('profile', { ...PROFILE, employees: '1,200' }).issues, 'STR-003').column).toBe(
      'employees',
    );
    const badCode = ORG_CODE.slice(0, 17) + (ORG_CODE[17] === '0' ? '1' : '0');
    const issue = only(check('profile', { ...PROFILE, org_code: badCode }).issues, 'STR-003');
    expect(issue.column).toBe('org_code');
  });
});

describe('STR-004 outside the enumeration', () => {
  it('reports a single enum, listing the allowed codes and labels', () => {
    const issue = only(check('callbacks', { ...NEW_BUSINESS, channel: 'bank' }).issues, 'STR-004');
    expect(issue).toMatchObject({ column: 'channel', value: 'bank' });
    const zh = formatMessage(issue, CATALOG_V1, 'zh');
    expect(zh).toContain('bancassurance 银行邮政代理');
    expect(formatMessage(issue, CATALOG_V1, 'en')).toContain('allowed: agent 个人代理');
  });

  it('reports a list with one bad item, and several enum columns in one issue', () => {
    const issue = only(
      check('callbacks', { ...NEW_BUSINESS, confirmed_items: 'Q1;Q10', status: 'done' }).issues,
      'STR-004',
    );
    expect(issue.params?.['columns']).toBe('status,confirmed_items');
    expect(issue.params?.['value.confirmed_items']).toBe('Q1;Q10');
  });

  it('checks complaint enumerations', () => {
    expect(only(check('complaints', { ...COMPLAINT, outcome: 'closed' }).issues, 'STR-004').column).toBe(
      'outcome',
    );
    expect(
      check('complaints', { ...COMPLAINT, outcome: '部分支持', extension: '情况复杂(30日)' }).issues,
    ).toEqual([]);
  });
});

describe('STR-006 required values', () => {
  it('reports empty always-required values', () => {
    const issue = only(
      check('callbacks', { ...NEW_BUSINESS, policy_no: '  ', caller_is_sales: '' }).issues,
      'STR-006',
    );
    expect(issue.params?.['columns']).toBe('policy_no,caller_is_sales');
    expect(formatMessage(issue, CATALOG_V1, 'zh')).toContain('保单号(policy_no)（必填）');
  });

  it.each([
    ['case_no for claim', 'callbacks', { ...CLAIM, case_no: '' }, 'case_no'],
    [
      'case_closed_on for policy_service',
      'callbacks',
      { ...CLAIM, callback_type: 'policy_service', case_closed_on: '' },
      'case_closed_on',
    ],
    [
      'receipt_signed_on for new_business',
      'callbacks',
      { ...NEW_BUSINESS, receipt_signed_on: '' },
      'receipt_signed_on',
    ],
    [
      'cooling_off_days for new_business',
      'callbacks',
      { ...NEW_BUSINESS, cooling_off_days: '' },
      'cooling_off_days',
    ],
    [
      'sales_recorded for new_business',
      'callbacks',
      { ...NEW_BUSINESS, sales_recorded: '' },
      'sales_recorded',
    ],
    ['method when attempted', 'callbacks', { ...NEW_BUSINESS, status: 'failed', method: '' }, 'method'],
    [
      'first_attempt_on when attempted',
      'callbacks',
      { ...NEW_BUSINESS, status: 'refused', first_attempt_on: '', completed_on: '' },
      'first_attempt_on',
    ],
    ['completed_on when success', 'callbacks', { ...NEW_BUSINESS, completed_on: '' }, 'completed_on'],
    [
      'problem_resolution when resolved',
      'callbacks',
      { ...NEW_BUSINESS, problems: 'doubt', problem_resolved_on: '2026-03-06' },
      'problem_resolution',
    ],
    ['forward_no when forwarded', 'complaints', { ...FORWARDED, forward_no: '' }, 'forward_no'],
    ['forwarded_on when forwarded', 'complaints', { ...FORWARDED, forwarded_on: '' }, 'forwarded_on'],
    ['decided_on unless withdrawn/pending', 'complaints', { ...COMPLAINT, decided_on: '' }, 'decided_on'],
    [
      'callback_method when called back',
      'complaints',
      { ...FORWARDED, callback_method: '' },
      'callback_method',
    ],
    ['satisfaction when called back', 'complaints', { ...FORWARDED, satisfaction: '' }, 'satisfaction'],
  ] as const)('%s', (_name, kind, cells, column) => {
    const issue = only(check(kind, cells).issues, 'STR-006');
    expect(issue).toMatchObject({ column, severity: 'error' });
    expect(formatMessage(issue, CATALOG_V1, 'en')).toMatch(/required (when|unless)/);
  });

  it('does not require conditional values outside their condition', () => {
    expect(check('callbacks', { ...NEW_BUSINESS, case_no: '' }).issues).toEqual([]);
    expect(
      rules(
        check('callbacks', {
          ...NEW_BUSINESS,
          status: 'not_attempted',
          method: '',
          first_attempt_on: '',
          completed_on: '',
          recording_ref: '',
        }).issues,
      ),
    ).not.toContain('STR-006');
    expect(
      rules(
        check('callbacks', {
          ...NEW_BUSINESS,
          status: 'cancelled_before',
          method: '',
          first_attempt_on: '',
          completed_on: '',
        }).issues,
      ),
    ).not.toContain('STR-006');
    expect(
      rules(
        check('callbacks', { ...CLAIM, receipt_signed_on: '', cooling_off_days: '', sales_recorded: '' })
          .issues,
      ),
    ).not.toContain('STR-006');
    expect(
      rules(check('complaints', { ...COMPLAINT, outcome: 'pending', decided_on: '' }).issues),
    ).not.toContain('STR-006');
    expect(
      rules(check('complaints', { ...COMPLAINT, outcome: 'withdrawn', decided_on: '' }).issues),
    ).not.toContain('STR-006');
  });

  it('does not guess when the condition column itself is invalid', () => {
    expect(rules(check('callbacks', { ...CLAIM, callback_type: 'claims', case_no: '' }).issues)).toEqual([
      'STR-004',
    ]);
  });
});

describe('STR-007 impossible date order', () => {
  it('reports completed_on before underwritten_on', () => {
    const issue = only(
      check('callbacks', {
        ...NEW_BUSINESS,
        underwritten_on: '2026-03-06',
        receipt_signed_on: '2026-03-06',
        first_attempt_on: '2026-03-06',
        completed_on: '2026-03-05',
      }).issues,
      'STR-007',
    );
    expect(issue.params?.['pairs']).toBe('completed_on<underwritten_on,completed_on<first_attempt_on');
    expect(formatMessage(issue, CATALOG_V1, 'zh')).toContain(
      '回访完成日期(completed_on)“2026-03-05”早于承保日期(underwritten_on)“2026-03-06”',
    );
  });

  it('reports problem_resolved_on before first_attempt_on', () => {
    const issue = only(
      check('callbacks', {
        ...NEW_BUSINESS,
        problems: 'doubt',
        problem_resolved_on: '2026-03-04',
        problem_resolution: 'explained',
      }).issues,
      'STR-007',
    );
    expect(issue).toMatchObject({ column: 'problem_resolved_on', value: '2026-03-04' });
  });

  it('reports decided_on before received_on', () => {
    expect(
      only(check('complaints', { ...COMPLAINT, decided_on: '2026-03-01' }).issues, 'STR-007').column,
    ).toBe('decided_on');
    expect(
      only(check('complaints', { ...FORWARDED, callback_on: '2026-03-02' }).issues, 'STR-007').column,
    ).toBe('callback_on');
  });

  it('passes dates on the same day', () => {
    expect(
      check('callbacks', {
        ...NEW_BUSINESS,
        underwritten_on: '2026-03-02',
        first_attempt_on: '2026-03-02',
        completed_on: '2026-03-02',
      }).issues,
    ).toEqual([]);
    expect(check('complaints', { ...COMPLAINT, decided_on: '2026-03-02' }).issues).toEqual([]);
  });
});

describe('STR-008 row outside the period', () => {
  it('reports a new-business receipt outside 2026H1', () => {
    const issue = only(
      check('callbacks', { ...NEW_BUSINESS, underwritten_on: '2025-12-20', receipt_signed_on: '2025-12-31' })
        .issues,
      'STR-008',
    );
    expect(issue).toMatchObject({
      column: 'receipt_signed_on',
      value: '2025-12-31',
      params: { period: '2026H1', startsOn: '2026-01-01', endsOn: '2026-06-30' },
    });
    expect(
      only(
        check('callbacks', {
          ...NEW_BUSINESS,
          receipt_signed_on: '2026-07-01',
          first_attempt_on: '2026-07-02',
          completed_on: '2026-07-02',
        }).issues,
        'STR-008',
      ).value,
    ).toBe('2026-07-01');
  });

  it('passes the first and last day of the period', () => {
    expect(
      check('callbacks', {
        ...NEW_BUSINESS,
        underwritten_on: '2025-12-30',
        receipt_signed_on: '2026-01-01',
        first_attempt_on: '2026-01-05',
        completed_on: '2026-01-05',
      }).issues,
    ).toEqual([]);
    expect(
      check('callbacks', {
        ...NEW_BUSINESS,
        receipt_signed_on: '2026-06-30',
        first_attempt_on: '2026-07-02',
        completed_on: '2026-07-02',
      }).issues,
    ).toEqual([]);
  });

  it('does not apply to other callback types', () => {
    expect(check('callbacks', { ...CLAIM, receipt_signed_on: '2025-06-01' }).issues).toEqual([]);
  });

  it('reports a complaint received outside the period', () => {
    expect(
      only(
        check('complaints', { ...COMPLAINT, received_on: '2025-12-31', decided_on: '2026-01-05' }).issues,
        'STR-008',
      ).column,
    ).toBe('received_on');
    expect(
      check('complaints', { ...COMPLAINT, received_on: '2026-06-30', decided_on: '2026-07-01' }).issues,
    ).toEqual([]);
  });
});

describe('STR-009 date in the future', () => {
  it('reports every date after the upload date in one issue', () => {
    const issue = only(
      check('callbacks', {
        ...NEW_BUSINESS,
        receipt_signed_on: '2026-06-30',
        first_attempt_on: '2026-07-11',
        completed_on: '2026-07-12',
      }).issues,
      'STR-009',
    );
    expect(issue.params).toMatchObject({
      columns: 'first_attempt_on,completed_on',
      uploadDate: '2026-07-10',
    });
    expect(formatMessage(issue, CATALOG_V1, 'zh')).toContain('日期晚于上传日期2026-07-10');
  });
  it('passes the upload date itself', () => {
    expect(
      check('callbacks', {
        ...NEW_BUSINESS,
        receipt_signed_on: '2026-06-30',
        first_attempt_on: '2026-07-10',
        completed_on: '2026-07-10',
      }).issues,
    ).toEqual([]);
  });
});

describe('STR-011 profile org_code', () => {
  it('reports another insurer’s code', () => {
    const issue = only(check('profile', { ...PROFILE, org_code: OTHER_ORG_CODE }).issues, 'STR-011');
    expect(issue).toMatchObject({
      column: 'org_code',
      value: OTHER_ORG_CODE,
      params: { expected: ORG_CODE },
    });
    expect(formatMessage(issue, CATALOG_V1, 'zh')).toContain('不是报送机构本身的代码');
  });
  it('passes the own code (also written in lower case)', () => {
    expect(check('profile', PROFILE).issues).toEqual([]);
    expect(check('profile', { ...PROFILE, org_code: ORG_CODE.toLowerCase() }).issues).toEqual([]);
  });
  it('reports an invalid code as STR-003, not STR-011', () => {
    expect(rules(check('profile', { ...PROFILE, org_code: '12345' }).issues)).toEqual(['STR-003']);
  });
});

describe('PII-001', () => {
  const cases: [string, Kind, Cells][] = [
    ['mobile in policy_no', 'callbacks', { ...NEW_BUSINESS, policy_no: MOBILE }],
    ['ID number in case_no', 'callbacks', { ...CLAIM, case_no: `ID${RESIDENT_ID}` }],
    ['mobile in recording_ref', 'callbacks', { ...NEW_BUSINESS, recording_ref: `+86 ${MOBILE}` }],
    ['ID number in receipt_ref', 'callbacks', { ...NEW_BUSINESS, receipt_ref: RESIDENT_ID }],
    ['mobile in an enum column', 'callbacks', { ...NEW_BUSINESS, channel: MOBILE }],
    ['mobile in a list column', 'callbacks', { ...NEW_BUSINESS, problems: `doubt;${MOBILE}` }],
    ['mobile in complaint_no', 'complaints', { ...COMPLAINT, complaint_no: `C-${MOBILE}` }],
    ['ID number in forward_no', 'complaints', { ...FORWARDED, forward_no: RESIDENT_ID }],
  ];

  it.each(cases)('%s', (_name, kind, cells) => {
    const { record, issues } = check(kind, cells);
    expect(record).toBeNull();
    const issue = only(issues, 'PII-001');
    expect(issue.severity).toBe('error');
    const json = JSON.stringify(issues);
    expect(json).not.toContain(MOBILE);
    expect(json).not.toContain(RESIDENT_ID);
    for (const lang of ['zh', 'en'] as const) {
      const text = issues.map((i) => formatMessage(i, CATALOG_V1, lang)).join('\n');
      expect(text).not.toContain(MOBILE);
      expect(text).not.toContain(RESIDENT_ID);
      expect(text).toMatch(/139\*\*\*\*5678|1101\*{10}002X/);
    }
  });

  it('masks PII echoed by any other rule too', () => {
    const { issues } = check('callbacks', {
      ...NEW_BUSINESS,
      term_months: MOBILE,
      underwritten_on: RESIDENT_ID,
    });
    expect(rules(issues)).toEqual(['STR-003']);
    const json = JSON.stringify(issues);
    expect(json).not.toContain(MOBILE);
    expect(json).not.toContain(RESIDENT_ID);
    expect(json).toContain('139****5678');
  });

  it('names the kind of identifier in the message', () => {
    const issue = only(
      check('callbacks', { ...NEW_BUSINESS, policy_no: MOBILE, recording_ref: RESIDENT_ID }).issues,
      'PII-001',
    );
    const zh = formatMessage(issue, CATALOG_V1, 'zh');
    expect(zh).toContain('含手机号');
    expect(zh).toContain('含身份证号');
  });

  it('does not flag policy numbers that merely contain long digit runs', () => {
    expect(check('callbacks', { ...NEW_BUSINESS, policy_no: '2026013812345678' }).issues).toEqual([]);
  });
});

describe('compliance rules run only on rows without data errors', () => {
  it('skips findings when the row has an error', () => {
    const { issues } = check('callbacks', {
      ...NEW_BUSINESS,
      status: 'not_attempted',
      method: '',
      first_attempt_on: '',
      completed_on: '',
      term_months: 'x',
    });
    expect(rules(issues)).toEqual(['STR-003']);
  });
  it('keeps the record of a row with findings only', () => {
    const { record, issues } = check('callbacks', { ...NEW_BUSINESS, recording_ref: '' });
    expect(rules(issues)).toEqual(['CB-04']);
    expect(record).not.toBeNull();
  });
});

describe('CAL-001 calendar does not cover the year', () => {
  it('reports an error naming the year instead of crashing', () => {
    const c = makeContext({ workingDays: new FakeCalendar([2026]) });
    const { record, issues } = validateRow(
      'callbacks',
      {
        ...CLAIM,
        underwritten_on: '2024-01-01',
        case_closed_on: '2025-12-20',
        first_attempt_on: '2026-01-20',
        completed_on: '2026-01-20',
      },
      7,
      c,
    );
    const issue = only(issues, 'CAL-001');
    expect(issue).toMatchObject({
      row: 7,
      column: 'case_closed_on',
      value: '2025-12-20',
      severity: 'error',
      params: { year: 2025, forRule: 'CL-01', workingDays: 5 },
    });
    expect(record).not.toBeNull(); // the cells are fine; the error is about the calendar
    expect(formatMessage(issue, CATALOG_V1, 'zh')).toContain('工作日日历未覆盖2025年');
  });
});

describe('context', () => {
  it('rejects a malformed context', () => {
    expect(() => validateRow('callbacks', NEW_BUSINESS, 2, makeContext({ uploadDate: '2026-7-1' }))).toThrow(
      /uploadDate/,
    );
  });
});
