import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Submission } from './submission.entity';

/** The single row of a `profile` file (经营数据). */
@Entity({ name: 'profile_record' })
export class ProfileRecord {
  @PrimaryColumn({ name: 'submission_id', type: 'uuid' })
  submissionId!: string;

  @OneToOne(() => Submission, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'submission_id', foreignKeyConstraintName: 'fk_profile_record_submission' })
  submission?: Submission;

  @Column({ name: 'period_code', type: 'varchar', length: 6 })
  periodCode!: string;

  @Column({ name: 'org_code', type: 'char', length: 18 })
  orgCode!: string;

  /** 万元 (10,000 CNY), two decimals; kept as a string so no float rounding touches it. */
  @Column({ name: 'premium_income', type: 'numeric', precision: 18, scale: 2 })
  premiumIncome!: string;

  @Column({ name: 'new_policies', type: 'bigint' })
  newPolicies!: string;

  @Column({ name: 'policies_in_force', type: 'bigint' })
  policiesInForce!: string;

  @Column({ name: 'insured_persons', type: 'bigint' })
  insuredPersons!: string;

  @Column({ name: 'sales_staff', type: 'bigint' })
  salesStaff!: string;

  @Column({ type: 'bigint' })
  employees!: string;
}
