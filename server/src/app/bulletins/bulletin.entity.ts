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
import { RuleCatalogVersion } from '../rules/rule-catalog-version.entity';
import type { BulletinContent } from './bulletin-content';

export const BULLETIN_STATUSES = ['rendering', 'draft', 'failed', 'published'] as const;
export type BulletinStatus = (typeof BULLETIN_STATUSES)[number];

/**
 * A semiannual bulletin (通报) of one period, one edition. Drafts are rendered in the background
 * (`rendering` → `draft` | `failed`); publishing freezes the reviewed draft's PDF and adds the CSV and JSON of
 * the same snapshot (`content`). A published row is immutable (database trigger); a correction is a new
 * edition whose `replaces_id` names the published one.
 */
@Entity({ name: 'bulletin' })
@Check('ck_bulletin_status', `"status" IN ('rendering', 'draft', 'failed', 'published')`)
@Check('ck_bulletin_period', `"period_code" ~ '^[0-9]{4}H[12]$'`)
@Check('ck_bulletin_edition', `"edition" >= 1`)
@Check(
  'ck_bulletin_published',
  `"status" <> 'published' OR ("pdf" IS NOT NULL AND "pdf_sha256" IS NOT NULL AND "csv" IS NOT NULL AND "json" IS NOT NULL AND "published_at" IS NOT NULL)`,
)
@Index('ix_bulletin_period', ['periodCode', 'edition'])
@Index('uq_bulletin_published_edition', ['periodCode', 'edition'], {
  unique: true,
  where: `"status" = 'published'`,
})
export class Bulletin {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_bulletin' })
  id!: string;

  @Column({ name: 'period_code', type: 'varchar', length: 6 })
  periodCode!: string;

  /** 1 for the first bulletin of a period; each correction is the next edition. */
  @Column({ type: 'integer' })
  edition!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: BulletinStatus;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  /** The document number (文号), e.g. 京金发〔2026〕12号. */
  @Column({ name: 'document_no', type: 'varchar', length: 64, nullable: true })
  documentNo!: string | null;

  /** The date printed on the cover. */
  @Column({ name: 'issued_on', type: 'date' })
  issuedOn!: string;

  /** Free text (督查情况) entered by the regulator; rendered escaped. */
  @Column({ name: 'inspection_findings', type: 'text', nullable: true })
  inspectionFindings!: string | null;

  @Column({ name: 'replaces_id', type: 'uuid', nullable: true })
  replacesId!: string | null;

  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason!: string | null;

  /** The snapshot every document of this bulletin is made of. */
  @Column({ type: 'jsonb', nullable: true })
  content!: BulletinContent | null;

  @Column({ name: 'catalog_version', type: 'integer', nullable: true })
  catalogVersion!: number | null;

  @Column({ name: 'data_cutoff', type: 'timestamptz', nullable: true })
  dataCutoff!: Date | null;

  @Column({ type: 'bytea', nullable: true })
  pdf!: Buffer | null;

  @Column({ name: 'pdf_sha256', type: 'char', length: 64, nullable: true })
  pdfSha256!: string | null;

  @Column({ type: 'bytea', nullable: true })
  csv!: Buffer | null;

  @Column({ type: 'bytea', nullable: true })
  json!: Buffer | null;

  @Column({ name: 'render_ms', type: 'integer', nullable: true })
  renderMs!: number | null;

  /** Requests the renderer aborted while printing (anything not our own file:// assets); expected 0. */
  @Column({ name: 'blocked_requests', type: 'integer', nullable: true })
  blockedRequests!: number | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'rendered_at', type: 'timestamptz', nullable: true })
  renderedAt!: Date | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ name: 'published_by', type: 'varchar', length: 64, nullable: true })
  publishedBy!: string | null;

  @ManyToOne(() => Bulletin, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'replaces_id', foreignKeyConstraintName: 'fk_bulletin_replaces' })
  replaces?: Bulletin;

  @ManyToOne(() => RuleCatalogVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'catalog_version', foreignKeyConstraintName: 'fk_bulletin_catalog_version' })
  catalog?: RuleCatalogVersion;
}

/** An insurer's objection to its own figures in a draft bulletin, for the regulator to review. */
@Entity({ name: 'bulletin_dispute' })
@Index('ix_bulletin_dispute_bulletin', ['bulletinId', 'createdAt'])
export class BulletinDispute {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_bulletin_dispute' })
  id!: string;

  @Column({ name: 'bulletin_id', type: 'uuid' })
  bulletinId!: string;

  /** The disputing insurer (row-level security keys on it). */
  @Column({ name: 'org_code', type: 'char', length: 18 })
  orgCode!: string;

  /** The figure disputed (a METRICS.md key such as `complaints.total`), when the insurer names one. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  figure!: string | null;

  @Column({ type: 'text' })
  comment!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @ManyToOne(() => Bulletin, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'bulletin_id', foreignKeyConstraintName: 'fk_bulletin_dispute_bulletin' })
  bulletin?: Bulletin;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'org_code', foreignKeyConstraintName: 'fk_bulletin_dispute_org' })
  organisation?: Organisation;
}
