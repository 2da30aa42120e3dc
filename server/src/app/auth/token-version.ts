/**
 * Token revocation (ASVS 3.3.1, 3.3.3). Every access token carries the account's `token_version` as claim
 * `ver` (migration 1764720000000); changing the password or signing out everywhere increments the account's
 * version, so a token is current only while its `ver` still equals the account's. Tokens signed before the
 * claim existed count as version 0 (they expire within ACCESS_TOKEN_TTL_SECONDS anyway).
 */
export interface VersionClaim {
  ver?: number;
}

export function tokenIsCurrent(claims: { ver?: unknown }, account: { token_version: number }): boolean {
  const ver = typeof claims.ver === 'number' && Number.isInteger(claims.ver) ? claims.ver : 0;
  return ver === Number(account.token_version);
}
