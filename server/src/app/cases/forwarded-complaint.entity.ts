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

export const CASE_STATUSES = ['open', 'handled'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
/** Outcomes a handled case may have (the standard's `outcome` without `pending`). */
export const HANDLED_OUTCOMES = ['upheld', 'partially_upheld', 'not_upheld', 'withdrawn'] as const;
export type HandledOutcome = (typeof HANDLED_OUTCOMES)[number];
export const SUPERVISION_RESULTS = ['agree', 'disagree'] as const;
export type SupervisionResult = (typeof SUPERVISION_RESULTS)[number];

/**
 * A complaint the regulator forwarded to an insurer (信访转办件), with its deadline — `forwardWorkingDays`
 * (CP-02, 15) working days after `forwarded_on` — the insurer's handling and callback (回访单), and the
 * regulator's follow-up check (督查). 北京保险业信访回访和督查制度 第五、六、九、十条.
 */
@Entity({ name: 'forwarded_complaint' })
@Check('ck_forwarded_complaint_status', `"status" IN ('open', 'handled')`)
@Check(
  'ck_forwarded_complaint_category',
  `"category" IN ('sales', 'claims', 'surrender', 'policy_service', 'premium', 'callback', 'service_quality', 'other')`,
)
@Check(
  'ck_forwarded_complaint_outcome',
  `"outcome" IS NULL OR "outcome" IN ('upheld', 'partially_upheld', 'not_upheld', 'withdrawn')`,
)
@Check(
  'ck_forwarded_complaint_callback_method',
  `"callback_method" IS NULL OR "callback_method" IN ('phone', 'electronic', 'visit', 'letter')`,
)
@Check(
  'ck_forwarded_complaint_satisfaction',
  `"satisfaction" IS NULL OR "satisfaction" IN ('satisfied', 'basically_satisfied', 'dissatisfied', 'unreachable')`,
)
@Check(
  'ck_forwarded_complaint_supervision',
  `"supervision_result" IS NULL OR "supervision_result" IN ('agree', 'disagree')`,
)
@Check(
  'ck_forwarded_complaint_handled',
  `"status" = 'open' OR ("decided_on" IS NOT NULL AND "callback_on" IS NOT NULL AND "outcome" IS NOT NULL AND "on_time" IS NOT NULL)`,
)
@Index('ix_forwarded_complaint_org_status', ['orgCode', 'status', 'deadline'])
export class ForwardedComplaint {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_forwarded_complaint' })
  id!: string;

  /** The insurer it was forwarded to (row-level security keys on it). */
  @Column({ name: 'org_code', type: 'char', length: 18 })
  orgCode!: string;

  /** The regulator's case number (转办编号); the same key as `complaint_record.forward_no`. */
  @Index('uq_forwarded_complaint_forward_no', { unique: true })
  @Column({ name: 'forward_no', type: 'varchar', length: 64 })
  forwardNo!: string;

  @Column({ name: 'forwarded_on', type: 'date' })
  forwardedOn!: string;

  @Column({ type: 'varchar', length: 16 })
  category!: string;

  /** Free text: never logged, never copied into the audit ledger; refused when it holds an ID or mobile number. */
  @Column({ type: 'text' })
  summary!: string;

  /** The forwarding period used (CP-02 `forwardWorkingDays` of the catalog version in force). */
  @Column({ name: 'working_days', type: 'smallint' })
  workingDays!: number;

  @Column({ name: 'catalog_version', type: 'integer' })
  catalogVersion!: number;

  @Column({ type: 'date' })
  deadline!: string;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status!: CaseStatus;

  @Column({ name: 'decided_on', type: 'date', nullable: true })
  decidedOn!: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  outcome!: HandledOutcome | null;

  @Column({ name: 'callback_on', type: 'date', nullable: true })
  callbackOn!: string | null;

  @Column({ name: 'callback_method', type: 'varchar', length: 16, nullable: true })
  callbackMethod!: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  satisfaction!: string | null;

  @Column({ name: 'handling_note', type: 'text', nullable: true })
  handlingNote!: string | null;

  /** Both decided_on and callback_on on or before the deadline. */
  @Column({ name: 'on_time', type: 'boolean', nullable: true })
  onTime!: boolean | null;

  @Column({ name: 'handled_at', type: 'timestamptz', nullable: true })
  handledAt!: Date | null;

  @Column({ name: 'handled_by', type: 'varchar', length: 64, nullable: true })
  handledBy!: string | null;

  @Column({ name: 'supervision_result', type: 'varchar', length: 16, nullable: true })
  supervisionResult!: SupervisionResult | null;

  @Column({ name: 'supervision_note', type: 'text', nullable: true })
  supervisionNote!: string | null;

  @Column({ name: 'supervised_at', type: 'timestamptz', nullable: true })
  supervisedAt!: Date | null;

  @Column({ name: 'supervised_by', type: 'varchar', length: 64, nullable: true })
  supervisedBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy!: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'org_code', foreignKeyConstraintName: 'fk_forwarded_complaint_org' })
  organisation?: Organisation;

  @ManyToOne(() => RuleCatalogVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'catalog_version', foreignKeyConstraintName: 'fk_forwarded_complaint_catalog_version' })
  catalog?: RuleCatalogVersion;
}
