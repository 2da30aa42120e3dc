import { CATALOG_V1, resolveCatalog } from './catalog';
import { formatMessage } from './messages';
import { periodFromCode } from './context';
import { CLAIM, FakeCalendar, NEW_BUSINESS, makeContext, type Cells } from './testing/fixtures';
import type { Issue } from './types';
import { validateRow } from './validate-row';

const ctx = makeContext();
const run = (cells: Cells, c = ctx) => validateRow('callbacks', cells, 2, c);
const codes = (cells: Cells, c = ctx) => run(cells, c).issues.map((i) => i.rule);
const issueFor = (cells: Cells, rule: string, c = ctx): Issue => {
  const { issues } = run(cells, c);
  const found = issues.filter((i) => i.rule === rule);
  expect(found).toHaveLength(1);
  return found[0];
};
const cbCodes = (cells: Cells) => codes(cells).filter((c) => c.startsWith('CB-'));

/** Rows that break many CB rules at once, used to check scope. */
const VIOLATORS: Cells[] = [
  {
    ...NEW_BUSINESS,
    channel: 'bancassurance',
    product_type: 'health',
    cooling_off_days: '10',
    method: 'visit',
    methods_tried: 'electronic;visit',
    recording_ref: '',
    receipt_ref: '',
    confirmed_items: 'Q1',
    caller_is_sales: 'Y',
    problems: 'misleading_sale',
    completed_on: '2026-03-20',
  },
  {
    ...NEW_BUSINESS,
    status: 'failed',
    method: 'phone',
    completed_on: '',
    recording_ref: '',
    caller_is_sales: 'Y',
    channel: 'telemarketing',
  },
  {
    ...NEW_BUSINESS,
    method: 'electronic',
    recording_ref: '',
    identity_check: '',
    product_type: 'unit_linked',
  },
  {
    ...NEW_BUSINESS,
    status: 'not_attempted',
    method: '',
    first_attempt_on: '',
    completed_on: '',
    recording_ref: '',
    policyholder_age: '70',
  },
];

describe('scope of the CB rules', () => {
  it('flags the violator rows in scope', () => {
    expect(cbCodes(VIOLATORS[0])).toEqual([
      'CB-02',
      'CB-03',
      'CB-05',
      'CB-07',
      'CB-08',
      'CB-09',
      'CB-10',
      'CB-11',
    ]);
    expect(cbCodes(VIOLATORS[1])).toEqual(['CB-04', 'CB-08', 'CB-10']);
    expect(cbCodes(VIOLATORS[2])).toEqual(['CB-06', 'CB-10']);
    expect(cbCodes(VIOLATORS[3])).toEqual(['CB-01', 'CB-10']);
  });

  it('never flags term_months = 12 (not over minTermMonths)', () => {
    for (const v of VIOLATORS) expect(cbCodes({ ...v, term_months: '12' })).toEqual([]);
  });

  it('never flags other callback types (e.g. claim)', () => {
    for (const v of VIOLATORS) {
      expect(cbCodes({ ...v, callback_type: 'claim', case_no: 'C1', case_closed_on: '2026-03-02' })).toEqual(
        [],
      );
      expect(cbCodes({ ...v, callback_type: 'renewal' })).toEqual([]);
    }
  });

  it('moves with minTermMonths', () => {
    const catalog = resolveCatalog(CATALOG_V1, {
      version: 2,
      rules: { 'CB-01': { params: { minTermMonths: 6 } } },
    });
    const c = makeContext({}, catalog);
    expect(codes({ ...VIOLATORS[3], term_months: '12' }, c)).toEqual(['CB-01']);
    expect(codes({ ...VIOLATORS[3], term_months: '6' }, c)).toEqual([]);
  });
});

