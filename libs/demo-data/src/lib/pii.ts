/** Helpers to make (and avoid) values that look like personal identifiers (PII-001). */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** ISO 7064 MOD 11-2 check character of a PRC resident ID number's first 17 digits. */
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

/** True when `s` contains an 18-character run that is a resident ID number with a valid check digit. */
export function containsIdNumber(s: string): boolean {
  for (let i = 0; i + 18 <= s.length; i++) {
    const v = s.slice(i, i + 18);
    if (/^\d{17}[\dXx]$/.test(v) && idCheckCharacter(v) === v[17].toUpperCase()) return true;
  }
  return false;
}

/** True when `s` contains a mainland mobile number (11 digits starting with 1[3-9]) not embedded in a longer digit run. */
export function containsMobile(s: string): boolean {
  return /(^|\D)1[3-9]\d{9}(?!\d)/.test(s);
}

/** Longest run of consecutive ASCII digits in `s`. */
export function longestDigitRun(s: string): number {
  let best = 0;
  let cur = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      cur++;
      if (cur > best) best = cur;
    } else cur = 0;
  }
  return best;
}

/** A fictional ID number with a valid check digit (for injected data errors only). */
export function fakeIdNumber(area6: string, birth8: string, seq3: string): string {
  const first17 = area6 + birth8 + seq3;
  return first17 + idCheckCharacter(first17);
}
