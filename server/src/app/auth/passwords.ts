import { hash, verify } from '@node-rs/argon2';

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

/** Null when acceptable, else a bilingual reason. Demo mode (npm start's own database) allows short demo passwords. */
export function passwordProblem(password: string, demoMode: boolean): string | null {
  const min = demoMode ? MIN_DEMO_PASSWORD_LENGTH : MIN_PASSWORD_LENGTH;
  if (password.length < min) return `密码至少 ${min} 个字符 / Password must have at least ${min} characters`;
  if (password.length > 256) return '密码过长 / Password too long';
  return null;
}