describe('CB-01 every policy called back', () => {
  const notAttempted = {
    ...NEW_BUSINESS,
    status: 'not_attempted',
    method: '',
    first_attempt_on: '',
    completed_on: '',
    recording_ref: '',
  };
  it('breaks on not_attempted', () => {
    const issue = issueFor(notAttempted, 'CB-01');
    expect(issue).toMatchObject({ column: 'status', value: 'not_attempted', severity: 'finding' });
  });
  it('passes other statuses', () => {
    expect(codes({ ...notAttempted, status: 'cancelled_before' })).toEqual([]);
    expect(
      codes({
        ...notAttempted,
        status: 'refused',
        method: 'phone',
        first_attempt_on: '2026-03-05',
        recording_ref: 'R',
      }),
    ).toEqual([]);
  });
  it('is out of scope for term 12 and for claims', () => {
    expect(codes({ ...notAttempted, term_months: '12' })).toEqual([]);
    expect(
      codes({ ...CLAIM, status: 'not_attempted', method: '', first_attempt_on: '', completed_on: '' }),
    ).toEqual([]);
  });
});

describe('CB-02 inside the cooling-off period', () => {
  // Receipt signed 2026-03-02 with 15 days: the cooling-off period runs 03-03 … 03-17.
  it('passes on the last day of the cooling-off period', () => {
    expect(codes({ ...NEW_BUSINESS, completed_on: '2026-03-17' })).toEqual([]);
  });
  it('breaks the day after', () => {
    const issue = issueFor({ ...NEW_BUSINESS, completed_on: '2026-03-18' }, 'CB-02');
    expect(issue).toMatchObject({
      column: 'completed_on',
      value: '2026-03-18',
      params: { deadline: '2026-03-17', daysLate: 1 },
    });
  });
  it('uses the contract’s own cooling-off days', () => {
    expect(codes({ ...NEW_BUSINESS, cooling_off_days: '20', completed_on: '2026-03-22' })).toEqual([]);
    expect(codes({ ...NEW_BUSINESS, cooling_off_days: '20', completed_on: '2026-03-23' })).toEqual(['CB-02']);
  });
  it('only checks successful callbacks in scope', () => {
    expect(codes({ ...NEW_BUSINESS, status: 'failed', completed_on: '2026-03-30' })).toEqual([]);
    expect(codes({ ...NEW_BUSINESS, term_months: '12', completed_on: '2026-03-30' })).toEqual([]);
  });
});

describe('CB-03 required content confirmed', () => {
  it('breaks when an always-required item is missing, listing every missing item', () => {
    const issue = issueFor({ ...NEW_BUSINESS, confirmed_items: 'Q1;Q2;Q4;Q6' }, 'CB-03');
    expect(issue.params?.['missing']).toBe('Q3,Q5,Q7');
    expect(formatMessage(issue, CATALOG_V1, 'zh')).toContain('Q3 是否已阅读并理解产品说明书和投保提示');
  });
  it('requires Q7 only for periodic payment', () => {
    expect(codes({ ...NEW_BUSINESS, payment_mode: 'single', confirmed_items: 'Q1;Q2;Q3;Q4;Q5;Q6' })).toEqual(
      [],
    );
    expect(
      issueFor({ ...NEW_BUSINESS, confirmed_items: 'Q1;Q2;Q3;Q4;Q5;Q6' }, 'CB-03').params?.['missing'],
    ).toBe('Q7');
  });
  it('requires Q8 when the sale was recorded', () => {
    expect(issueFor({ ...NEW_BUSINESS, sales_recorded: 'Y' }, 'CB-03').params?.['missing']).toBe('Q8');
    expect(
      codes({ ...NEW_BUSINESS, sales_recorded: 'Y', confirmed_items: 'Q1;Q2;Q3;Q4;Q5;Q6;Q7;Q8' }),
    ).toEqual([]);
  });
  it('does not require Q9 for new-type products by default, but does when the parameter asks', () => {
    const dividend = { ...NEW_BUSINESS, product_type: 'dividend' };
    expect(codes(dividend)).toEqual([]);
    const catalog = resolveCatalog(CATALOG_V1, {
      version: 2,
      rules: { 'CB-03': { params: { requireQ9ForNewType: true } } },
    });
    const c = makeContext({}, catalog);
    expect(issueFor(dividend, 'CB-03', c).params?.['missing']).toBe('Q9');
    expect(codes({ ...dividend, product_type: 'traditional' }, c)).toEqual([]);
    expect(codes({ ...dividend, confirmed_items: 'Q1;Q2;Q3;Q4;Q5;Q6;Q7;Q9' }, c)).toEqual([]);
  });
  it('only checks successful callbacks in scope', () => {
    expect(codes({ ...NEW_BUSINESS, status: 'refused', completed_on: '', confirmed_items: '' })).toEqual([]);
    expect(codes({ ...NEW_BUSINESS, term_months: '12', confirmed_items: '' })).toEqual([]);
  });
});

