/**
 * What a row is checked against: the period, the upload date, the submitting insurer, the rule catalog and
 * the working-day calendar. Compiled once per context object (a WeakMap), so the per-row path only reads
 * plain fields.
 */
import type { Catalog } from './catalog';
import { isRealDate, parseDateString } from './parsers';

/**
 * "N working days after D": counts from the day after D, skipping weekends and statutory holidays and
 * counting make-up working days (调休). Implemented by the calendar library. Must throw for a date whose
 * year the holiday schedule does not cover (never a weekday-only guess).
 */
export interface WorkingDayCalculator {
  addWorkingDays(from: string, n: number): string;
}

/** A reporting period: `2026H1` = 2026-01-01 … 2026-06-30, `2026H2` = 2026-07-01 … 2026-12-31. */
export interface Period {
  readonly code: string;
  readonly startsOn: string;
  readonly endsOn: string;
}

const PERIOD_RE = /^(\d{4})H([12])$/;

/** The period for a code such as `2026H1`, or `null` when the code is not well-formed. */
export function periodFromCode(code: string): Period | null {
  const m = PERIOD_RE.exec(code);
  if (!m) return null;
  const y = m[1];
  return m[2] === '1'
    ? { code, startsOn: `${y}-01-01`, endsOn: `${y}-06-30` }
    : { code, startsOn: `${y}-07-01`, endsOn: `${y}-12-31` };
}

export interface RowContext {
  readonly period: Period;
  /** The day the file was uploaded (dates after it are STR-009). */
  readonly uploadDate: string;
  /** The submitting insurer's unified social credit code (STR-011). */
  readonly orgCode: string;
  readonly catalog: Catalog;
  readonly workingDays: WorkingDayCalculator;
}

/** A date the calendar could not handle: the rule reports CAL-001 instead of guessing. */
export class CalendarGap {
  constructor(
    readonly from: string,
    readonly workingDays: number,
    readonly year: number,
    readonly reason: string,
  ) {}
}

const YEAR_IN_MESSAGE = /\b(19\d{2}|2\d{3})\b/;

/** A working-day calculator that remembers its answers (a period has only a few hundred distinct dates). */
export class MemoWorkingDays {
  private readonly memo = new Map<number, Map<string, string>>();
  constructor(private readonly calendar: WorkingDayCalculator) {}

  /** The deadline, or a `CalendarGap` when the calendar throws. */
  deadline(from: string, n: number): string | CalendarGap {
    let byDate = this.memo.get(n);
    if (!byDate) this.memo.set(n, (byDate = new Map()));
    const hit = byDate.get(from);
    if (hit !== undefined) return hit;
    try {
      const result = this.calendar.addWorkingDays(from, n);
      byDate.set(from, result);
      return result;
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      const m = YEAR_IN_MESSAGE.exec(reason);
      return new CalendarGap(from, n, m ? Number(m[1]) : Number(from.slice(0, 4)), reason.slice(0, 200));
    }
  }
}

function checkIsoDate(name: string, v: string): void {
  if (
    typeof v !== 'string' ||
    parseDateString(v) !== v ||
    !isRealDate(+v.slice(0, 4), +v.slice(5, 7), +v.slice(8, 10))
  ) {
    throw new Error(`RowContext.${name} must be an ISO date YYYY-MM-DD, got ${String(v)}`);
  }
}

/** Throws when the context itself is malformed (a programming error, not a problem of the file). */
export function assertRowContext(ctx: RowContext): void {
  checkIsoDate('period.startsOn', ctx.period.startsOn);
  checkIsoDate('period.endsOn', ctx.period.endsOn);
  checkIsoDate('uploadDate', ctx.uploadDate);
  if (ctx.period.startsOn > ctx.period.endsOn) throw new Error('RowContext.period starts after it ends');
  if (!ctx.catalog || !Array.isArray(ctx.catalog.rules)) throw new Error('RowContext.catalog is missing');
  if (!ctx.workingDays || typeof ctx.workingDays.addWorkingDays !== 'function') {
    throw new Error('RowContext.workingDays must implement addWorkingDays(from, n)');
  }
}
