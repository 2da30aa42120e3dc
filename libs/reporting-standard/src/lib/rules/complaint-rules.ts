/**
 * Record-level rules on `complaints` rows (RULES.md: CP-01, CP-02, CP-03).
 */
import type { Extension } from '../enums';
import { addCalendarDays, daysBetween } from '../parsers';
import { CalendarGap, calendarIssue, defineRule, issue, num, type RecordRule } from './rule';

interface Cp01Params {
  none: number;
  complex: number;
  especiallyComplex: number;
}

function limitFor(p: Cp01Params, extension: Extension): number {
  return extension === 'complex'
    ? p.complex
    : extension === 'especially_complex'
      ? p.especiallyComplex
      : p.none;
}

/**
 * CP-01: calendar days, bounds inclusive (银行业保险业消费投诉处理管理办法 第四十三条): decided 15 days after
 * receipt is in time, 16 is late. A pending complaint is late when its limit ended before the period's last
 * day (a limit that ends on the last day is not late). Withdrawn complaints are excluded.
 */
export const CP_01 = defineRule<'complaints', Cp01Params>({
  code: 'CP-01',
  kind: 'complaints',
  compile: (p) => ({
    none: num(p, 'limitDays'),
    complex: num(p, 'complexLimitDays'),
    especiallyComplex: num(p, 'especiallyComplexLimitDays'),
  }),
  check(r, p, env, row, severity) {
    if (r.outcome === 'withdrawn') return null;
    const limit = limitFor(p, r.extension);
    if (r.decided_on !== null) {
      const days = daysBetween(r.received_on, r.decided_on);
      if (days <= limit) return null;
      return issue(row, 'decided_on', r.decided_on, 'CP-01', severity, {
        received_on: r.received_on,
        days,
        limitDays: limit,
        extension: r.extension,
      });
    }
    if (r.outcome !== 'pending') return null;
    const deadline = addCalendarDays(r.received_on, limit);
    if (deadline >= env.period.endsOn) return null;
    return issue(row, 'outcome', r.outcome, 'CP-01', severity, {
      variant: 'pending',
      received_on: r.received_on,
      limitDays: limit,
      deadline,
      periodEnd: env.period.endsOn,
      extension: r.extension,
    });
  },
});

/**
 * CP-02: deadline = forwardWorkingDays working days after forwarded_on; late when decided_on or callback_on
 * is after it, or there is no decision and the deadline is before the period's last day. A missing
 * callback_on alone is CP-03, not CP-02. Withdrawn complaints are excluded.
 */
export const CP_02 = defineRule<'complaints', { workingDays: number }>({
  code: 'CP-02',
  kind: 'complaints',
  compile: (p) => ({ workingDays: num(p, 'forwardWorkingDays') }),
  check(r, p, env, row, severity) {
    if (r.source !== 'regulator_forwarded' || r.outcome === 'withdrawn' || r.forwarded_on === null)
      return null;
    // N working days after D is never before D + N calendar days: dates up to that need no calendar.
    const earliest = addCalendarDays(r.forwarded_on, p.workingDays);
    const decidedOk = r.decided_on !== null ? r.decided_on <= earliest : earliest >= env.period.endsOn;
    const callbackOk = r.callback_on === null || r.callback_on <= earliest;
    if (decidedOk && callbackOk) return null;

    const deadline = env.workingDays.deadline(r.forwarded_on, p.workingDays);
    if (deadline instanceof CalendarGap) return calendarIssue(deadline, row, 'forwarded_on', 'CP-02');
    const reasons: string[] = [];
    if (r.decided_on !== null && r.decided_on > deadline) reasons.push('decidedLate');
    if (r.callback_on !== null && r.callback_on > deadline) reasons.push('callbackLate');
    if (r.decided_on === null && deadline < env.period.endsOn) reasons.push('undecided');
    if (reasons.length === 0) return null;
    const column = reasons[0] === 'callbackLate' ? 'callback_on' : 'decided_on';
    return issue(row, column, column === 'callback_on' ? r.callback_on : r.decided_on, 'CP-02', severity, {
      reasons: reasons.join(','),
      forwarded_on: r.forwarded_on,
      deadline,
      workingDays: p.workingDays,
      decided_on: r.decided_on ?? '',
      callback_on: r.callback_on ?? '',
      periodEnd: env.period.endsOn,
    });
  },
});

/** CP-03: every forwarded complaint is called back (any outcome, including pending and withdrawn). */
export const CP_03 = defineRule<'complaints', null>({
  code: 'CP-03',
  kind: 'complaints',
  compile: () => null,
  check(r, _p, _env, row, severity) {
    if (r.source !== 'regulator_forwarded' || r.callback_on !== null) return null;
    return issue(row, 'callback_on', null, 'CP-03', severity, { forward_no: r.forward_no ?? '' });
  },
});

export const COMPLAINT_RULES: readonly RecordRule<'complaints', unknown>[] = [CP_01, CP_02, CP_03];
