import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Failures allowed in the window before sign-in answers 429. */
export const MAX_FAILURES_PER_USERNAME = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;
export const THROTTLE_WINDOW_MINUTES = 15;

/**
 * Throttles sign-in by username and by address, in the database so every API process counts the same.
 * A username under attack is refused from any address; an address that tries many usernames is refused
 * for all of them; another user from another address is never refused because of either.
 */
@Injectable()
export class LoginThrottleService {
  constructor(private readonly dataSource: DataSource) {}

  async isThrottled(username: string, address: string): Promise<boolean> {
    const [row]: { by_user: string; by_address: string }[] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE username = $1) AS by_user, count(*) FILTER (WHERE address = $2) AS by_address
         FROM login_failure
        WHERE failed_at > now() - make_interval(mins => $3) AND (username = $1 OR address = $2)`,
      [username, address, THROTTLE_WINDOW_MINUTES],
    );
    return (
      Number(row.by_user) >= MAX_FAILURES_PER_USERNAME || Number(row.by_address) >= MAX_FAILURES_PER_ADDRESS
    );
  }

  async recordFailure(username: string, address: string): Promise<void> {
    await this.dataSource.query(`INSERT INTO login_failure (username, address) VALUES ($1, $2)`, [
      username.slice(0, 64),
      address.slice(0, 64),
    ]);
  }

  /** A successful sign-in clears that username's failures (older rows are pruned as they age out). */
  async recordSuccess(username: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM login_failure WHERE username = $1 OR failed_at < now() - make_interval(mins => $2)`,
      [username, THROTTLE_WINDOW_MINUTES * 4],
    );
  }
}
