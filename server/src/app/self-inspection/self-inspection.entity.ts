import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Organisation } from '../orgs/organisation.entity';
import { Submission } from '../submissions/submission.entity';
import type { Measure, Problem, VersionContent } from './self-inspection.model';

export const REPORT_STATUSES = ['requested', 'draft', 'submitted', 'returned', 'accepted'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/**
 * A self-inspection notice (自查通知): the regulator asks insurers to inspect themselves for a period, within
 * a scope, by a deadline (e.g. 京保监发[2008]294号). Each insurer named gets one report.
 */
@Entity({ name: 'self_inspection' })
@Check('ck_self_inspection_period', `"period_code" ~ '^[0-9]{4}H[12]$'`)
@Index('ix_self_inspection_created', ['createdAt'])
export class SelfInspection {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_self_inspection' })
  id!: string;

  @Column({ name: 'period_code', type: 'varchar', length: 6 })
  periodCode!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  /** What to inspect, free text (rendered escaped). */
  @Column({ type: 'text' })
  scope!: string;

  /** The report is due on this day (China); after it, an unsigned report is overdue. */
  @Column({ type: 'date' })
  deadline!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * One insurer's self-inspection report (自查报告) for a notice: the working copy of sections 2 and 3
 * (section 1 is computed from the submitted data), its status and current version. `revision` counts
 * changes, so a sign-off that rendered an older state is refused.
 */
@Entity({ name: 'self_inspection_report' })
@Check(
  'ck_self_inspection_report_status',
  `"status" IN ('requested', 'draft', 'submitted', 'returned', 'accepted')`,
)
@Check('ck_self_inspection_report_version', `"version" >= 1`)
@Index('uq_self_inspection_report_notice_org', ['noticeId', 'orgCode'], { unique: true })
@Index('ix_self_inspection_report_org', ['orgCode', 'status'])
export class SelfInspectionReport {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_self_inspection_report' })
  id!: string;

  @Column({ name: 'notice_id', type: 'uuid' })
  noticeId!: string;

  /** The reporting insurer (row-level security keys on it). */
  @Column({ name: 'org_code', type: 'char', length: 18 })
  orgCode!: string;

  @Column({ name: 'period_code', type: 'varchar', length: 6 })
  periodCode!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: ReportStatus;

  /** 1 at first; each return by the regulator opens the next version. */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'integer' })
  revision!: number;

  /** Section 2: the main problems found (自查发现的主要问题). */
  @Column({ type: 'jsonb' })
  problems!: Problem[];

  /** Section 3: the rectification measures (整改措施). */
  @Column({ type: 'jsonb' })
  measures!: Measure[];

  @Column({ name: 'updated_by', type: 'varchar', length: 64, nullable: true })
  updatedBy!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', nullable: true })
  updatedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @ManyToOne(() => SelfInspection, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'notice_id', foreignKeyConstraintName: 'fk_self_inspection_report_notice' })
  notice?: SelfInspection;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'org_code', foreignKeyConstraintName: 'fk_self_inspection_report_org' })
  organisation?: Organisation;
}

/**
 * A signed version of a report: what the approver signed (all three sections, the sample summary), the
 * signer, and the PDF. Immutable (database trigger) except the regulator's review, recorded once.
 */
@Entity({ name: 'self_inspection_report_version' })
@Check(
  'ck_self_inspection_report_version_review',
  `"review_decision" IS NULL OR ("review_decision" IN ('accept', 'return') AND "reviewed_by" IS NOT NULL AND "reviewed_at" IS NOT NULL)`,
)
export class SelfInspectionReportVersion {
  @PrimaryColumn({
    name: 'report_id',
    type: 'uuid',
    primaryKeyConstraintName: 'pk_self_inspection_report_version',
  })
  reportId!: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pk_self_inspection_report_version' })
  version!: number;

  @Column({ name: 'org_code', type: 'char', length: 18 })
  orgCode!: string;

  /** The snapshot the PDF was rendered from. */
  @Column({ type: 'jsonb' })
  content!: VersionContent;

  @Column({ name: 'signer_name', type: 'varchar', length: 64 })
  signerName!: string;

  @Column({ name: 'signer_title', type: 'varchar', length: 64 })
  signerTitle!: string;

  /** The approver's user name (the account that signed). */
  @Column({ name: 'signed_by', type: 'varchar', length: 64 })
  signedBy!: string;

  @Column({ name: 'signed_at', type: 'timestamptz' })
  signedAt!: Date;

  @Column({ type: 'bytea' })
  pdf!: Buffer;

  @Column({ name: 'pdf_sha256', type: 'char', length: 64 })
  pdfSha256!: string;

  @Column({ name: 'review_decision', type: 'varchar', length: 8, nullable: true })
  reviewDecision!: 'accept' | 'return' | null;

