/**
 * PII-001: direct personal identifiers in a text value.
 *
 * - PRC resident ID number (GB 11643): 17 digits + check character (digit or X), ISO 7064 MOD 11-2 check
 *   digit valid, a known province code and a real birth date between 1900-01-01 and 2099-12-31.
 *   18 characters not preceded or followed by another digit, so it is also found inside longer text
 *   ("ID:110101199003071234;"). The old 15-digit numbers (no check digit) are not detected.
 * - Mainland mobile number: `1[3-9]` + 9 digits, not preceded or followed by another digit; optionally
 *   prefixed by `+86`, `0086` or `86` and written in the usual 3-4-4 groups with single spaces or hyphens
 *   (`+86 138-1234-5678`). An 11-digit number inside a longer run of digits (a 16-digit policy number) is
 *   not a mobile number.
 * Full-width digits (`１３８…`) are read as digits.
 *
 * `maskPii` keeps the first 4 and last 4 characters of an ID number (`1101**********123X`) and the first 3 and
 * last 4 digits of a mobile number (`138****5678`). Everything a report echoes goes through it.
 */

export type PiiKind = 'resident_id' | 'mobile';

export interface PiiMatch {
  readonly kind: PiiKind;
  /** Offsets in the (full-width-folded) value. */
  readonly start: number;
  readonly end: number;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
/** Province-level codes of GB/T 2260 (first two digits of a resident ID number). */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65, 71, 81, 82, 83, 91,
]);

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}
const MONTH_DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The ISO 7064 MOD 11-2 check character for the first 17 digits. */
export function residentIdCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

/** True when `s` is exactly an 18-character resident ID number that passes all checks above. */
export function isResidentIdNumber(s: string): boolean {
  if (s.length !== 18) return false;
  for (let i = 0; i < 17; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  if (!PROVINCES.has(Number(s.slice(0, 2)))) return false;
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1) return false;
  if (d > (m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m])) return false;
  const last = s[17] === 'x' ? 'X' : s[17];
  return residentIdCheckCharacter(s) === last;
}

/** True when `s` is exactly 11 digits of a mainland mobile number. */
export function isMobileNumber(s: string): boolean {
  return /^1[3-9]\d{9}$/.test(s);
}

const ID_CANDIDATE = /(?<!\d)\d{17}[\dXx](?!\d)/g;
const MOBILE_CANDIDATE = /(?<!\d)((?:\+|00)?86[ -]?)?(1[3-9]\d)([ -]?)(\d{4})([ -]?)(\d{4})(?!\d)/g;

/** Folds full-width digits, plus, hyphen and space to ASCII (same length, so offsets stay valid). */
function foldDigits(s: string): string {
  let needs = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0xff10 && c <= 0xff19) || c === 0xff0b || c === 0xff0d || c === 0x3000) {
      needs = true;
      break;
    }
  }
  if (!needs) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0xff10 && c <= 0xff19) || c === 0xff0b || c === 0xff0d) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else out += s[i];
  }
  return out;
}

/** Cheap pre-check: fewer than 11 digits can hold neither an ID number nor a mobile number. */
function enoughDigits(s: string): boolean {
  if (s.length < 11) return false;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19)) {
      if (++n >= 11) return true;
    }
  }
  return false;
}

/** Which kind of identifier `value` contains first, or `null`. Fast for values with few digits. */
export function detectPii(value: string): PiiKind | null {
  if (!enoughDigits(value)) return null;
  const s = foldDigits(value);
  ID_CANDIDATE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ID_CANDIDATE.exec(s)) !== null) {
    if (isResidentIdNumber(m[0])) return 'resident_id';
  }
  MOBILE_CANDIDATE.lastIndex = 0;
  return MOBILE_CANDIDATE.test(s) ? 'mobile' : null;
}

export function containsPii(value: string): boolean {
  return detectPii(value) !== null;
}

/** Every identifier in `value`, in order. */
export function findPii(value: string): PiiMatch[] {
  const out: PiiMatch[] = [];
  if (!enoughDigits(value)) return out;
  const s = foldDigits(value);
  let m: RegExpExecArray | null;
  ID_CANDIDATE.lastIndex = 0;
  while ((m = ID_CANDIDATE.exec(s)) !== null) {
    if (isResidentIdNumber(m[0])) out.push({ kind: 'resident_id', start: m.index, end: m.index + 18 });
  }
  MOBILE_CANDIDATE.lastIndex = 0;
  while ((m = MOBILE_CANDIDATE.exec(s)) !== null) {
    out.push({ kind: 'mobile', start: m.index, end: m.index + m[0].length });
  }
  return out.sort((a, b) => a.start - b.start);
}

function maskId(id: string): string {
  return isResidentIdNumber(id) ? `${id.slice(0, 4)}**********${id.slice(14)}` : id;
}

function maskMobile(
  _all: string,
  prefix: string | undefined,
  head: string,
  sep1: string,
  _middle: string,
  sep2: string,
  tail: string,
): string {
  return `${prefix ?? ''}${head}${sep1}****${sep2}${tail}`;
}

/**
 * `value` with every resident ID number and mobile number masked; other text unchanged. Idempotent.
 * (When a value holds full-width digits, the result has them folded to ASCII.)
 */
export function maskPii(value: string): string {
  if (!enoughDigits(value)) return value;
  const s = foldDigits(value);
  ID_CANDIDATE.lastIndex = 0;
  MOBILE_CANDIDATE.lastIndex = 0;
  return s.replace(ID_CANDIDATE, maskId).replace(MOBILE_CANDIDATE, maskMobile);
}
