import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The append-only audit ledger: every state change, hash-chained to the entry before it.
 * A trigger refuses UPDATE, DELETE and TRUNCATE (see the migrations).
 */
@Entity({ name: 'audit_entry' })
export class AuditEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'varchar', length: 64, nullable: true })
  actor!: string | null;

  @Column({ name: 'actor_role', type: 'varchar', length: 32, nullable: true })
  actorRole!: string | null;

  @Column({ name: 'org_code', type: 'char', length: 18, nullable: true })
  orgCode!: string | null;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ name: 'object_type', type: 'varchar', length: 32, nullable: true })
  objectType!: string | null;

  @Column({ name: 'object_id', type: 'varchar', length: 64, nullable: true })
  objectId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  detail!: Record<string, unknown> | null;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}
