import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Submission } from './submission.entity';

/**
 * One problem found in a submission (one per row per rule). Values are stored masked when they are PII.
 * Partitioned by period like the record tables. Messages are rendered from the rule catalog on read.
 */
@Entity({ name: 'validation_issue' })
// (submission_id, rule_code, issue_no): a report filtered by rule, page by page. A partitioned index,
// created by the migration.
@Index('ix_validation_issue_rule', { synchronize: false })
export class ValidationIssue {
  @PrimaryColumn({ name: 'period_code', type: 'varchar', length: 6 })
  periodCode!: string;

  @PrimaryColumn({ name: 'submission_id', type: 'uuid' })
  submissionId!: string;

  @PrimaryColumn({ name: 'issue_no', type: 'integer' })
  issueNo!: number;

  /** The submitting organisation (row-level security keys on it). */
  @Column({ name: 'org_code', type: 'char', length: 18 })
  orgCode!: string;

  /** Row number as in the file (header = 1); null for file-level problems. */
  @Column({ name: 'row_no', type: 'integer', nullable: true })
  rowNo!: number | null;

  @Column({ name: 'column_key', type: 'varchar', length: 64, nullable: true })
  columnKey!: string | null;

  @Column({ type: 'text', nullable: true })
  value!: string | null;

  @Column({ name: 'rule_code', type: 'varchar', length: 16 })
  ruleCode!: string;

  @Column({ type: 'varchar', length: 8 })
  severity!: 'error' | 'warning' | 'finding';

  @Column({ type: 'jsonb', nullable: true })
  params!: Record<string, string | number> | null;
}

/** Exact number of rows per rule of a submission, so reports of millions of rows count without scanning. */
@Entity({ name: 'submission_rule_count' })
@Check('ck_submission_rule_count_severity', `"severity" IN ('error', 'warning', 'finding')`)
export class SubmissionRuleCount {
  @PrimaryColumn({ name: 'submission_id', type: 'uuid' })
  submissionId!: string;

  @PrimaryColumn({ name: 'rule_code', type: 'varchar', length: 16 })
  ruleCode!: string;

  @Column({ name: 'org_code', type: 'char', length: 18 })
  orgCode!: string;

  @Column({ type: 'varchar', length: 8 })
  severity!: 'error' | 'warning' | 'finding';

  @Column({ type: 'bigint' })
  count!: string;

  @ManyToOne(() => Submission, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'submission_id', foreignKeyConstraintName: 'fk_submission_rule_count_submission' })
  submission?: Submission;
}
