import type { DataSource } from 'typeorm';
import { entryHash, GENESIS_HASH } from './audit-chain';

export interface VerifyResult {
  entries: number;
  /** The first entry whose stored hashes do not match its content or its predecessor; null when intact. */
  firstBroken: { id: string; reason: string } | null;
}

/** Walks the whole ledger in id order, recomputing every hash; streams in batches. */
export async function verifyAuditChain(ds: DataSource, batch = 5000): Promise<VerifyResult> {
  let prev = GENESIS_HASH;
  let lastId = '0';
  let entries = 0;
  for (;;) {
    const rows: {
      id: string;
      occurred_at: Date;
      actor: string | null;
      actor_role: string | null;
      org_code: string | null;
      action: string;
      object_type: string | null;
      object_id: string | null;
      detail: Record<string, unknown> | null;
      prev_hash: string;
      hash: string;
    }[] = await ds.query('SELECT * FROM audit_entry WHERE id > $1 ORDER BY id LIMIT $2', [lastId, batch]);
    if (!rows.length) return { entries, firstBroken: null };
    for (const r of rows) {
      entries++;
      if (r.prev_hash !== prev) {
        return { entries, firstBroken: { id: r.id, reason: '前一条哈希不符 / previous-hash link broken' } };
      }
      const expected = entryHash(prev, {
        occurredAt: r.occurred_at,
        actor: r.actor,
        actorRole: r.actor_role,
        orgCode: r.org_code,
        action: r.action,
        objectType: r.object_type,
        objectId: r.object_id,
        detail: r.detail,
      });
      if (expected !== r.hash) {
        return {
          entries,
          firstBroken: { id: r.id, reason: '内容与哈希不符 / content does not match its hash' },
        };
      }
      prev = r.hash;
      lastId = r.id;
    }
  }
}
