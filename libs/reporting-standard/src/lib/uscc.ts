/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015.
 *
 * 18 characters: registration authority (1), organisation type (1), administrative division (6),
 * organisation code (9, GB 11714 — its 9th character is a check character of its own), check character (1).
 * Both check characters are verified: the GB 11714 one (mod 11) and the GB 32100 one (mod 31).
 */

/** The 31 characters GB 32100 allows (no I, O, S, V, Z), in value order. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

export type UsccProblem = 'length' | 'charset' | 'division' | 'orgCodeCheck' | 'checkCharacter';

export interface UsccResult {
  valid: boolean;
  problem?: UsccProblem;
}

/** The GB 32100 check character for the first 17 characters. */
export function usccCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_ALPHABET.indexOf(first17[i]);
    if (value < 0) throw new Error(`invalid USCC character '${first17[i]}'`);
    sum += value * USCC_WEIGHTS[i];
  }
  const check = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET[check];
}

/** The GB 11714 check character for the 8-character body of an organisation code. */
export function orgCodeCheckCharacter(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body8[i];
    const value = c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55; // A=10 … Z=35
    if (value < 0 || value > 35) throw new Error(`invalid organisation code character '${c}'`);
    sum += value * ORG_CODE_WEIGHTS[i];
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

export function checkUscc(code: string): UsccResult {
  if (typeof code !== 'string' || code.length !== 18) return { valid: false, problem: 'length' };
  for (const c of code) {
    if (!USCC_ALPHABET.includes(c)) return { valid: false, problem: 'charset' };
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) return { valid: false, problem: 'division' };
  const orgBody = code.slice(8, 16);
  if (!/^[0-9A-Z]{8}$/.test(orgBody) || orgCodeCheckCharacter(orgBody) !== code[16]) {
    return { valid: false, problem: 'orgCodeCheck' };
  }
  if (usccCheckCharacter(code.slice(0, 17)) !== code[17]) return { valid: false, problem: 'checkCharacter' };
  return { valid: true };
}

export function isValidUscc(code: string): boolean {
  return checkUscc(code).valid;
}

/**
 * Builds a valid code from its parts (used by the demo-data generator and tests).
 * `orgBody8` is the 8-character body of the organisation code.
 */
export function buildUscc(prefix2: string, division6: string, orgBody8: string): string {
  const first17 = prefix2 + division6 + orgBody8 + orgCodeCheckCharacter(orgBody8);
  return first17 + usccCheckCharacter(first17);
}
