import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

export type SubmissionKind = 'callbacks' | 'complaints' | 'profile';
export const SUBMISSION_KINDS: readonly SubmissionKind[] = ['callbacks', 'complaints', 'profile'];

/** A half-year reporting period (报送期), e.g. `2026H1` = 2026-01-01 … 2026-06-30. */
@Entity({ name: 'period' })
@Check('ck_period_code', `"code" ~ '^[0-9]{4}H[12]$'`)
export class Period {
  @PrimaryColumn({ type: 'varchar', length: 6 })
  code!: string;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn!: string;

  @Column({ name: 'ends_on', type: 'date' })
  endsOn!: string;
}

/** The submission deadline of one kind of file for a period (default: 30 days after the period ends). */
@Entity({ name: 'period_deadline' })
@Check('ck_period_deadline_kind', `"kind" IN ('callbacks', 'complaints', 'profile')`)
export class PeriodDeadline {
  @PrimaryColumn({ name: 'period_code', type: 'varchar', length: 6 })
  periodCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  kind!: SubmissionKind;

  @ManyToOne(() => Period, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'period_code', foreignKeyConstraintName: 'fk_period_deadline_period' })
  period?: Period;

  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;
}
