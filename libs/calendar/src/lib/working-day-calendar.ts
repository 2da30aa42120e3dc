import {
  dayNumberFromCivil,
  isoFromDayNumber,
  isWeekendDayNumber,
  parseIsoDate,
  tryParseIsoDate,
  yearOfDayNumber,
} from './dates';
import { OFFICIAL_SCHEDULES } from './official-schedules';
import { HolidaySchedule, validateSchedule } from './schedule';

/** "1, 3, 5–7" style rendering of a sorted year list. */
function formatYears(years: readonly number[]): string {
  if (years.length === 0) return '';
  const parts: string[] = [];
  let start = years[0];
  let prev = years[0];
  for (let i = 1; i <= years.length; i++) {
    const y = years[i];
    if (y === prev + 1) {
      prev = y;
      continue;
    }
    parts.push(start === prev ? String(start) : `${start}–${prev}`);
    start = prev = y;
  }
  return parts.join(', ');
}

/**
 * A date falls in a year for which no official holiday schedule is loaded. Working days in such a year are
 * unknown (the State Council publishes them yearly and they cannot be derived), so the calendar refuses to guess.
 */
export class CalendarNotCoveredError extends Error {
  readonly year: number;
  readonly coveredYears: readonly number[];

  constructor(year: number, coveredYears: readonly number[] = []) {
    const covered = coveredYears.length > 0 ? formatYears(coveredYears) : '';
    super(
      `工作日历未覆盖 ${year} 年：尚未加载国务院办公厅该年度的节假日安排，无法计算工作日` +
        `（已覆盖年份：${covered || '无'}）。请先加载该年度节假日安排。 / ` +
        `The working-day calendar does not cover ${year}: the State Council holiday schedule for that year ` +
        `has not been loaded, so working days cannot be computed (covered years: ${covered || 'none'}). ` +
        `Load that year's schedule first.`,
    );
    this.name = 'CalendarNotCoveredError';
    this.year = year;
    this.coveredYears = Object.freeze([...coveredYears]);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** Precomputed data for a run of consecutive covered years. */
interface Segment {
  readonly firstYear: number;
  readonly lastYear: number;
  /** Day number of 1 January of firstYear. */
  readonly start: number;
  /** Day number of 31 December of lastYear. */
  readonly end: number;
  /** cum[i] = number of working days in [start, start + i). Length = days + 1. */
  readonly cum: Int32Array;
  /** Day numbers of all working days in the segment, ascending. */
  readonly work: Int32Array;
  /** ISO strings of `work`, same indices (so results need no formatting). */
  readonly workIso: readonly string[];
}

function buildSegment(schedules: readonly HolidaySchedule[]): Segment {
  const firstYear = schedules[0].year;
  const lastYear = schedules[schedules.length - 1].year;
  const start = dayNumberFromCivil(firstYear, 1, 1);
  const end = dayNumberFromCivil(lastYear, 12, 31);
  const days = end - start + 1;

  // 1 = working day, 0 = day off. Start from the plain Mon–Fri rule, then apply each notice.
  const flags = new Uint8Array(days);
  for (let i = 0; i < days; i++) flags[i] = isWeekendDayNumber(start + i) ? 0 : 1;
  for (const s of schedules) {
    for (const d of s.holidays) flags[tryParseIsoDate(d) - start] = 0;
    for (const d of s.makeupWorkdays) flags[tryParseIsoDate(d) - start] = 1;
  }

  const cum = new Int32Array(days + 1);
  let count = 0;
  for (let i = 0; i < days; i++) {
    cum[i] = count;
    count += flags[i];
  }
  cum[days] = count;

  const work = new Int32Array(count);
  const workIso: string[] = new Array<string>(count);
  for (let i = 0, k = 0; i < days; i++) {
    if (flags[i] === 1) {
      work[k] = start + i;
      workIso[k] = isoFromDayNumber(start + i);
      k++;
    }
  }
  return { firstYear, lastYear, start, end, cum, work, workIso };
}

/**
 * Chinese working-day (工作日) calendar driven entirely by holiday-schedule data.
 *
 * A working day is a Monday–Friday that is not an official holiday, or a Saturday/Sunday declared a make-up
 * working day (调休补班). "N working days after D" counts from the day after D (D itself is never counted).
 *
 * Every date the calendar has to classify must fall in a covered year; otherwise {@link CalendarNotCoveredError}
 * is thrown. The calendar never falls back to a Monday–Friday guess. Instances are immutable.
 */
export class WorkingDayCalendar {
  private readonly byYear: ReadonlyMap<number, HolidaySchedule>;
  private readonly years: readonly number[];
  private readonly segments: readonly Segment[];

  /**
   * @param schedules one schedule per year (any order). Each is checked with {@link validateSchedule};
   *   two schedules for the same year are rejected.
   */
  constructor(schedules: readonly HolidaySchedule[]) {
    if (!Array.isArray(schedules)) {
      throw new TypeError('schedules 须为数组 / schedules must be an array of HolidaySchedule');
    }
    const byYear = new Map<number, HolidaySchedule>();
    for (const raw of schedules) {
      const s = validateSchedule(raw);
      if (byYear.has(s.year)) {
        throw new Error(
          `${s.year} 年的节假日安排重复提供了两次 / Two holiday schedules were given for year ${s.year}`,
        );
      }
      byYear.set(s.year, s);
    }
    this.byYear = byYear;
    this.years = Object.freeze([...byYear.keys()].sort((a, b) => a - b));

    const segments: Segment[] = [];
    let run: HolidaySchedule[] = [];
    for (const y of this.years) {
      if (run.length > 0 && run[run.length - 1].year !== y - 1) {
        segments.push(buildSegment(run));
        run = [];
      }
      run.push(byYear.get(y) as HolidaySchedule);
    }
    if (run.length > 0) segments.push(buildSegment(run));
    this.segments = Object.freeze(segments);
  }

  /** Covered years, ascending. */
  coveredYears(): number[] {
    return [...this.years];
  }

  /** Whether a schedule for `year` is loaded. */
  covers(year: number): boolean {
    return this.byYear.has(year);
  }

  /** The (validated, frozen) schedule loaded for `year`, if any. */
  scheduleFor(year: number): HolidaySchedule | undefined {
    return this.byYear.get(year);
  }

  /** All loaded schedules, oldest first. */
  schedules(): HolidaySchedule[] {
    return this.years.map((y) => this.byYear.get(y) as HolidaySchedule);
  }

  /** Whether `date` ('YYYY-MM-DD') is a working day. Throws CalendarNotCoveredError outside covered years. */
  isWorkingDay(date: string): boolean {
    const d = parseIsoDate(date, 'date');
    const seg = this.segmentOf(d);
    const i = d - seg.start;
    return seg.cum[i + 1] !== seg.cum[i];
  }

  /**
   * The date that is `workingDays` working days after `from`: the day after `from` is the first candidate,
   * so the result is always a working day (for N ≥ 1). `workingDays` = 0 returns `from` unchanged.
   *
   * Both `from` and the result, and every day in between, must lie in covered years; otherwise
   * CalendarNotCoveredError (for the first uncovered year reached) is thrown.
   * O(1): index arithmetic on precomputed working-day tables.
   */
  addWorkingDays(from: string, workingDays: number): string {
    const d = parseIsoDate(from, 'from');
    if (!Number.isSafeInteger(workingDays) || workingDays < 0) {
      throw new RangeError(
        `工作日数须为非负整数：${String(workingDays)} / workingDays must be a non-negative integer, got ${String(workingDays)}`,
      );
    }
    const seg = this.segmentOf(d);
    if (workingDays === 0) return from;
    // cum[d - start + 1] = working days in [start, d]; the next ones are work[that], work[that + 1], ...
    const idx = seg.cum[d - seg.start + 1] + workingDays - 1;
    if (idx >= seg.work.length) throw this.notCovered(seg.lastYear + 1);
    return seg.workIso[idx];
  }

  /**
   * Number of working days d with from < d ≤ to (0 when to ≤ from). Both dates, and every year in between,
   * must be covered.
   */
  workingDaysBetween(from: string, to: string): number {
    const a = parseIsoDate(from, 'from');
    const b = parseIsoDate(to, 'to');
    const segA = this.segmentOf(a);
    const segB = this.segmentOf(b);
    if (b <= a) return 0;
    if (segA !== segB) throw this.notCovered(segA.lastYear + 1);
    return segA.cum[b - segA.start + 1] - segA.cum[a - segA.start + 1];
  }

  /** A new calendar with `schedule` added, or replacing the loaded schedule of the same year. */
  withSchedule(schedule: HolidaySchedule): WorkingDayCalendar {
    const s = validateSchedule(schedule);
    const others = this.schedules().filter((x) => x.year !== s.year);
    return new WorkingDayCalendar([...others, s]);
  }

  private segmentOf(dayNumber: number): Segment {
    const segs = this.segments;
    for (let i = 0; i < segs.length; i++) {
      const s = segs[i];
      if (dayNumber >= s.start && dayNumber <= s.end) return s;
    }
    throw this.notCovered(yearOfDayNumber(dayNumber));
  }

  private notCovered(year: number): CalendarNotCoveredError {
    return new CalendarNotCoveredError(year, this.years);
  }
}

let official: WorkingDayCalendar | undefined;

/** The calendar built from the bundled {@link OFFICIAL_SCHEDULES} (created once, then reused). */
export function officialCalendar(): WorkingDayCalendar {
  if (official === undefined) official = new WorkingDayCalendar(OFFICIAL_SCHEDULES);
  return official;
}
