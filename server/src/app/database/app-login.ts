import { createHmac } from 'node:crypto';
import { Client } from 'pg';
import { APP_ROLE } from './data-source-options';

/**
 * The application's pool logs in as `portal_app` itself (not as the owner switching roles), so nothing it
 * runs — not even `RESET ROLE` in an injected statement — can bypass row-level security.
 * With APP_DATABASE_URL the operator provides that login; otherwise the owner connection gives
 * `portal_app` a login whose password every process derives from JWT_SECRET (so API replicas agree).
 * Returns the URL the pool should use, or null when the owner may not create logins (then the pool
 * switches role at connect time instead, and a warning says so).
 */
export async function appLoginUrl(ownerUrl: string, secret: string): Promise<string | null> {
  const password = createHmac('sha256', secret).update('portal_app login').digest('base64url');
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const [{ sql }] = (
      await client.query(`SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', $1::text, $2::text) AS sql`, [
        APP_ROLE,
        password,
      ])
    ).rows as { sql: string }[];
    await client.query(sql);
  } catch {
    return null;
  } finally {
    await client.end();
  }
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = password;
  return url.toString();
}
