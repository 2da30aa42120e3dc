/**
 * Data errors for an invalid first upload ("version 1"): a few rows of an otherwise valid file are
 * spoiled, one data error each, so the demo shows a rejected upload followed by the corrected file.
 */
import { parseDay, fmtDay, parsePeriod, type Period } from './dates';
import { fakeIdNumber } from './pii';
import { Rng } from './prng';
import { CALLBACK_COLUMNS, COMPLAINT_COLUMNS, type CallbackRow, type ComplaintRow } from './standard';

export interface ExpectedError {
  /** row number as in the file (header = row 1) */
  row: number;
  column: string;
  rule: 'STR-003' | 'STR-004' | 'STR-005' | 'STR-006' | 'STR-008' | 'PII-001';
  /** the value written (fictional; PII values must be masked by the portal) */
  value: string;
  note: string;
}

interface Mutation<R> {
  at: number;
  applies: (row: R) => boolean;
  apply: (row: R, rowNo: number) => ExpectedError;
}

function* mutate<R>(
  rows: Iterable<R>,
  total: number,
  mutations: Array<Mutation<R>>,
  remember?: (row: R) => void,
): Generator<R> {
  const pending = mutations.slice().sort((a, b) => a.at - b.at);
  let i = 0;
  for (const row of rows) {
    let out = row;
    for (let k = 0; k < pending.length; k++) {
      const m = pending[k];
      if (i >= Math.floor(m.at * total) && m.applies(row)) {
        out = { ...row };
        m.apply(out, i + 2);
        pending.splice(k, 1);
        break;
      }
    }
    remember?.(row);
    yield out;
    i++;
  }
}

function fakeMobile(rng: Rng): string {
  return `1${rng.pick(['3', '5', '7', '8', '9'])}${rng.digits(9)}`;
}

function shiftDates<R extends Record<string, string>>(
  row: R,
  columns: readonly string[],
  days: number,
): void {
  for (const c of columns) {
    const v = row[c];
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) (row as Record<string, string>)[c] = fmtDay(parseDay(v) + days);
  }
}

/**
 * Wraps a callbacks row stream, spoiling seven rows. `errors` is filled as the rows pass; it is
 * complete once the stream has been consumed.
 */
export function injectCallbackErrors(
  rows: Iterable<CallbackRow>,
  total: number,
  period: string | Period,
  seed: number,
): { rows: Iterable<CallbackRow>; errors: ExpectedError[] } {
  const p = typeof period === 'string' ? parsePeriod(period) : period;
  const rng = Rng.derive(seed, 'errors', p.code, 'callbacks');
  const errors: ExpectedError[] = [];
  let firstNb: string | null = null;
  const dateCols = CALLBACK_COLUMNS.filter((c) => c.endsWith('_on'));
  const mutations: Array<Mutation<CallbackRow>> = [
    {
      at: 0.1,
      applies: (r) => r.callback_type === 'claim',
      apply: (r, n) => {
        r.case_no = '';
        return pushed(errors, {
          row: n,
          column: 'case_no',
          rule: 'STR-006',
          value: '',
          note: 'claim callback without case_no',
        });
      },
    },
    {
      at: 0.22,
      applies: () => true,
      apply: (r, n) => {
        r.channel = 'bank';
        return pushed(errors, {
          row: n,
          column: 'channel',
          rule: 'STR-004',
          value: 'bank',
          note: 'not a channel code or label',
        });
      },
    },
    {
      at: 0.35,
      applies: (r) => r.callback_type === 'new_business' && firstNb !== null && r.policy_no !== firstNb,
      apply: (r, n) => {
        r.policy_no = firstNb as string;
        return pushed(errors, {
          row: n,
          column: 'policy_no',
          rule: 'STR-005',
          value: r.policy_no,
          note: 'same (callback_type, policy_no, case_no) as an earlier row',
        });
      },
    },
    {
      at: 0.48,
      applies: (r) => r.callback_type === 'new_business',
      apply: (r, n) => {
        const shift = p.start - rng.int(5, 40) - parseDay(r.receipt_signed_on);
        shiftDates(r, dateCols, shift);
        return pushed(errors, {
          row: n,
          column: 'receipt_signed_on',
          rule: 'STR-008',
          value: r.receipt_signed_on,
          note: 'receipt signed before the period',
        });
      },
    },
    {
      at: 0.6,
      applies: (r) => r.recording_ref !== '',
      apply: (r, n) => {
        r.recording_ref = fakeMobile(rng);
        return pushed(errors, {
          row: n,
          column: 'recording_ref',
          rule: 'PII-001',
          value: r.recording_ref,
          note: 'mobile number instead of a recording reference',
        });
      },
    },
    {
      at: 0.72,
      applies: (r) => r.status === 'success',
      apply: (r, n) => {
        r.receipt_ref = fakeIdNumber(
          '110105',
          `19${rng.int(55, 95)}0${rng.int(1, 9)}1${rng.int(0, 9)}`,
          rng.digits(3),
        );
        return pushed(errors, {
          row: n,
          column: 'receipt_ref',
          rule: 'PII-001',
          value: r.receipt_ref,
          note: 'resident ID number (valid check digit) instead of a receipt reference',
        });
      },
    },
    {
      at: 0.85,
      applies: (r) => r.status === 'success',
      apply: (r, n) => {
        r.completed_on = `${p.year}-02-30`;
        return pushed(errors, {
          row: n,
          column: 'completed_on',
          rule: 'STR-003',
          value: r.completed_on,
          note: 'not a date',
        });
      },
    },
  ];
  return {
    rows: mutate(rows, total, mutations, (r) => {
      if (firstNb === null && r.callback_type === 'new_business') firstNb = r.policy_no;
    }),
    errors,
  };
}

