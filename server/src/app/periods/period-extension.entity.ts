import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Organisation } from '../orgs/organisation.entity';
import { Period, type SubmissionKind } from './period.entity';

/**
 * An extension of a period's submission deadline for one kind of file, granted by a regulator admin for
 * every insurer (`org_code` null) or for one. The effective deadline is the latest of the period deadline
 * and every extension that applies (see effective-deadline.sql.ts).
 */
@Entity({ name: 'period_extension' })
@Check('ck_period_extension_kind', `"kind" IN ('callbacks', 'complaints', 'profile')`)
@Index('ix_period_extension_lookup', ['periodCode', 'kind', 'orgCode'])
export class PeriodExtension {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_period_extension' })
  id!: string;

  @Column({ name: 'period_code', type: 'varchar', length: 6 })
  periodCode!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: SubmissionKind;

  /** The insurer it is granted to; null = every insurer. */
  @Column({ name: 'org_code', type: 'char', length: 18, nullable: true })
  orgCode!: string | null;

  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'granted_at', type: 'timestamptz', default: () => 'now()' })
  grantedAt!: Date;

  @Column({ name: 'granted_by', type: 'varchar', length: 64 })
  grantedBy!: string;

  @ManyToOne(() => Period, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'period_code', foreignKeyConstraintName: 'fk_period_extension_period' })
  period?: Period;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'org_code', foreignKeyConstraintName: 'fk_period_extension_org' })
  organisation?: Organisation;
}
