/**
 * Record-level rules on `callbacks` rows (RULES.md: CB-01…CB-11, CL-01) and the warning WARN-001.
 *
 * CB rules check only rows with callback_type = new_business and term_months > minTermMonths; other rows
 * are never flagged by them.
 */
import type { ParamValue } from '../catalog';
import type { CallbackMethod } from '../enums';
import { addCalendarDays, daysBetween } from '../parsers';
import type { CallbackRecord } from '../records';
import { bool, CalendarGap, calendarIssue, codes, defineRule, issue, num, type RecordRule } from './rule';

function inNewBusinessScope(r: CallbackRecord, minTermMonths: number): boolean {
  return r.callback_type === 'new_business' && r.term_months > minTermMonths;
}

interface Scope {
  minTermMonths: number;
}
const scopeParams = (p: Readonly<Record<string, ParamValue>>): Scope => ({
  minTermMonths: num(p, 'minTermMonths'),
});

/** The methods tried, in order, ending with the final `method` (empty `methods_tried` means only `method`). */
export function methodsTried(r: CallbackRecord): readonly CallbackMethod[] {
  const tried = r.methods_tried;
  if (r.method === null) return tried;
  if (tried.length === 0) return [r.method];
  return tried[tried.length - 1] === r.method ? tried : [...tried, r.method];
}

function triedPhone(r: CallbackRecord): boolean {
  return r.method === 'phone' || r.methods_tried.includes('phone');
}

const isVisitOrLetter = (m: CallbackMethod | null): boolean => m === 'visit' || m === 'letter';

export const CB_01 = defineRule({
  code: 'CB-01',
  kind: 'callbacks',
  compile: scopeParams,
  check(r, p, _env, row, severity) {
    if (!inNewBusinessScope(r, p.minTermMonths) || r.status !== 'not_attempted') return null;
    return issue(row, 'status', r.status, 'CB-01', severity, { minTermMonths: p.minTermMonths });
  },
});

export const CB_02 = defineRule({
  code: 'CB-02',
  kind: 'callbacks',
  compile: scopeParams,
  check(r, p, _env, row, severity) {
    if (!inNewBusinessScope(r, p.minTermMonths) || r.status !== 'success') return null;
    if (r.completed_on === null || r.receipt_signed_on === null || r.cooling_off_days === null) return null;
    // The cooling-off period starts the day after the receipt is signed: its last day is receipt + days.
    const deadline = addCalendarDays(r.receipt_signed_on, r.cooling_off_days);
    if (r.completed_on <= deadline) return null;
    return issue(row, 'completed_on', r.completed_on, 'CB-02', severity, {
      deadline,
      receipt_signed_on: r.receipt_signed_on,
      cooling_off_days: r.cooling_off_days,
      daysLate: daysBetween(deadline, r.completed_on),
    });
  },
});

interface Cb03Params extends Scope {
  always: readonly string[];
  periodic: readonly string[];
  salesRecorded: readonly string[];
  newType: readonly string[];
  requireNewType: boolean;
  newTypeProducts: readonly string[];
}

/** `missing` plus the required items not confirmed (allocates only when something is missing). */
function addMissing(
  required: readonly string[],
  confirmed: readonly string[],
  missing: string[] | null,
): string[] | null {
  for (const item of required) {
    if (confirmed.includes(item)) continue;
    if (missing === null) missing = [item];
    else if (!missing.includes(item)) missing.push(item);
  }
  return missing;
}

export const CB_03 = defineRule<'callbacks', Cb03Params>({
  code: 'CB-03',
  kind: 'callbacks',
  compile: (p) => ({
    minTermMonths: num(p, 'minTermMonths'),
    always: codes(p, 'alwaysItems'),
    periodic: codes(p, 'periodicItems'),
    salesRecorded: codes(p, 'salesRecordedItems'),
    newType: codes(p, 'newTypeItems'),
    requireNewType: bool(p, 'requireQ9ForNewType'),
    newTypeProducts: codes(p, 'newTypeProducts'),
  }),
  check(r, p, _env, row, severity) {
    if (!inNewBusinessScope(r, p.minTermMonths) || r.status !== 'success') return null;
    const confirmed = r.confirmed_items as readonly string[];
    let missing = addMissing(p.always, confirmed, null);
    if (r.payment_mode === 'periodic') missing = addMissing(p.periodic, confirmed, missing);
    if (r.sales_recorded === true) missing = addMissing(p.salesRecorded, confirmed, missing);
    if (p.requireNewType && p.newTypeProducts.includes(r.product_type))
      missing = addMissing(p.newType, confirmed, missing);
    if (missing === null) return null;
    return issue(row, 'confirmed_items', r.confirmed_items.join(';'), 'CB-03', severity, {
      missing: missing.join(','),
    });
  },
});