  @Column({ name: 'review_comments', type: 'text', nullable: true })
  reviewComments!: string | null;

  @Column({ name: 'reviewed_by', type: 'varchar', length: 64, nullable: true })
  reviewedBy!: string | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;

  @ManyToOne(() => SelfInspectionReport, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'fk_self_inspection_report_version_report' })
  report?: SelfInspectionReport;
}

/**
 * The recording-review sample (回访质量抽检) of a report: drawn once from the latest submitted callbacks file
 * of the period, reproducibly (the seed is kept); `strata` records the allocation of every stratum.
 */
@Entity({ name: 'self_inspection_sample' })
@Check('ck_self_inspection_sample_size', `"size" >= 0 AND "size" <= "population"`)
export class SelfInspectionSample {
  @PrimaryColumn({ name: 'report_id', type: 'uuid', primaryKeyConstraintName: 'pk_self_inspection_sample' })
  reportId!: string;

  @Column({ name: 'org_code', type: 'char', length: 18 })
  orgCode!: string;

  @Column({ name: 'period_code', type: 'varchar', length: 6 })
  periodCode!: string;

  /** The callbacks submission the sample was drawn from. */
  @Column({ name: 'submission_id', type: 'uuid' })
  submissionId!: string;

  @Column({ type: 'varchar', length: 64 })
  seed!: string;

  /** New business means term_months greater than this (CB-C1's `minTermMonths` when drawn). */
  @Column({ name: 'min_term_months', type: 'smallint' })
  minTermMonths!: number;

  /** New-business callbacks of the period. */
  @Column({ type: 'integer' })
  population!: number;

  @Column({ type: 'integer' })
  size!: number;

  @Column({ type: 'jsonb' })
  strata!: unknown;

  @Column({ name: 'drawn_by', type: 'varchar', length: 64 })
  drawnBy!: string;

  @CreateDateColumn({ name: 'drawn_at', type: 'timestamptz' })
  drawnAt!: Date;

  @ManyToOne(() => SelfInspectionReport, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'fk_self_inspection_sample_report' })
  report?: SelfInspectionReport;

  @ManyToOne(() => Submission, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'submission_id', foreignKeyConstraintName: 'fk_self_inspection_sample_submission' })
  submission?: Submission;
}

/**
 * One sampled callback (a copy of the fields the reviewer needs, no personal data) and the insurer's review
 * outcome. Only the outcome columns ever change (database trigger).
 */
@Entity({ name: 'self_inspection_sample_item' })
@Check(
  'ck_self_inspection_sample_item_outcome',
  `"outcome" IS NULL OR "outcome" IN ('compliant', 'non_compliant')`,
)
@Index('ix_self_inspection_sample_item_policy', ['reportId', 'policyNo'])
export class SelfInspectionSampleItem {
  @PrimaryColumn({
    name: 'report_id',
    type: 'uuid',
    primaryKeyConstraintName: 'pk_self_inspection_sample_item',
  })
  reportId!: string;

  /** 1-based position in the list (by stratum, then policy number). */
  @PrimaryColumn({
    name: 'item_no',
    type: 'integer',
    primaryKeyConstraintName: 'pk_self_inspection_sample_item',
  })
  itemNo!: number;

  @Column({ name: 'org_code', type: 'char', length: 18 })
  orgCode!: string;

  /** The row of the callbacks file (header = 1). */
  @Column({ name: 'row_no', type: 'integer' })
  rowNo!: number;

  @Column({ name: 'policy_no', type: 'varchar', length: 64 })
  policyNo!: string;

  @Column({ type: 'varchar', length: 16 })
  channel!: string;

  @Column({ name: 'product_type', type: 'varchar', length: 16 })
  productType!: string;

  @Column({ name: 'channel_group', type: 'varchar', length: 16 })
  channelGroup!: string;

  @Column({ name: 'product_group', type: 'varchar', length: 16 })
  productGroup!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  method!: string | null;

  @Column({ name: 'completed_on', type: 'date', nullable: true })
  completedOn!: string | null;

  @Column({ name: 'recording_ref', type: 'varchar', length: 128, nullable: true })
  recordingRef!: string | null;

  @Column({ name: 'receipt_ref', type: 'varchar', length: 128, nullable: true })
  receiptRef!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  outcome!: 'compliant' | 'non_compliant' | null;

  @Column({ name: 'problem_codes', type: 'text', array: true })
  problemCodes!: string[];

  @Column({ name: 'rule_codes', type: 'text', array: true })
  ruleCodes!: string[];

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'reviewed_by', type: 'varchar', length: 64, nullable: true })
  reviewedBy!: string | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;

  @ManyToOne(() => SelfInspectionSample, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'report_id',
    referencedColumnName: 'reportId',
    foreignKeyConstraintName: 'fk_self_inspection_sample_item_sample',
  })
  sample?: SelfInspectionSample;
}
