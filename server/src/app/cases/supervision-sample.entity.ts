import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { ForwardedComplaint } from './forwarded-complaint.entity';

/**
 * A random sample of handled forwarded complaints drawn for a follow-up check (督查抽查, 第十条).
 * The draw is reproducible: the same seed over the same population gives the same cases.
 */
@Entity({ name: 'supervision_sample' })
export class SupervisionSample {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_supervision_sample' })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  seed!: string;

  /** What was asked for: a size, or a share of the population. */
  @Column({ name: 'requested_size', type: 'integer', nullable: true })
  requestedSize!: number | null;

  @Column({ name: 'requested_share', type: 'double precision', nullable: true })
  requestedShare!: number | null;

  /** The filters the population was taken with (orgCode, forwardedFrom, forwardedTo). */
  @Column({ type: 'jsonb' })
  criteria!: Record<string, string | null>;

  /** Handled cases matching the criteria when the sample was drawn. */
  @Column({ type: 'integer' })
  population!: number;

  @CreateDateColumn({ name: 'drawn_at', type: 'timestamptz' })
  drawnAt!: Date;

  @Column({ name: 'drawn_by', type: 'varchar', length: 64 })
  drawnBy!: string;
}

/** One case of a sample, in draw order. */
@Entity({ name: 'supervision_sample_item' })
export class SupervisionSampleItem {
  @PrimaryColumn({ name: 'sample_id', type: 'uuid', primaryKeyConstraintName: 'pk_supervision_sample_item' })
  sampleId!: string;

  @PrimaryColumn({ name: 'case_id', type: 'uuid', primaryKeyConstraintName: 'pk_supervision_sample_item' })
  caseId!: string;

  /** The case's insurer (row-level security keys on it). */
  @Column({ name: 'org_code', type: 'char', length: 18 })
  orgCode!: string;

  @Column({ type: 'integer' })
  position!: number;

  @ManyToOne(() => SupervisionSample, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sample_id', foreignKeyConstraintName: 'fk_supervision_sample_item_sample' })
  sample?: SupervisionSample;

  @ManyToOne(() => ForwardedComplaint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'fk_supervision_sample_item_case' })
  forwardedComplaint?: ForwardedComplaint;
}