export const CB_04 = defineRule({
  code: 'CB-04',
  kind: 'callbacks',
  compile: scopeParams,
  check(r, p, _env, row, severity) {
    if (!inNewBusinessScope(r, p.minTermMonths) || !triedPhone(r) || r.recording_ref !== null) return null;
    return issue(row, 'recording_ref', null, 'CB-04', severity, { methods: methodsTried(r).join(',') });
  },
});

export const CB_05 = defineRule({
  code: 'CB-05',
  kind: 'callbacks',
  compile: scopeParams,
  check(r, p, _env, row, severity) {
    if (!inNewBusinessScope(r, p.minTermMonths) || r.status !== 'success') return null;
    if (!isVisitOrLetter(r.method) || r.receipt_ref !== null) return null;
    return issue(row, 'receipt_ref', null, 'CB-05', severity, { method: r.method as string });
  },
});

export const CB_06 = defineRule({
  code: 'CB-06',
  kind: 'callbacks',
  compile: scopeParams,
  check(r, p, _env, row, severity) {
    if (!inNewBusinessScope(r, p.minTermMonths) || r.status !== 'success') return null;
    if (r.method !== 'electronic' || r.identity_check.length > 0) return null;
    return issue(row, 'identity_check', null, 'CB-06', severity, { method: r.method });
  },
});

export const CB_07 = defineRule({
  code: 'CB-07',
  kind: 'callbacks',
  compile: scopeParams,
  check(r, p, _env, row, severity) {
    if (!inNewBusinessScope(r, p.minTermMonths) || r.status !== 'success') return null;
    if (!isVisitOrLetter(r.method) || r.methods_tried.includes('phone')) return null;
    return issue(
      row,
      'methods_tried',
      r.methods_tried.length ? r.methods_tried.join(';') : null,
      'CB-07',
      severity,
      {
        method: r.method as string,
        methods: methodsTried(r).join(','),
      },
    );
  },
});

export const CB_08 = defineRule({
  code: 'CB-08',
  kind: 'callbacks',
  compile: scopeParams,
  check(r, p, _env, row, severity) {
    if (!inNewBusinessScope(r, p.minTermMonths) || !r.caller_is_sales) return null;
    if (r.status === 'not_attempted' || r.status === 'cancelled_before') return null;
    return issue(row, 'caller_is_sales', 'Y', 'CB-08', severity, { status: r.status });
  },
});

interface Cb09Params extends Scope {
  workingDays: number;
}

export const CB_09 = defineRule<'callbacks', Cb09Params>({
  code: 'CB-09',
  kind: 'callbacks',
  compile: (p) => ({
    minTermMonths: num(p, 'minTermMonths'),
    workingDays: num(p, 'problemDeadlineWorkingDays'),
  }),
  check(r, p, env, row, severity) {
    if (!inNewBusinessScope(r, p.minTermMonths) || r.problems.length === 0) return null;
    const baseColumn =
      r.completed_on !== null ? 'completed_on' : r.first_attempt_on !== null ? 'first_attempt_on' : null;
    const base = r.completed_on ?? r.first_attempt_on;
    const problems = r.problems.join(',');
    const resolved = r.problem_resolved_on;

    if (resolved === null) {
      // Unresolved is a finding whatever the deadline; the deadline only makes the message more useful.
      const deadline = base === null ? null : env.workingDays.deadline(base, p.workingDays);
      if (base === null || baseColumn === null || deadline instanceof CalendarGap || deadline === null) {
        return issue(row, 'problem_resolved_on', null, 'CB-09', severity, {
          variant: 'unresolvedNoDate',
          problems,
        });
      }
      return issue(row, 'problem_resolved_on', null, 'CB-09', severity, {
        problems,
        base_column: baseColumn,
        base,
        deadline,
        workingDays: p.workingDays,
      });
    }
    if (base === null || baseColumn === null) return null;
    // N working days after D is never before D + N calendar days: no calendar needed for an early resolution.
    if (resolved <= addCalendarDays(base, p.workingDays)) return null;
    const deadline = env.workingDays.deadline(base, p.workingDays);
    if (deadline instanceof CalendarGap) return calendarIssue(deadline, row, baseColumn, 'CB-09');
    if (resolved <= deadline) return null;
    return issue(row, 'problem_resolved_on', resolved, 'CB-09', severity, {
      variant: 'late',
      problems,
      base_column: baseColumn,
      base,
      deadline,
      workingDays: p.workingDays,
    });
  },
});

interface Cb10Params extends Scope {
  seniorAge: number;
  recordingMinTermMonths: number;
}

