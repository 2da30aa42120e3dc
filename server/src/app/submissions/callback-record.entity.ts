import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row of a `callbacks` file (回访明细), as typed by the reporting standard. Column names are the
 * standard's keys. The table is partitioned by period (LIST on period_code, see the migrations) and keyed
 * for per-insurer-per-period reads; rows are bulk-loaded with COPY and never updated.
 */
@Entity({ name: 'callback_record' })
export class CallbackRecord {
  @PrimaryColumn({ name: 'period_code', type: 'varchar', length: 6 })
  periodCode!: string;

  @PrimaryColumn({ name: 'org_code', type: 'char', length: 18 })
  orgCode!: string;

  @PrimaryColumn({ name: 'submission_id', type: 'uuid' })
  submissionId!: string;

  @PrimaryColumn({ name: 'row_no', type: 'integer' })
  rowNo!: number;

  @Column({ name: 'callback_type', type: 'varchar', length: 16 })
  callbackType!: string;

  @Column({ name: 'policy_no', type: 'varchar', length: 64 })
  policyNo!: string;

  @Column({ name: 'case_no', type: 'varchar', length: 64, nullable: true })
  caseNo!: string | null;

  @Column({ name: 'product_type', type: 'varchar', length: 16 })
  productType!: string;

  @Column({ type: 'varchar', length: 16 })
  channel!: string;

  @Column({ name: 'term_months', type: 'smallint' })
  termMonths!: number;

  @Column({ name: 'payment_mode', type: 'varchar', length: 8 })
  paymentMode!: string;

  @Column({ name: 'policyholder_age', type: 'smallint' })
  policyholderAge!: number;

  @Column({ name: 'underwritten_on', type: 'date' })
  underwrittenOn!: string;

  @Column({ name: 'receipt_signed_on', type: 'date', nullable: true })
  receiptSignedOn!: string | null;

  @Column({ name: 'cooling_off_days', type: 'smallint', nullable: true })
  coolingOffDays!: number | null;

  @Column({ name: 'sales_recorded', type: 'boolean', nullable: true })
  salesRecorded!: boolean | null;

  @Column({ name: 'case_closed_on', type: 'date', nullable: true })
  caseClosedOn!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  method!: string | null;

  @Column({ name: 'methods_tried', type: 'text', array: true, nullable: true })
  methodsTried!: string[] | null;

  @Column({ name: 'first_attempt_on', type: 'date', nullable: true })
  firstAttemptOn!: string | null;

  @Column({ name: 'completed_on', type: 'date', nullable: true })
  completedOn!: string | null;

  @Column({ name: 'recording_ref', type: 'varchar', length: 128, nullable: true })
  recordingRef!: string | null;

  @Column({ name: 'receipt_ref', type: 'varchar', length: 128, nullable: true })
  receiptRef!: string | null;

  @Column({ name: 'identity_check', type: 'text', array: true, nullable: true })
  identityCheck!: string[] | null;

  @Column({ name: 'confirmed_items', type: 'text', array: true, nullable: true })
  confirmedItems!: string[] | null;

  @Column({ name: 'caller_is_sales', type: 'boolean' })
  callerIsSales!: boolean;

  @Column({ type: 'text', array: true, nullable: true })
  problems!: string[] | null;

  @Column({ name: 'problem_resolved_on', type: 'date', nullable: true })
  problemResolvedOn!: string | null;

  @Column({ name: 'problem_resolution', type: 'varchar', length: 16, nullable: true })
  problemResolution!: string | null;
}
