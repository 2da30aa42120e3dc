/**
 * Small calendar-date helpers for ISO 'YYYY-MM-DD' strings.
 *
 * Everything is integer arithmetic on "day numbers" (days since 1970-01-01, proleptic Gregorian),
 * so the result never depends on the machine's time zone, DST or the `Date` parser. No Node-only or
 * DOM-only APIs are used: this runs unchanged in Node, a browser and a Web Worker.
 */

/** Thrown for a malformed or impossible date string, or a non-integer day offset. */
export class InvalidDateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidDateError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

const MIN_DAY = -719528; // 0000-01-01
const MAX_DAY = 2932896; // 9999-12-31

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Number of days in month `m` (1–12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  switch (m) {
    case 2:
      return isLeapYear(y) ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    default:
      return 31;
  }
}

/** Day number (days since 1970-01-01) of a civil date; H. Hinnant's `days_from_civil`. */
export function dayNumberFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil year of a day number (cheap helper for error messages and lookups). */
export function yearOfDayNumber(dayNumber: number): number {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  return yoe + era * 400 + (mp >= 10 ? 1 : 0);
}

const PAD2: readonly string[] = Array.from({ length: 32 }, (_, i) => (i < 10 ? '0' : '') + i);

/** ISO 'YYYY-MM-DD' string of a day number; H. Hinnant's `civil_from_days`. */
export function isoFromDayNumber(dayNumber: number): string {
  if (!Number.isSafeInteger(dayNumber) || dayNumber < MIN_DAY || dayNumber > MAX_DAY) {
    throw new InvalidDateError(
      `日期超出支持范围（0000-01-01 至 9999-12-31）：${dayNumber} / ` +
        `Date out of the supported range 0000-01-01..9999-12-31 (day number ${dayNumber})`,
    );
  }
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const yy = y < 10 ? '000' + y : y < 100 ? '00' + y : y < 1000 ? '0' + y : String(y);
  return yy + '-' + PAD2[m] + '-' + PAD2[d];
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
}

/**
 * Day number of an ISO 'YYYY-MM-DD' string, or NaN if the string is not exactly that shape or is not a
 * real calendar date (e.g. '2025-02-29', '2025-13-01', '2025-1-5', '2025-01-05T00:00').
 */
export function tryParseIsoDate(s: unknown): number {
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45)
    return NaN;
  const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const m = digit(s, 5) * 10 + digit(s, 6);
  const d = digit(s, 8) * 10 + digit(s, 9);
  // NaN fails every comparison below.
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m) && y >= 0)) return NaN;
  return dayNumberFromCivil(y, m, d);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Day number of an ISO date, throwing {@link InvalidDateError} with a zh+en message if invalid. */
export function parseIsoDate(s: unknown, label = 'date'): number {
  const n = tryParseIsoDate(s);
  if (Number.isNaN(n)) {
    throw new InvalidDateError(
      `${label} 不是有效的日期（须为 YYYY-MM-DD 格式的真实日期）：${describe(s)} / ` +
        `${label} is not a valid date (expected a real calendar date in YYYY-MM-DD form): ${describe(s)}`,
    );
  }
  return n;
}

/** True iff `s` is exactly 'YYYY-MM-DD' and a real calendar date. */
export function isIsoDate(s: string): boolean {
  return !Number.isNaN(tryParseIsoDate(s));
}

/** `date` shifted by `n` calendar days (n may be negative). Throws on a bad date or non-integer n. */
export function addDays(date: string, n: number): string {
  const d = parseIsoDate(date);
  if (!Number.isSafeInteger(n)) {
    throw new InvalidDateError(`天数须为整数：${describe(n)} / Day count must be an integer: ${describe(n)}`);
  }
  return isoFromDayNumber(d + n);
}

/** Day of week of an ISO date: 0 = Sunday, 1 = Monday … 6 = Saturday (same convention as Date#getUTCDay). */
export function dayOfWeek(date: string): number {
  return dayOfWeekOfDayNumber(parseIsoDate(date));
}

/** Day of week of a day number: 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday (4). */
export function dayOfWeekOfDayNumber(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** Saturday or Sunday. */
export function isWeekendDayNumber(dayNumber: number): boolean {
  const w = dayOfWeekOfDayNumber(dayNumber);
  return w === 0 || w === 6;
}