describe('CB-04 phone callbacks recorded', () => {
  it('breaks on a phone callback without recording, whatever the status', () => {
    expect(issueFor({ ...NEW_BUSINESS, recording_ref: '' }, 'CB-04')).toMatchObject({
      column: 'recording_ref',
      value: null,
    });
    expect(codes({ ...NEW_BUSINESS, status: 'failed', completed_on: '', recording_ref: '' })).toEqual([
      'CB-04',
    ]);
  });
  it('breaks when phone was tried before another final method', () => {
    const issue = issueFor(
      {
        ...NEW_BUSINESS,
        method: 'letter',
        methods_tried: 'phone;letter',
        receipt_ref: 'RC-1',
        recording_ref: '',
      },
      'CB-04',
    );
    expect(issue.params?.['methods']).toBe('phone,letter');
    expect(formatMessage(issue, CATALOG_V1, 'zh')).toContain('电话、信函');
  });
  it('passes with a recording or without any phone attempt', () => {
    expect(codes(NEW_BUSINESS)).toEqual([]);
    expect(
      codes({ ...NEW_BUSINESS, method: 'electronic', identity_check: 'face', recording_ref: '' }),
    ).toEqual([]);
  });
  it('is out of scope for claims and term 12', () => {
    expect(codes({ ...CLAIM, recording_ref: '' })).toEqual([]);
    expect(codes({ ...NEW_BUSINESS, term_months: '12', recording_ref: '' })).toEqual([]);
  });
});

describe('CB-05 visit and letter callbacks have a signed receipt', () => {
  const visit = {
    ...NEW_BUSINESS,
    method: 'visit',
    methods_tried: 'phone;visit',
    recording_ref: 'R',
    receipt_ref: 'RC-9',
  };
  it('breaks without receipt_ref', () => {
    expect(issueFor({ ...visit, receipt_ref: '' }, 'CB-05').params).toMatchObject({ method: 'visit' });
    expect(codes({ ...visit, method: '信函', methods_tried: 'phone;letter', receipt_ref: '' })).toEqual([
      'CB-05',
    ]);
  });
  it('passes with a receipt, or when not successful', () => {
    expect(codes(visit)).toEqual([]);
    expect(codes({ ...visit, status: 'failed', completed_on: '', receipt_ref: '' })).toEqual([]);
  });
  it('is out of scope for term 12', () => {
    expect(codes({ ...visit, term_months: '12', receipt_ref: '' })).toEqual([]);
  });
});

describe('CB-06 electronic callbacks verify identity', () => {
  const electronic = {
    ...NEW_BUSINESS,
    method: 'electronic',
    recording_ref: '',
    identity_check: 'sms_code;人脸识别',
  };
  it('breaks without identity_check', () => {
    expect(issueFor({ ...electronic, identity_check: '' }, 'CB-06').column).toBe('identity_check');
  });
  it('passes with any identity check', () => {
    expect(codes(electronic)).toEqual([]);
    expect(run(electronic).record).toMatchObject({ identity_check: ['sms_code', 'face'] });
  });
  it('only applies to successful callbacks in scope', () => {
    expect(codes({ ...electronic, status: 'failed', completed_on: '', identity_check: '' })).toEqual([]);
    expect(codes({ ...electronic, callback_type: 'satisfaction', identity_check: '' })).toEqual([]);
  });
});

