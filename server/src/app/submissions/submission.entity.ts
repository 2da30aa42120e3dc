import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Organisation } from '../orgs/organisation.entity';
import { Period } from '../periods/period.entity';
import { RuleCatalogVersion } from '../rules/rule-catalog-version.entity';
import type { SubmissionKind } from '../periods/period.entity';

export const SUBMISSION_STATUSES = [
  'validating',
  'invalid',
  'valid',
  'submitted',
  'superseded',
  'failed',
] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

/** One uploaded file (报送) of one insurer, period and kind; every upload is a new version. */
@Entity({ name: 'submission' })
@Check('ck_submission_kind', `"kind" IN ('callbacks', 'complaints', 'profile')`)
@Check(
  'ck_submission_status',
  `"status" IN ('validating', 'invalid', 'valid', 'submitted', 'superseded', 'failed')`,
)
@Check('ck_submission_catalog_jurisdiction', `"catalog_jurisdiction" ~ '^[1-9][0-9]{5}$'`)
@Index('uq_submission_version', ['orgCode', 'periodCode', 'kind', 'version'], { unique: true })
@Index('ix_submission_sha256', ['orgCode', 'periodCode', 'kind', 'sha256'])
// At most one submitted version per (org, period, kind): a partial unique index, created by the migration.
@Index('uq_submission_submitted', { synchronize: false })
export class Submission {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'org_code', type: 'char', length: 18 })
  orgCode!: string;

  @Column({ name: 'period_code', type: 'varchar', length: 6 })
  periodCode!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: SubmissionKind;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: SubmissionStatus;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName!: string;

  @Column({ name: 'file_bytes', type: 'bigint' })
  fileBytes!: string;

  /** How the upload was read: `csv`, `csv.gz` or `xlsx` (null until validated, or when unreadable). */
  @Column({ name: 'file_format', type: 'varchar', length: 8, nullable: true })
  fileFormat!: string | null;

  /** The detected CSV text encoding (`utf-8`, `gb18030`); null for XLSX and pure-ASCII CSV. */
  @Column({ name: 'text_encoding', type: 'varchar', length: 16, nullable: true })
  textEncoding!: string | null;

  @Column({ type: 'bigint', default: 0 })
  rows!: string;

  @Column({ type: 'bigint', default: 0 })
  errors!: string;

  @Column({ type: 'bigint', default: 0 })
  warnings!: string;

  @Column({ type: 'bigint', default: 0 })
  findings!: string;

  /** Rows processed so far while `validating`. */
  @Column({ name: 'progress_rows', type: 'bigint', default: 0 })
  progressRows!: string;

  @Column({ name: 'catalog_version', type: 'integer' })
  catalogVersion!: number;

  /** The jurisdiction whose local rule pack was applied on top of `catalog_version`; null = national. */
  @Column({ name: 'catalog_jurisdiction', type: 'varchar', length: 6, nullable: true })
  catalogJurisdiction!: string | null;

  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason!: string | null;

  /** Uploaded after the period's deadline for this kind. */
  @Column({ type: 'boolean', default: false })
  late!: boolean;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy!: string;

  @Index('ix_submission_created')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'validated_at', type: 'timestamptz', nullable: true })
  validatedAt!: Date | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ name: 'submitted_by', type: 'varchar', length: 64, nullable: true })
  submittedBy!: string | null;

  @Index('uq_submission_receipt_no', { unique: true })
  @Column({ name: 'receipt_no', type: 'varchar', length: 32, nullable: true })
  receiptNo!: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'org_code', foreignKeyConstraintName: 'fk_submission_org' })
  organisation?: Organisation;

  @ManyToOne(() => Period, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'period_code', foreignKeyConstraintName: 'fk_submission_period' })
  period?: Period;

  @ManyToOne(() => RuleCatalogVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'catalog_version', foreignKeyConstraintName: 'fk_submission_catalog_version' })
  catalog?: RuleCatalogVersion;
}
