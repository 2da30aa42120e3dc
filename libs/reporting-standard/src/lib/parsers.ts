/**
 * Cell parsers of reporting standard v1. Each returns the typed value, or `null` when the cell cannot be
 * read as that type. Callers decide emptiness first (`isEmptyCell`): an empty cell is "no value", not an
 * invalid one. No allocation on the hot path beyond the result itself.
 */
import type { CellValue } from './types';

// ---- emptiness and display ------------------------------------------------------------------------

/** `null`, `undefined`, and strings that are empty after trimming are "no value". */
export function isEmptyCell(v: CellValue): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') return v.length === 0 || v.trim().length === 0;
  return false;
}

/** The cell as text, for messages (dates as ISO, numbers as JavaScript prints them). */
export function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (v instanceof Date) return isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  return String(v);
}

// ---- calendar arithmetic (proleptic Gregorian, day numbers since 1970-01-01) -------------------------

/** Days since 1970-01-01 for a valid y-m-d (Howard Hinnant's days_from_civil). */
export function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = m > 2 ? m - 3 : m + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** ISO `YYYY-MM-DD` for a day number (years 1000–9999). */
export function isoFromDayNumber(z: number): string {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** Day number of an ISO date produced by this library (no validation: the input is trusted). */
export function dayNumberOfIso(iso: string): number {
  const y =
    (iso.charCodeAt(0) - 48) * 1000 +
    (iso.charCodeAt(1) - 48) * 100 +
    (iso.charCodeAt(2) - 48) * 10 +
    (iso.charCodeAt(3) - 48);
  const m = (iso.charCodeAt(5) - 48) * 10 + (iso.charCodeAt(6) - 48);
  const d = (iso.charCodeAt(8) - 48) * 10 + (iso.charCodeAt(9) - 48);
  return dayNumber(y, m, d);
}

/** `iso` plus `days` calendar days. */
export function addCalendarDays(iso: string, days: number): string {
  return isoFromDayNumber(dayNumberOfIso(iso) + days);
}

/** Calendar days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return dayNumberOfIso(b) - dayNumberOfIso(a);
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const max = m === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[m];
  return d <= max;
}

/** Years accepted in a date cell: Excel's own range starts in 1900; anything earlier is a typo here. */
export const MIN_DATE_YEAR = 1900;
export const MAX_DATE_YEAR = 9999;

// ---- dates ----------------------------------------------------------------------------------------

function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = digitAt(s, i);
    if (d < 0) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * A date written as `YYYY-MM-DD`, `YYYY/MM/DD` or `YYYYMMDD` (two-digit month and day; the whole string,
 * already trimmed), checked against the real calendar. Returns ISO `YYYY-MM-DD` or `null`.
 * An input already in ISO form is returned as is (no allocation).
 */
export function parseDateString(s: string): string | null {
  let y: number, m: number, d: number;
  let iso = false;
  if (s.length === 10) {
    const sep = s.charCodeAt(4);
    if ((sep !== 45 /* - */ && sep !== 47) /* / */ || s.charCodeAt(7) !== sep) return null;
    y = digits(s, 0, 4);
    m = digits(s, 5, 2);
    d = digits(s, 8, 2);
    iso = sep === 45;
  } else if (s.length === 8) {
    y = digits(s, 0, 4);
    m = digits(s, 4, 2);
    d = digits(s, 6, 2);
  } else {
    return null;
  }
  if (y < MIN_DATE_YEAR || m < 0 || d < 0 || !isRealDate(y, m, d)) return null;
  return iso ? s : `${y}-${pad2(m)}-${pad2(d)}`;
}

/** Largest Excel serial (9999-12-31) in the 1900 date system. */
export const MAX_EXCEL_SERIAL = 2958465;
const EXCEL_EPOCH_DAY = dayNumber(1899, 12, 30);

/**
 * An Excel serial date of the 1900 date system (integer part; a time fraction is ignored). Excel counts a
 * non-existent 1900-02-29 as serial 60 (the Lotus 1-2-3 leap-year bug): serial 60 is rejected, serials
 * 1–59 are 1900-01-01…1900-02-28 and from 61 on the day count is one too high, hence the epoch 1899-12-30.
 */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial)) return null;
  const n = Math.floor(serial);
  if (n < 1 || n > MAX_EXCEL_SERIAL || n === 60) return null;
  return isoFromDayNumber(EXCEL_EPOCH_DAY + (n < 60 ? n + 1 : n));
}

