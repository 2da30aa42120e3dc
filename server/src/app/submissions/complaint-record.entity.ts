import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row of a `complaints` file (投诉明细); partitioned by period like callback_record. */
@Entity({ name: 'complaint_record' })
export class ComplaintRecord {
  @PrimaryColumn({ name: 'period_code', type: 'varchar', length: 6 })
  periodCode!: string;

  @PrimaryColumn({ name: 'org_code', type: 'char', length: 18 })
  orgCode!: string;

  @PrimaryColumn({ name: 'submission_id', type: 'uuid' })
  submissionId!: string;

  @PrimaryColumn({ name: 'row_no', type: 'integer' })
  rowNo!: number;

  @Column({ name: 'complaint_no', type: 'varchar', length: 64 })
  complaintNo!: string;

  @Column({ type: 'varchar', length: 24 })
  source!: string;

  @Column({ name: 'forward_no', type: 'varchar', length: 64, nullable: true })
  forwardNo!: string | null;

  @Column({ name: 'forwarded_on', type: 'date', nullable: true })
  forwardedOn!: string | null;

  @Column({ name: 'received_on', type: 'date' })
  receivedOn!: string;

  @Column({ name: 'product_type', type: 'varchar', length: 16 })
  productType!: string;

  @Column({ type: 'varchar', length: 16 })
  category!: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  channel!: string | null;

  @Column({ name: 'decided_on', type: 'date', nullable: true })
  decidedOn!: string | null;

  @Column({ type: 'varchar', length: 24 })
  extension!: string;

  @Column({ type: 'varchar', length: 24 })
  outcome!: string;

  @Column({ name: 'callback_on', type: 'date', nullable: true })
  callbackOn!: string | null;

  @Column({ name: 'callback_method', type: 'varchar', length: 16, nullable: true })
  callbackMethod!: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  satisfaction!: string | null;

  @Column({ name: 'repeat_complaint', type: 'boolean' })
  repeatComplaint!: boolean;
}
