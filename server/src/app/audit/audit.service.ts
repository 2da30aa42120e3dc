import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../database/tenant-db.service';
import { entryHash, GENESIS_HASH } from './audit-chain';

const AUDIT_CHAIN_LOCK = 7341002;

export interface AuditEvent {
  /** e.g. `auth.login`, `submission.upload`, `submission.submit`, `org.create` */
  action: string;
  objectType?: string;
  objectId?: string;
  /** The organisation the object belongs to, if any. */
  orgCode?: string | null;
  /** Never personal data or secrets. */
  detail?: Record<string, unknown>;
}

/**
 * Appends to the audit ledger inside the caller's transaction, so an entry exists exactly when the change
 * it records was committed. Entries are chained: each stores the hash of the one before it.
 */
@Injectable()
export class AuditService {
  async append(
    em: EntityManager,
    actor: Actor | { username: string; role: string | null },
    event: AuditEvent,
  ): Promise<void> {
    // Serialise appenders so that each entry chains to the true previous one.
    await em.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    const last: { hash: string }[] = await em.query('SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1');
    const prevHash = last[0]?.hash ?? GENESIS_HASH;
    const fields = {
      occurredAt: new Date(),
      actor: actor === 'system' ? 'system' : actor.username,
      actorRole: actor === 'system' ? null : actor.role,
      orgCode: event.orgCode ?? null,
      action: event.action,
      objectType: event.objectType ?? null,
      objectId: event.objectId ?? null,
      detail: event.detail ?? null,
    };
    await em.query(
      `INSERT INTO audit_entry (occurred_at, actor, actor_role, org_code, action, object_type, object_id, detail, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        fields.occurredAt.toISOString(),
        fields.actor,
        fields.actorRole,
        fields.orgCode,
        fields.action,
        fields.objectType,
        fields.objectId,
        fields.detail === null ? null : JSON.stringify(fields.detail),
        prevHash,
        entryHash(prevHash, fields),
      ],
    );
  }
}