describe('CB-07 phone before visit or letter', () => {
  const letter = { ...NEW_BUSINESS, method: 'letter', receipt_ref: 'RC-1', recording_ref: 'R' };
  it('breaks when phone was not tried', () => {
    expect(issueFor({ ...letter, methods_tried: '' }, 'CB-07').params).toMatchObject({
      method: 'letter',
      methods: 'letter',
    });
    expect(issueFor({ ...letter, methods_tried: 'electronic;letter' }, 'CB-07').params).toMatchObject({
      methods: 'electronic,letter',
    });
  });
  it('passes when phone was tried first', () => {
    expect(codes({ ...letter, methods_tried: 'phone;letter' })).toEqual([]);
    expect(codes({ ...letter, methods_tried: 'electronic;phone;letter' })).toEqual([]);
  });
  it('does not apply to phone or electronic callbacks, or out of scope', () => {
    expect(codes({ ...NEW_BUSINESS, methods_tried: '' })).toEqual([]);
    expect(codes({ ...letter, term_months: '12' })).toEqual([]);
  });
});

describe('CB-08 caller is not the seller', () => {
  it('breaks when the seller made the callback', () => {
    expect(issueFor({ ...NEW_BUSINESS, caller_is_sales: 'Y' }, 'CB-08')).toMatchObject({
      column: 'caller_is_sales',
      params: { status: 'success' },
    });
    expect(codes({ ...NEW_BUSINESS, caller_is_sales: '是', status: 'refused', completed_on: '' })).toEqual([
      'CB-08',
    ]);
  });
  it('passes when not attempted or cancelled before, or not the seller', () => {
    expect(
      codes({
        ...NEW_BUSINESS,
        caller_is_sales: 'Y',
        status: 'cancelled_before',
        method: '',
        first_attempt_on: '',
        completed_on: '',
      }),
    ).toEqual([]);
    expect(codes(NEW_BUSINESS)).toEqual([]);
  });
  it('is out of scope for claims', () => {
    expect(codes({ ...CLAIM, caller_is_sales: 'Y' })).toEqual([]);
  });
});

describe('CB-09 problems resolved within 15 working days', () => {
  // Completed 2026-02-10; the Spring Festival (02-15…02-23 off, make-up 02-14 and 02-28) moves the 15th
  // working day to 2026-03-09.
  const found = {
    ...NEW_BUSINESS,
    underwritten_on: '2026-01-28',
    receipt_signed_on: '2026-02-02',
    first_attempt_on: '2026-02-10',
    completed_on: '2026-02-10',
    problems: 'doubt;misleading_sale',
    problem_resolution: 'explained',
  };
  it('passes on the 15th working day across the Spring Festival', () => {
    expect(codes({ ...found, problem_resolved_on: '2026-03-09' })).toEqual([]);
  });
  it('breaks the working day after', () => {
    const issue = issueFor({ ...found, problem_resolved_on: '2026-03-10' }, 'CB-09');
    expect(issue).toMatchObject({
      column: 'problem_resolved_on',
      value: '2026-03-10',
      params: { variant: 'late', deadline: '2026-03-09', base_column: 'completed_on' },
    });
    expect(formatMessage(issue, CATALOG_V1, 'zh')).toContain('晚于期限2026-03-09');
  });
  it('breaks when unresolved, and counts from first_attempt_on without a completion', () => {
    expect(issueFor({ ...found }, 'CB-09').params).toMatchObject({
      deadline: '2026-03-09',
      problems: 'doubt,misleading_sale',
    });
    const failed = { ...found, status: 'failed', completed_on: '', first_attempt_on: '2026-02-11' };
    expect(issueFor(failed, 'CB-09').params).toMatchObject({
      base_column: 'first_attempt_on',
      deadline: '2026-03-10',
    });
    expect(codes({ ...failed, problem_resolved_on: '2026-03-10' })).toEqual([]);
  });
  it('passes without problems, and is out of scope for term 12', () => {
    expect(codes({ ...found, problems: '' })).toEqual([]);
    expect(codes({ ...found, term_months: '12' })).toEqual([]);
  });
  it('moves with problemDeadlineWorkingDays', () => {
    const catalog = resolveCatalog(CATALOG_V1, {
      version: 2,
      rules: { 'CB-09': { params: { problemDeadlineWorkingDays: 5 } } },
    });
    const c = makeContext({}, catalog);
    // 5 working days after 2026-02-10: 11, 12, 13, 14 (make-up), 24.
    expect(codes({ ...found, problem_resolved_on: '2026-02-24' }, c)).toEqual([]);
    expect(codes({ ...found, problem_resolved_on: '2026-02-25' }, c)).toEqual(['CB-09']);
  });
  it('needs no calendar for an early resolution', () => {
    const calendar = new FakeCalendar();
    const c = makeContext({ workingDays: calendar });
    expect(codes({ ...found, problem_resolved_on: '2026-02-20' }, c)).toEqual([]);
    expect(calendar.calls).toBe(0);
  });
});

