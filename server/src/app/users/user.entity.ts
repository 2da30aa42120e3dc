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

export const ROLES = [
  'regulator_admin',
  'regulator_analyst',
  'insurer_submitter',
  'insurer_approver',
  'association_reader',
] as const;
export type Role = (typeof ROLES)[number];

@Entity({ name: 'app_user' })
@Check(
  'ck_app_user_role',
  `"role" IN ('regulator_admin', 'regulator_analyst', 'insurer_submitter', 'insurer_approver', 'association_reader')`,
)
@Check('ck_app_user_org', `("role" LIKE 'insurer_%') = ("org_code" IS NOT NULL)`)
@Check('ck_app_user_token_version', `"token_version" >= 0`)
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('uq_app_user_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 32 })
  role!: Role;

  /** Set for insurer roles only: the one organisation the user belongs to. */
  @Column({ name: 'org_code', type: 'char', length: 18, nullable: true })
  orgCode!: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'org_code', foreignKeyConstraintName: 'fk_app_user_org' })
  organisation?: Organisation;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  /**
   * Copied into every access token as claim `ver`; incremented when the password changes (or the user signs
   * out everywhere), which revokes every token signed before (migration 1764720000000).
   */
  @Column({ name: 'token_version', type: 'integer', default: 0 })
  tokenVersion!: number;
}
