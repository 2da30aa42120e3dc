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
import { User } from '../users/user.entity';

export const AUDIENCES = ['user', 'org', 'regulators'] as const;
/**
 * - `user`: one user (`user_id`; `org_code` is the user's organisation, null for a regulator);
 * - `org`: every user of an insurer (`org_code`), or only those with `role`;
 * - `regulators`: every regulator user, or only those with `role` (`org_code` null).
 */
export type Audience = (typeof AUDIENCES)[number];

/** A message inside the portal (站内通知). Text in both languages, rendered when it is created. */
@Entity({ name: 'notification' })
@Check('ck_notification_audience', `"audience" IN ('user', 'org', 'regulators')`)
@Check(
  'ck_notification_recipient',
  `("audience" = 'user' AND "user_id" IS NOT NULL) OR ("audience" = 'org' AND "org_code" IS NOT NULL) OR ("audience" = 'regulators' AND "org_code" IS NULL)`,
)
@Index('ix_notification_org', ['orgCode', 'createdAt'])
@Index('ix_notification_user', ['userId'])
export class Notification {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_notification',
  })
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  audience!: Audience;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  /** Row-level security keys on it: an insurer sees only its own organisation's notifications. */
  @Column({ name: 'org_code', type: 'char', length: 18, nullable: true })
  orgCode!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  role!: string | null;

  /** e.g. `case.new`, `case.due_soon`, `case.overdue`, `period.due_soon`, `self_inspection.returned`. */
  @Column({ type: 'varchar', length: 48 })
  kind!: string;

  @Column({ name: 'message_zh', type: 'text' })
  messageZh!: string;

  @Column({ name: 'message_en', type: 'text' })
  messageEn!: string;

  /** A client route to open, e.g. `/cases?id=…`. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  link!: string | null;

  @Column({ name: 'object_type', type: 'varchar', length: 32, nullable: true })
  objectType!: string | null;

  @Column({ name: 'object_id', type: 'varchar', length: 64, nullable: true })
  objectId!: string | null;

  /** Makes a reminder idempotent: the periodic sweep and every API process may try to create it. */
  @Index('uq_notification_dedupe_key', { unique: true })
  @Column({ name: 'dedupe_key', type: 'varchar', length: 200, nullable: true })
  dedupeKey!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_notification_user' })
  user?: User;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'org_code', foreignKeyConstraintName: 'fk_notification_org' })
  organisation?: Organisation;
}

/** That one user has read one notification (a notification to an org is read per user). */
@Entity({ name: 'notification_read' })
export class NotificationRead {
  @PrimaryColumn({
    name: 'notification_id',
    type: 'bigint',
    primaryKeyConstraintName: 'pk_notification_read',
  })
  notificationId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'pk_notification_read' })
  userId!: string;

  /** The reader's organisation (null for a regulator); row-level security keys on it. */
  @Column({ name: 'org_code', type: 'char', length: 18, nullable: true })
  orgCode!: string | null;

  @Column({ name: 'read_at', type: 'timestamptz', default: () => 'now()' })
  readAt!: Date;

  @ManyToOne(() => Notification, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notification_id', foreignKeyConstraintName: 'fk_notification_read_notification' })
  notification?: Notification;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_notification_read_user' })
  user?: User;
}
