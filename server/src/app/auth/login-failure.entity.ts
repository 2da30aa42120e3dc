import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One failed sign-in, kept for throttling (by username and by address, in a sliding window).
 * In the database rather than in memory so that every API replica sees the same counts.
 */
@Entity({ name: 'login_failure' })
@Index('ix_login_failure_username', ['username', 'failedAt'])
@Index('ix_login_failure_address', ['address', 'failedAt'])
export class LoginFailure {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ type: 'varchar', length: 64 })
  address!: string;

  @Column({ name: 'failed_at', type: 'timestamptz', default: () => 'now()' })
  failedAt!: Date;
}