describe('CB-10 sales that must be recorded', () => {
  const unrecorded = { ...NEW_BUSINESS, sales_recorded: 'N' };
  it.each([
    ['bancassurance over 12 months', { channel: 'bancassurance' }, 'bancassurance'],
    ['unit-linked', { product_type: 'unit_linked' }, 'unit_linked'],
    ['policyholder aged 60', { policyholder_age: '60' }, 'senior'],
    ['telemarketing', { channel: 'telemarketing' }, 'telemarketing'],
    ['several reasons', { channel: 'bancassurance', policyholder_age: '75' }, 'bancassurance,senior'],
  ])('breaks for %s', (_name, change, reasons) => {
    expect(issueFor({ ...unrecorded, ...change }, 'CB-10').params?.['reasons']).toBe(reasons);
  });
  it('passes at age 59, when recorded, and for other sales', () => {
    expect(codes({ ...unrecorded, policyholder_age: '59' })).toEqual([]);
    expect(
      codes({
        ...unrecorded,
        channel: 'bancassurance',
        sales_recorded: 'Y',
        confirmed_items: 'Q1;Q2;Q3;Q4;Q5;Q6;Q7;Q8',
      }),
    ).toEqual([]);
    expect(codes(unrecorded)).toEqual([]);
  });
  it('moves with seniorAge', () => {
    const c = makeContext(
      {},
      resolveCatalog(CATALOG_V1, { version: 2, rules: { 'CB-10': { params: { seniorAge: 65 } } } }),
    );
    expect(codes({ ...unrecorded, policyholder_age: '64' }, c)).toEqual([]);
    expect(codes({ ...unrecorded, policyholder_age: '65' }, c)).toEqual(['CB-10']);
  });
  it('is out of scope for term 12', () => {
    expect(codes({ ...unrecorded, channel: 'telemarketing', term_months: '12' })).toEqual([]);
  });
});