/** Wraps a complaints row stream, spoiling six rows. */
export function injectComplaintErrors(
  rows: Iterable<ComplaintRow>,
  total: number,
  period: string | Period,
  seed: number,
): { rows: Iterable<ComplaintRow>; errors: ExpectedError[] } {
  const p = typeof period === 'string' ? parsePeriod(period) : period;
  const rng = Rng.derive(seed, 'errors', p.code, 'complaints');
  const errors: ExpectedError[] = [];
  let firstNo: string | null = null;
  const dateCols = COMPLAINT_COLUMNS.filter((c) => c.endsWith('_on'));
  const mutations: Array<Mutation<ComplaintRow>> = [
    {
      at: 0.1,
      applies: (r) => r.source === 'regulator_forwarded',
      apply: (r, n) => {
        r.forward_no = '';
        return pushed(errors, {
          row: n,
          column: 'forward_no',
          rule: 'STR-006',
          value: '',
          note: 'forwarded complaint without forward_no',
        });
      },
    },
    {
      at: 0.25,
      applies: () => true,
      apply: (r, n) => {
        r.category = 'fraud';
        return pushed(errors, {
          row: n,
          column: 'category',
          rule: 'STR-004',
          value: 'fraud',
          note: 'not a category code or label',
        });
      },
    },
    {
      at: 0.4,
      applies: () => firstNo !== null,
      apply: (r, n) => {
        r.complaint_no = firstNo as string;
        return pushed(errors, {
          row: n,
          column: 'complaint_no',
          rule: 'STR-005',
          value: r.complaint_no,
          note: 'complaint_no of an earlier row',
        });
      },
    },
    {
      at: 0.55,
      applies: () => true,
      apply: (r, n) => {
        const shift = p.start - rng.int(3, 30) - parseDay(r.received_on);
        shiftDates(r, dateCols, shift);
        return pushed(errors, {
          row: n,
          column: 'received_on',
          rule: 'STR-008',
          value: r.received_on,
          note: 'received before the period',
        });
      },
    },
    {
      at: 0.7,
      applies: (r) => r.source === 'regulator_forwarded' && r.forward_no !== '',
      apply: (r, n) => {
        r.forward_no = fakeMobile(rng);
        return pushed(errors, {
          row: n,
          column: 'forward_no',
          rule: 'PII-001',
          value: r.forward_no,
          note: 'mobile number instead of the forwarding number',
        });
      },
    },
    {
      at: 0.85,
      applies: (r) => r.decided_on !== '',
      apply: (r, n) => {
        r.decided_on = `${p.year}-02-30`;
        return pushed(errors, {
          row: n,
          column: 'decided_on',
          rule: 'STR-003',
          value: r.decided_on,
          note: 'not a date',
        });
      },
    },
  ];
  return {
    rows: mutate(rows, total, mutations, (r) => {
      if (firstNo === null) firstNo = r.complaint_no;
    }),
    errors,
  };
}

function pushed(list: ExpectedError[], e: ExpectedError): ExpectedError {
  list.push(e);
  return e;
}