/**
 * A date cell: a string in one of the accepted formats, a JavaScript `Date` (read by its UTC calendar
 * date — exceljs delivers date cells as UTC midnight; a time of day is ignored), an Excel serial number,
 * or an integer `YYYYMMDD` (what Excel stores when someone types 20260302 into a number cell).
 */
export function parseDate(v: CellValue): string | null {
  if (typeof v === 'string') return parseDateString(v.trim());
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 19000101 && v <= 99991231) return parseDateString(String(v));
    return excelSerialToIso(v);
  }
  if (v instanceof Date) {
    const t = v.getTime();
    if (isNaN(t)) return null;
    const y = v.getUTCFullYear();
    if (y < MIN_DATE_YEAR || y > MAX_DATE_YEAR) return null;
    return `${y}-${pad2(v.getUTCMonth() + 1)}-${pad2(v.getUTCDate())}`;
  }
  return null;
}

// ---- booleans -------------------------------------------------------------------------------------

const BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ['y', true],
  ['n', false],
  ['是', true],
  ['否', false],
  ['true', true],
  ['false', false],
  ['1', true],
  ['0', false],
  ['Y', true],
  ['N', false],
  ['TRUE', true],
  ['FALSE', false],
]);

/** `Y`/`N`, `是`/`否`, `true`/`false`, `1`/`0` (case-insensitive); also a boolean or the number 1/0. */
export function parseBoolean(v: CellValue): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : null;
  if (typeof v !== 'string') return null;
  const s = v.trim();
  const hit = BOOLEANS.get(s);
  if (hit !== undefined) return hit;
  const lower = BOOLEANS.get(s.toLowerCase());
  return lower === undefined ? null : lower;
}

// ---- numbers --------------------------------------------------------------------------------------

const INTEGER_RE = /^-?\d+$/;

/**
 * A whole number written with digits only (an optional leading `-`, leading zeros allowed), or an integral
 * JavaScript number. No decimals (`12.0` is rejected), no thousands separators, no exponent, no `+`.
 * Values beyond ±(2^53−1) are rejected.
 */
export function parseInteger(v: CellValue): number | null {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : null;
  if (typeof v !== 'string') return null;
  const s = v.trim();
  if (s.length > 17 || !INTEGER_RE.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

const DECIMAL_RE = /^(\d+)(?:\.(\d*))?$/;

/**
 * A non-negative decimal with at most `decimals` (≤ 6) decimal places, returned as a string with exactly
 * `decimals` places and no float rounding (`"1234.5"` → `"1234.50"`). Strings must be plain digits with an
 * optional point; numbers from a spreadsheet are accepted when they are that many decimals up to binary
 * float noise (1234.56 is stored as 1234.5599999999999…). A negative value returns `null`.
 */
export function parseDecimal(v: CellValue, decimals = 2): string | null {
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) return null;
    const scale = 10 ** decimals;
    const scaled = Math.round(v * scale);
    if (!Number.isSafeInteger(scaled) || Math.abs(v * scale - scaled) > 1e-6 * Math.max(1, Math.abs(v)))
      return null;
    const str = String(scaled).padStart(decimals + 1, '0');
    return decimals === 0 ? str : `${str.slice(0, -decimals)}.${str.slice(-decimals)}`;
  }
  if (typeof v !== 'string') return null;
  const m = DECIMAL_RE.exec(v.trim());
  if (!m) return null;
  const frac = m[2];
  if (frac !== undefined && (frac.length === 0 || frac.length > decimals)) return null;
  const intPart = m[1].replace(/^0+(?=\d)/, '');
  if (intPart.length > 15) return null;
  return decimals === 0 ? intPart : `${intPart}.${(frac ?? '').padEnd(decimals, '0')}`;
}

// ---- lists ----------------------------------------------------------------------------------------

const LIST_SEPARATOR = /[;；]/;
const EMPTY_LIST: readonly string[] = Object.freeze([]);

/** Items separated by `;` or `；`, trimmed, empty items dropped. */
export function parseList(v: CellValue): readonly string[] {
  if (v === null || v === undefined) return EMPTY_LIST;
  const s = typeof v === 'string' ? v : String(v);
  if (s.indexOf(';') < 0 && s.indexOf('；') < 0) {
    const t = s.trim();
    return t.length === 0 ? EMPTY_LIST : [t];
  }
  const out: string[] = [];
  for (const part of s.split(LIST_SEPARATOR)) {
    const t = part.trim();
    if (t.length > 0) out.push(t);
  }
  return out;
}

/** Number of characters (Unicode code points), as Postgres counts `varchar(n)`. */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) i++;
    n++;
  }
  return n;
}
