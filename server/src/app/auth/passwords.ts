import { hash, verify } from '@node-rs/argon2';
import { isCommonPassword } from './common-passwords';

/** argon2id with the library's defaults (m=19 MiB, t=2, p=1: OWASP's minimum recommendation). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the user does not exist, so timing does not reveal which usernames exist. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  return (dummyHash ??= hash('portal-dummy-password-for-timing'));
}

export const MIN_PASSWORD_LENGTH = 12;
export const MIN_DEMO_PASSWORD_LENGTH = 8;

export const MAX_PASSWORD_LENGTH = 256;

/**
 * Null when acceptable, else a bilingual reason (ASVS 2.1.1–2.1.4, 2.1.7): at least 12 characters (counted as
 * Unicode code points, so Chinese passphrases count per character; any character allowed, nothing truncated),
 * not one that attackers try first, not the username. Demo mode (npm start's own database) allows short demo
 * passwords.
 */
export function passwordProblem(password: string, demoMode: boolean, username?: string): string | null {
  const min = demoMode ? MIN_DEMO_PASSWORD_LENGTH : MIN_PASSWORD_LENGTH;
  const length = [...password].length;
  if (length < min) return `密码至少 ${min} 个字符 / Password must have at least ${min} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return '密码过长 / Password too long';
  if (username && password.toLowerCase() === username.toLowerCase())
    return '密码不能与用户名相同 / The password must not be the username';
  if (isCommonPassword(password))
    return '该密码过于常见，容易被猜中，请换一个 / This password is too common and easily guessed: choose another';
  return null;
}
