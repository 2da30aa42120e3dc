import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Organisation } from '../orgs/organisation.entity';
import { Submission } from '../submissions/submission.entity';

/**
 * One insurer's statistics for one period (METRICS.md keys, computed in SQL from the latest submitted
 * versions). `signature` names the inputs (submission ids, catalog version, calendar); when it no longer
 * matches, the row is recomputed. `comparison` is the part that depends on the insurer's group.
 */
@Entity({ name: 'stats_org_period' })
@Check('ck_stats_org_period_group', `"org_group" IN ('life', 'property')`)
export class StatsOrgPeriod {
  @PrimaryColumn({
    name: 'period_code',
    type: 'varchar',
    length: 6,
    primaryKeyConstraintName: 'pk_stats_org_period',
  })
  periodCode!: string;

  @PrimaryColumn({
    name: 'org_code',
    type: 'char',
    length: 18,
    primaryKeyConstraintName: 'pk_stats_org_period',
  })
  orgCode!: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_code', foreignKeyConstraintName: 'fk_stats_org_period_org' })
  org?: Organisation;

  @Column({ name: 'org_group', type: 'varchar', length: 16 })
  orgGroup!: 'life' | 'property';

  @Column({ type: 'text' })
  signature!: string;

  @Column({ type: 'jsonb' })
  figures!: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: true })
  comparison!: Record<string, unknown> | null;

  /** The group signature `comparison` was computed for. */
  @Column({ name: 'group_signature', type: 'text', nullable: true })
  groupSignature!: string | null;

  @Column({ name: 'computed_at', type: 'timestamptz', default: () => 'now()' })
  computedAt!: Date;
}

/** A group block (`life`, `property`, or `all` insurers) for one period: sums, pooled rates, medians, lists. */
@Entity({ name: 'stats_group_period' })
@Check('ck_stats_group_period_group', `"org_group" IN ('life', 'property', 'all')`)
export class StatsGroupPeriod {
  @PrimaryColumn({
    name: 'period_code',
    type: 'varchar',
    length: 6,
    primaryKeyConstraintName: 'pk_stats_group_period',
  })
  periodCode!: string;

  @PrimaryColumn({
    name: 'org_group',
    type: 'varchar',
    length: 16,
    primaryKeyConstraintName: 'pk_stats_group_period',
  })
  orgGroup!: 'life' | 'property' | 'all';

  @Column({ type: 'text' })
  signature!: string;

  @Column({ type: 'jsonb' })
  figures!: Record<string, unknown>;

  @Column({ name: 'computed_at', type: 'timestamptz', default: () => 'now()' })
  computedAt!: Date;
}

/** The working-day calendar as a table, for set-based working-day arithmetic in SQL (see the migration). */
@Entity({ name: 'stats_calendar_day' })
export class StatsCalendarDay {
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'pk_stats_calendar_day' })
  day!: string;

  /** The first year of the run of consecutive covered years the day is in. */
  @Column({ type: 'smallint' })
  segment!: number;

  /** Working days from the start of the segment up to and including this day. */
  @Column({ name: 'workdays_through', type: 'integer' })
  workdaysThrough!: number;

  @Column({ name: 'is_working', type: 'boolean' })
  isWorking!: boolean;
}

/** Which calendar `stats_calendar_day` holds (a hash of the schedules in force when it was filled). */
@Entity({ name: 'stats_calendar_fill' })
@Check('ck_stats_calendar_fill_single', `"id" = 1`)
export class StatsCalendarFill {
  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'pk_stats_calendar_fill' })
  id!: number;

  @Column({ type: 'char', length: 64 })
  signature!: string;

  @Column({ name: 'filled_at', type: 'timestamptz', default: () => 'now()' })
  filledAt!: Date;
}

/**
 * What the statistics classify one submitted version's records into (call-backs or complaints), computed once
 * per version (a submitted version never changes) and reused by every later recomputation while `signature`
 * (the classifying SQL, the rule parameters, the working-day calendar) still matches. Tenant table.
 */
@Entity({ name: 'stats_submission_class' })
@Check('ck_stats_submission_class_kind', `"kind" IN ('callbacks', 'complaints')`)
@Index('ix_stats_submission_class_period', ['periodCode', 'orgCode'])
export class StatsSubmissionClass {
  @PrimaryColumn({
    name: 'submission_id',
    type: 'uuid',
    primaryKeyConstraintName: 'pk_stats_submission_class',
  })
  submissionId!: string;

  @ManyToOne(() => Submission, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id', foreignKeyConstraintName: 'fk_stats_submission_class_submission' })
  submission?: Submission;

  @Column({ name: 'period_code', type: 'varchar', length: 6 })
  periodCode!: string;

  @Column({ name: 'org_code', type: 'char', length: 18 })
  orgCode!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: 'callbacks' | 'complaints';

  @Column({ type: 'text' })
  signature!: string;

  /** `[{...class columns, n}]`: one element per distinct class, with its record count. */
  @Column({ type: 'jsonb' })
  classes!: Record<string, unknown>[];

  @Column({ name: 'computed_at', type: 'timestamptz', default: () => 'now()' })
  computedAt!: Date;
}
