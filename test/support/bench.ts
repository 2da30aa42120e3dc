import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

/** What the benchmarks share: a PostgreSQL to run on, database URLs, and where the CPU went (Linux /proc). */

const root = resolve(__dirname, '../..');

export type Cleanups = (() => Promise<void> | void)[];

/**
 * A PostgreSQL server URL for a benchmark: DATABASE_URL (a server it may create databases on), or a throw-away
 * one in `work` (stopped by the cleanups). `postmasterPid` is known only for the throw-away one.
 */
export async function benchPostgres(
  work: string,
  cleanups: Cleanups,
  log: (message: string) => void,
): Promise<{ url: string; postmasterPid: number | null }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, postmasterPid: null };
  // An ES module from a CommonJS-compiled script: a real dynamic import, not require().
  const load = new Function('p', 'return import(p)') as (
    p: string,
  ) => Promise<typeof import('../../scripts/lib/postgres.mjs')>;
  const { startLocalPostgres, freePort } = await load(join(root, 'scripts/lib/postgres.mjs'));
  const pg = await startLocalPostgres({ dataDir: join(work, 'pg'), port: await freePort(), log });
  cleanups.unshift(() => pg.stop());
  const pid = Number(readFileSync(join(pg.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return { url: pg.url, postmasterPid: Number.isInteger(pid) && pid > 0 ? pid : null };
}

/** The same server URL with another database name. */
export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Runs one statement on the server's `postgres` database (CREATE/DROP DATABASE). */
export async function adminStatement(serverUrl: string, statement: string): Promise<void> {
  const c = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** CPU milliseconds (user + system) one process has used so far; 0 once it is gone. */
export function cpuMs(pid: number): number {
  try {
    const f = statFields(pid);
    return (Number(f[11]) + Number(f[12])) * 10; // clock ticks of 10 ms (USER_HZ = 100)
  } catch {
    return 0;
  }
}

/**
 * CPU milliseconds used by a PostgreSQL cluster: the postmaster and every child (backends, WAL writer,
 * checkpointer…), including children that exited (the postmaster's cutime/cstime). Null when unreadable.
 */
export function clusterCpuMs(postmasterPid: number | null): number | null {
  if (postmasterPid === null) return null;
  let total: number;
  try {
    const own = statFields(postmasterPid);
    total = (Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14])) * 10;
  } catch {
    return null;
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const f = statFields(Number(entry));
      if (Number(f[1]) === postmasterPid) total += (Number(f[11]) + Number(f[12])) * 10;
    } catch {
      /* gone */
    }
  }
  return total;
}