describe('CB-11 cooling-off period long enough', () => {
  it('breaks for health products and the bank channel under 15 days', () => {
    expect(
      issueFor(
        { ...NEW_BUSINESS, product_type: 'health', cooling_off_days: '14', completed_on: '2026-03-10' },
        'CB-11',
      ).params,
    ).toMatchObject({ reasons: 'product', minCoolingOffDays: 15 });
    expect(
      issueFor(
        {
          ...NEW_BUSINESS,
          channel: 'bancassurance',
          sales_recorded: 'Y',
          confirmed_items: 'Q1;Q2;Q3;Q4;Q5;Q6;Q7;Q8',
          cooling_off_days: '10',
        },
        'CB-11',
      ).params,
    ).toMatchObject({ reasons: 'channel' });
  });
  it('passes at 15 days and outside its product/channel scope', () => {
    expect(codes({ ...NEW_BUSINESS, product_type: 'health', cooling_off_days: '15' })).toEqual([]);
    expect(codes({ ...NEW_BUSINESS, cooling_off_days: '10' })).toEqual([]);
  });
  it('moves with its scope parameters', () => {
    const c = makeContext(
      {},
      resolveCatalog(CATALOG_V1, {
        version: 2,
        rules: {
          'CB-11': { params: { coolingOffProductTypes: ['health', 'traditional'], minCoolingOffDays: 20 } },
        },
      }),
    );
    expect(codes({ ...NEW_BUSINESS, cooling_off_days: '19' }, c)).toEqual(['CB-11']);
    expect(codes({ ...NEW_BUSINESS, cooling_off_days: '20' }, c)).toEqual([]);
  });
  it('is out of scope for term 12', () => {
    expect(
      codes({ ...NEW_BUSINESS, product_type: 'health', cooling_off_days: '10', term_months: '12' }),
    ).toEqual([]);
  });
});

describe('CL-01 claim callback within 5 working days of closing', () => {
  // Closed Thu 2026-02-12: 13 (1), Sat 14 make-up (2), Festival off until 23, 24 (3), 25 (4), 26 (5).
  const claim = { ...CLAIM, case_closed_on: '2026-02-12', first_attempt_on: '2026-02-13' };
  it('passes on the 5th working day across the Spring Festival', () => {
    expect(codes({ ...claim, completed_on: '2026-02-26' })).toEqual([]);
  });
  it('breaks the working day after', () => {
    expect(issueFor({ ...claim, completed_on: '2026-02-27' }, 'CL-01')).toMatchObject({
      column: 'completed_on',
      params: { deadline: '2026-02-26', case_closed_on: '2026-02-12' },
    });
  });
  it('applies to claims of any term, only when successful', () => {
    expect(codes({ ...claim, term_months: '120', completed_on: '2026-02-27' })).toEqual(['CL-01']);
    expect(codes({ ...claim, status: 'failed', completed_on: '' })).toEqual([]);
  });
  it('does not apply to other callback types', () => {
    expect(codes({ ...claim, callback_type: 'policy_service', completed_on: '2026-04-27' })).toEqual([]);
  });
  it('moves with claimCallbackWorkingDays', () => {
    const c = makeContext(
      {},
      resolveCatalog(CATALOG_V1, {
        version: 2,
        rules: { 'CL-01': { params: { claimCallbackWorkingDays: 6 } } },
      }),
    );
    expect(codes({ ...claim, completed_on: '2026-02-27' }, c)).toEqual([]);
  });
});

describe('WARN-001 callback dated long after the receipt', () => {
  const later = makeContext({ period: periodFromCode('2026H1')!, uploadDate: '2027-06-30' });
  it('warns when the callback is more than 365 days after the receipt', () => {
    const issue = issueFor({ ...NEW_BUSINESS, completed_on: '2027-03-03' }, 'WARN-001', later);
    expect(issue).toMatchObject({ severity: 'warning', column: 'completed_on', params: { days: 366 } });
  });
  it('passes at 365 days, and for other callback types', () => {
    expect(codes({ ...NEW_BUSINESS, completed_on: '2027-03-02' }, later)).toEqual(['CB-02']);
    expect(
      codes(
        {
          ...CLAIM,
          completed_on: '2027-03-02',
          first_attempt_on: '2027-03-02',
          case_closed_on: '2027-03-01',
        },
        makeContext({ uploadDate: '2027-06-30', workingDays: new FakeCalendar([2027]) }),
      ),
    ).toEqual([]);
  });
});
