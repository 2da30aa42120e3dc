import { createHash } from 'node:crypto';

/** The hash of the entry before the first one. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  occurredAt: Date;
  actor: string | null;
  actorRole: string | null;
  orgCode: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  detail: Record<string, unknown> | null;
}

/** JSON with object keys sorted at every depth, so the same value always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** sha256 over the previous hash and every field of the entry: changing any of them breaks the chain. */
export function entryHash(prevHash: string, e: ChainedFields): string {
  const payload = canonicalJson([
    prevHash,
    e.occurredAt.toISOString(),
    e.actor,
    e.actorRole,
    e.orgCode === null ? null : e.orgCode.trim(),
    e.action,
    e.objectType,
    e.objectId,
    e.detail,
  ]);
  return createHash('sha256').update(payload, 'utf8').digest('hex');
}
