import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { Client } from 'pg';

export const TEMPLATE_DB = 'portal_test_template';

/**
 * Starts a throw-away PostgreSQL (unless DATABASE_URL names a server to use) and builds a template
 * database with the real migrations, from which every test file clones its own database.
 */
export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    // A plain ESM helper shared with `npm start`; loaded with a real dynamic import, not a transpiled require.
    const load = new Function('p', 'return import(p)') as (
      p: string,
    ) => Promise<typeof import('../../scripts/lib/postgres.mjs')>;
    const { startLocalPostgres, freePort } = await load(
      path.resolve(__dirname, '../../scripts/lib/postgres.mjs'),
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-test-'));
    fs.chmodSync(dir, 0o755);
    const pg = await startLocalPostgres({
      dataDir: path.join(dir, 'pg'),
      port: await freePort(),
      log: (m: string) => console.error(m),
    });
    (globalThis as Record<string, unknown>).__PORTAL_PG__ = { stop: pg.stop, dir };
    serverUrl = pg.url;
  }
  const url: string = serverUrl;
  process.env.TEST_SERVER_URL = url;

  const admin = new Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB} ENCODING 'UTF8' TEMPLATE template0`);
  await admin.end();

  // The same command as `npm run migrate` (global setup runs outside Jest's module resolution).
  const root = path.resolve(__dirname, '../..');
  execFileSync(
    path.join(root, 'node_modules/.bin/tsx'),
    ['--tsconfig', 'tsconfig.base.json', 'scripts/migrate.ts'],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: withDatabase(url, TEMPLATE_DB) },
      stdio: 'inherit',
    },
  );
}

export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