export const CB_10 = defineRule<'callbacks', Cb10Params>({
  code: 'CB-10',
  kind: 'callbacks',
  compile: (p) => ({
    minTermMonths: num(p, 'minTermMonths'),
    seniorAge: num(p, 'seniorAge'),
    recordingMinTermMonths: num(p, 'recordingMinTermMonths'),
  }),
  check(r, p, _env, row, severity) {
    if (!inNewBusinessScope(r, p.minTermMonths) || r.sales_recorded !== false) return null;
    const longTerm = r.term_months > p.recordingMinTermMonths;
    const reasons: string[] = [];
    if (r.channel === 'bancassurance' && longTerm) reasons.push('bancassurance');
    if (r.product_type === 'unit_linked') reasons.push('unit_linked');
    if (r.policyholder_age >= p.seniorAge && longTerm) reasons.push('senior');
    if (r.channel === 'telemarketing') reasons.push('telemarketing');
    if (reasons.length === 0) return null;
    return issue(row, 'sales_recorded', 'N', 'CB-10', severity, {
      reasons: reasons.join(','),
      term_months: r.term_months,
      policyholder_age: r.policyholder_age,
      seniorAge: p.seniorAge,
      recordingMinTermMonths: p.recordingMinTermMonths,
    });
  },
});

interface Cb11Params extends Scope {
  minCoolingOffDays: number;
  products: readonly string[];
  channels: readonly string[];
}

export const CB_11 = defineRule<'callbacks', Cb11Params>({
  code: 'CB-11',
  kind: 'callbacks',
  compile: (p) => ({
    minTermMonths: num(p, 'minTermMonths'),
    minCoolingOffDays: num(p, 'minCoolingOffDays'),
    products: codes(p, 'coolingOffProductTypes'),
    channels: codes(p, 'coolingOffChannels'),
  }),
  check(r, p, _env, row, severity) {
    if (!inNewBusinessScope(r, p.minTermMonths) || r.cooling_off_days === null) return null;
    if (r.cooling_off_days >= p.minCoolingOffDays) return null;
    const reasons: string[] = [];
    if (p.products.includes(r.product_type)) reasons.push('product');
    if (p.channels.includes(r.channel)) reasons.push('channel');
    if (reasons.length === 0) return null;
    return issue(row, 'cooling_off_days', String(r.cooling_off_days), 'CB-11', severity, {
      minCoolingOffDays: p.minCoolingOffDays,
      reasons: reasons.join(','),
      product_type: r.product_type,
      channel: r.channel,
    });
  },
});

export const CL_01 = defineRule<'callbacks', { workingDays: number }>({
  code: 'CL-01',
  kind: 'callbacks',
  compile: (p) => ({ workingDays: num(p, 'claimCallbackWorkingDays') }),
  check(r, p, env, row, severity) {
    if (r.callback_type !== 'claim' || r.status !== 'success') return null;
    if (r.completed_on === null || r.case_closed_on === null) return null;
    if (r.completed_on <= addCalendarDays(r.case_closed_on, p.workingDays)) return null;
    const deadline = env.workingDays.deadline(r.case_closed_on, p.workingDays);
    if (deadline instanceof CalendarGap) return calendarIssue(deadline, row, 'case_closed_on', 'CL-01');
    if (r.completed_on <= deadline) return null;
    return issue(row, 'completed_on', r.completed_on, 'CL-01', severity, {
      case_closed_on: r.case_closed_on,
      deadline,
      workingDays: p.workingDays,
    });
  },
});

/** WARN-001: a new-business callback dated implausibly long after the receipt (probably a wrong year). */
export const WARN_001 = defineRule<'callbacks', { maxDays: number }>({
  code: 'WARN-001',
  kind: 'callbacks',
  compile: (p) => ({ maxDays: num(p, 'maxDaysAfterReceipt') }),
  check(r, p, _env, row, severity) {
    if (r.callback_type !== 'new_business' || r.receipt_signed_on === null) return null;
    const column =
      r.completed_on !== null ? 'completed_on' : r.first_attempt_on !== null ? 'first_attempt_on' : null;
    const date = r.completed_on ?? r.first_attempt_on;
    if (column === null || date === null) return null;
    const days = daysBetween(r.receipt_signed_on, date);
    if (days <= p.maxDays) return null;
    return issue(row, column, date, 'WARN-001', severity, {
      receipt_signed_on: r.receipt_signed_on,
      days,
      maxDaysAfterReceipt: p.maxDays,
    });
  },
});

/** In the order they run (and report). */
export const CALLBACK_RULES: readonly RecordRule<'callbacks', unknown>[] = [
  WARN_001,
  CB_01,
  CB_02,
  CB_03,
  CB_04,
  CB_05,
  CB_06,
  CB_07,
  CB_08,
  CB_09,
  CB_10,
  CB_11,
  CL_01,
];
