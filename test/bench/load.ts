/**
 * Load test: one server (the production bundle, a separate process, PROCESS_ROLE=all) on a throw-away
 * PostgreSQL with the 20 demo insurers seeded, under
 *   - `--uploaders 50` concurrent uploaders, each in a loop: upload a small generated call-back or complaint
 *     file of its own insurer (valid, or with a few spoiled rows), wait until it is settled, check its counts;
 *   - `--readers 200` concurrent readers, each in a loop: GET /api/stats, the submissions list, a report page,
 *     /api/me, the public bulletins list;
 * for `--seconds 300`. Then it checks that nothing was lost: every upload answered 202 settled, and every
 * valid submission has exactly its rows in the database.
 *
 *   npm run bench -- load [--seconds 300] [--uploaders 50] [--readers 200] [--pool 10]
 *   npx tsx --tsconfig tsconfig.base.json test/bench/load.ts --seconds 60
 *
 * Uses DATABASE_URL (a server it may create databases on) or starts a throw-away PostgreSQL. Needs
 * dist/server/main.js (`npx nx build server`). The clients run in this process, on the same machine as the
 * server and PostgreSQL: the latencies include their share of the CPU (the load average is reported).
 */
import {
  CALLBACK_COLUMNS,
  COMPLAINT_COLUMNS,
  DEMO_ORGS,
  generateCallbacks,
  generateComplaints,
  injectCallbackErrors,
  injectComplaintErrors,
  toCsvString,
  type DemoOrg,
} from '@portal/demo-data';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { seedOrgAndUsers, type SeedUser } from '../support/auth';
import { adminStatement, benchPostgres, withDatabase } from '../support/bench';
import { processMemory, startServerProcess } from '../support/server-process';

const root = resolve(__dirname, '../..');
const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const SECONDS = Number(arg('seconds', '300'));
const UPLOADERS = Number(arg('uploaders', '50'));
const READERS = Number(arg('readers', '200'));
const POOL = arg('pool', '10');
const PERIOD = '2026H1';
const PASSWORD = 'load-bench-password-1';
/** After the run, how long uploads still validating may take to settle before they count as unsettled. */
const SETTLE_GRACE_MS = 180_000;

const log = (m: string) => process.stderr.write(`[load] ${m}\n`);

type RequestClass =
  | 'upload'
  | 'submission.poll'
  | 'stats'
  | 'submissions.list'
  | 'report.page'
  | 'me'
  | 'public.bulletins';

interface Stat {
  ms: number[];
  errors: number;
}
const stats = new Map<RequestClass, Stat>();
const errorSamples: string[] = [];
function record(cls: RequestClass, ms: number, error: string | null): void {
  let s = stats.get(cls);
  if (!s) stats.set(cls, (s = { ms: [], errors: 0 }));
  s.ms.push(ms);
  if (error) {
    s.errors++;
    if (errorSamples.length < 20) errorSamples.push(`${cls}: ${error}`);
  }
}

/** One timed request; a status other than `expect` (or a network error) counts as an error of its class. */
async function timed<T>(
  cls: RequestClass,
  url: string,
  init: RequestInit,
  expect = 200,
): Promise<{ status: number; body: T | null }> {
  const t0 = performance.now();
  try {
    const res = await fetch(url, init);
    const text = await res.text();
    const ms = performance.now() - t0;
    record(cls, ms, res.status === expect ? null : `${res.status} ${text.slice(0, 200)}`);
    let body: T | null = null;
    try {
      body = JSON.parse(text) as T;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body };
  } catch (e) {
    record(cls, performance.now() - t0, String(e));
    return { status: 0, body: null };
  }
}

interface Upload {
  id: string;
  org: DemoOrg;
  kind: 'callbacks' | 'complaints';
  rows: number;
  valid: boolean;
  /** the final state as the uploader saw it (null: not settled when the uploader stopped) */
  final: { status: string; rows: number; errors: number } | null;
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'portal-load-'));
  chmodSync(work, 0o755);
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(work, { recursive: true, force: true })];
  try {
    const { url: serverUrl } = await benchPostgres(work, cleanups, log);
    const dbName = `load_${randomBytes(4).toString('hex')}`;
    await adminStatement(serverUrl, `CREATE DATABASE ${dbName} ENCODING 'UTF8' TEMPLATE template0`);
    cleanups.unshift(() => adminStatement(serverUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
    const dbUrl = withDatabase(serverUrl, dbName);

    const server = await startServerProcess(dbUrl, {
      server: 'dist',
      env: {
        UPLOAD_DIR: join(work, 'uploads'),
        LOG_LEVEL: 'warn',
        DATABASE_POOL_SIZE: POOL,
        PROCESS_ROLE: 'all',
        CLIENT_DIST: '',
      },
    });
    cleanups.unshift(() => server.stop());
    const users: SeedUser[] = [
      { username: 'load-analyst', password: PASSWORD, role: 'regulator_analyst' },
      ...DEMO_ORGS.flatMap((o): SeedUser[] => [
        { username: `${o.tag}-sub`, password: PASSWORD, role: 'insurer_submitter', orgCode: o.code },
        { username: `${o.tag}-app`, password: PASSWORD, role: 'insurer_approver', orgCode: o.code },
      ]),
    ];
    await seedOrgAndUsers(dbUrl, {
      orgs: DEMO_ORGS.map((o) => ({ code: o.code, name: o.name, group: o.group, foundedOn: o.foundedOn })),
      users,
    });
    const base = server.baseUrl;
    const tokens = new Map<string, string>();
    for (const u of users) tokens.set(u.username, await login(base, u.username));
    log(
      `server ${base} (dist, PROCESS_ROLE=all, pool ${POOL}); ${DEMO_ORGS.length} insurers; ` +
        `${UPLOADERS} uploaders, ${READERS} readers, ${SECONDS} s`,
    );

    const uploads: Upload[] = [];
    const settledByOrg = new Map<string, string[]>(); // org code → ids of settled submissions (report pages)
    const auth = (t: string) => ({ Authorization: `Bearer ${t}` });
    const deadline = Date.now() + SECONDS * 1000;
    let checkFailures = 0;
    const checkSamples: string[] = [];

    const uploader = async (n: number) => {
      const org = DEMO_ORGS[n % DEMO_ORGS.length];
      const token = tokens.get(`${org.tag}-sub`)!;
      for (let i = 0; Date.now() < deadline; i++) {
        const seed = 1_000_000 + n * 10_000 + i;
        const kind = i % 2 === 0 ? 'callbacks' : 'complaints';
        const valid = (n + i) % 3 !== 2; // one file in three is spoiled, from the first round on
        const rows = 50 + (seed % 151);
        const csv = makeFile(org, kind, seed, rows, valid);
        const form = new FormData();
        form.append('kind', kind);
        form.append('period', PERIOD);
        form.append('file', new Blob([csv]), `${kind}-${seed}.csv`);
        const up = await timed<{ id: string; duplicate: boolean }>(
          'upload',
          `${base}/api/submissions`,
          { method: 'POST', headers: auth(token), body: form },
          202,
        );
        if (up.status !== 202 || !up.body) continue;
        const entry: Upload = { id: up.body.id, org, kind, rows, valid, final: null };
        uploads.push(entry);
        for (;;) {
          await sleep(200);
          const s = await timed<{ status: string; rows: number; errors: number }>(
            'submission.poll',
            `${base}/api/submissions/${entry.id}`,
            { headers: auth(token) },
          );
          if (s.body && s.status === 200 && s.body.status !== 'validating') {
            entry.final = s.body;
            break;
          }
          if (Date.now() > deadline + SETTLE_GRACE_MS) break;
        }
        if (!entry.final) continue;
        const f = entry.final;
        const ok = valid
          ? f.status === 'valid' && f.rows === rows && f.errors === 0
          : f.status === 'invalid' && f.rows === rows && f.errors > 0;
        if (!ok) {
          checkFailures++;
          if (checkSamples.length < 10)
            checkSamples.push(`${entry.id} ${kind} valid=${valid} rows=${rows}: ${JSON.stringify(f)}`);
        }
        const list = settledByOrg.get(org.code) ?? [];
        list.push(entry.id);
        settledByOrg.set(org.code, list);
      }
    };

    const reader = async (n: number) => {
      const org = DEMO_ORGS[n % DEMO_ORGS.length];
      const insurer = tokens.get(`${org.tag}-${n % 2 ? 'app' : 'sub'}`)!;
      const regulator = tokens.get('load-analyst')!;
      for (let i = n; Date.now() < deadline; i++) {
        switch (i % 5) {
          case 0:
            await timed('stats', `${base}/api/stats?period=${PERIOD}`, { headers: auth(regulator) });
            break;
          case 1:
            await timed('submissions.list', `${base}/api/submissions?period=${PERIOD}`, {
              headers: auth(insurer),
            });
            break;
          case 2: {
            const ids = settledByOrg.get(org.code);
            if (!ids?.length) {
              await timed('me', `${base}/api/me`, { headers: auth(insurer) });
              break;
            }
            const id = ids[i % ids.length];
            await timed('report.page', `${base}/api/submissions/${id}/issues?page=1&pageSize=50`, {
              headers: auth(insurer),
            });
            break;
          }
          case 3:
            await timed('me', `${base}/api/me`, { headers: auth(i % 2 ? insurer : regulator) });
            break;
          default:
            await timed('public.bulletins', `${base}/api/public/bulletins`, {});
        }
      }
    };

    const load: number[] = [];
    let rssPeak = 0;
    const sampler = setInterval(() => {
      load.push(loadavg()[0]);
      rssPeak = Math.max(rssPeak, processMemory(server.child.pid!).rss);
    }, 5000);
    const progress = setInterval(() => {
      const done = uploads.filter((u) => u.final).length;
      const reqs = [...stats.values()].reduce((a, s) => a + s.ms.length, 0);
      const errs = [...stats.values()].reduce((a, s) => a + s.errors, 0);
      log(
        `${Math.round((deadline - Date.now()) / 1000)} s left: ${done} uploads settled, ${reqs} requests, ${errs} errors, load ${loadavg()[0].toFixed(2)}`,
      );
    }, 30_000);
    const t0 = Date.now();
    await Promise.all([
      ...Array.from({ length: UPLOADERS }, (_, n) => uploader(n)),
      ...Array.from({ length: READERS }, (_, n) => reader(n)),
    ]);
    const elapsed = (Date.now() - t0) / 1000;
    clearInterval(sampler);
    clearInterval(progress);

    // ---- nothing lost ---------------------------------------------------------------------------------
    const c = new Client({ connectionString: dbUrl });
    await c.connect();
    let unsettled = 0;
    let lostRows = 0;
    const lostSamples: string[] = [];
    try {
      const until = Date.now() + SETTLE_GRACE_MS;
      for (;;) {
        const { rows } = await c.query<{ n: string }>(
          `SELECT count(*) AS n FROM submission WHERE id = ANY($1::uuid[]) AND status = 'validating'`,
          [uploads.map((u) => u.id)],
        );
        unsettled = Number(rows[0].n);
        if (unsettled === 0 || Date.now() > until) break;
        await sleep(1000);
      }
      const { rows: subs } = await c.query<{ id: string; kind: string; status: string; rows: number }>(
        `SELECT id, kind, status, rows::int AS rows FROM submission WHERE id = ANY($1::uuid[])`,
        [uploads.map((u) => u.id)],
      );
      const known = new Map(subs.map((s) => [s.id, s]));
      for (const u of uploads) {
        const s = known.get(u.id);
        if (!s) {
          lostRows += u.rows;
          lostSamples.push(`${u.id}: answered 202, no submission row`);
          continue;
        }
        if (s.status !== 'valid') continue;
        const table = u.kind === 'callbacks' ? 'callback_record' : 'complaint_record';
        const { rows } = await c.query<{ n: string }>(
          `SELECT count(*) AS n FROM ${table} WHERE period_code = $1 AND org_code = $2 AND submission_id = $3`,
          [PERIOD, u.org.code, u.id],
        );
        const stored = Number(rows[0].n);
        if (stored !== u.rows || s.rows !== u.rows) {
          lostRows += Math.abs(u.rows - stored);
          if (lostSamples.length < 10)
            lostSamples.push(`${u.id}: ${u.rows} rows sent, ${s.rows} counted, ${stored} stored`);
        }
      }
    } finally {
      await c.end();
    }

    // ---- report -----------------------------------------------------------------------------------------
    const classes = [...stats.entries()].sort(([a], [b]) => a.localeCompare(b));
    const totalErrors = classes.reduce((a, [, s]) => a + s.errors, 0);
    const totalRequests = classes.reduce((a, [, s]) => a + s.ms.length, 0);
    const settledCount = uploads.filter((u) => u.final).length;
    const summary = {
      seconds: Math.round(elapsed),
      uploaders: UPLOADERS,
      readers: READERS,
      poolSize: Number(POOL),
      requests: totalRequests,
      requestsPerSecond: Math.round(totalRequests / elapsed),
      errors: totalErrors,
      uploadsAccepted: uploads.length,
      uploadsSettled: settledCount,
      uploadsValid: uploads.filter((u) => u.final?.status === 'valid').length,
      uploadsInvalid: uploads.filter((u) => u.final?.status === 'invalid').length,
      rowsIngested: uploads.filter((u) => u.final?.status === 'valid').reduce((a, u) => a + u.rows, 0),
      countMismatches: checkFailures,
      unsettledAfterRun: unsettled,
      lostRows,
      loadAverage1m: {
        max: +Math.max(...load, 0).toFixed(2),
        mean: +(load.reduce((a, b) => a + b, 0) / Math.max(load.length, 1)).toFixed(2),
      },
      serverRssPeakMB: Math.round(rssPeak / 1024 / 1024),
      latencyMs: Object.fromEntries(
        classes.map(([cls, s]) => [
          cls,
          { n: s.ms.length, errors: s.errors, p50: pct(s.ms, 50), p95: pct(s.ms, 95), p99: pct(s.ms, 99) },
        ]),
      ),
    };
    console.log(JSON.stringify(summary, null, 2));
    for (const e of [...errorSamples, ...checkSamples, ...lostSamples]) log(`problem: ${e}`);
    console.log(
      'BENCH_RESULT ' +
        JSON.stringify([
          ...classes.map(([cls, s]) => ({
            name: `load: ${cls} p50/p95/p99 (n=${s.ms.length})`,
            measured: `${pct(s.ms, 50)}/${pct(s.ms, 95)}/${pct(s.ms, 99)}`,
            unit: 'ms',
            goal: 'no error',
            ok: s.errors === 0,
          })),
          {
            name: `load: errors of ${totalRequests} requests (${UPLOADERS} uploaders, ${READERS} readers, ${Math.round(elapsed)} s)`,
            measured: totalErrors,
            unit: '',
            goal: '0',
            ok: totalErrors === 0,
          },
          {
            name: 'load: uploads settled with the expected counts',
            measured: settledCount - checkFailures,
            unit: `of ${uploads.length}`,
            goal: 'all',
            ok: checkFailures === 0 && settledCount === uploads.length && uploads.length > 0,
          },
          {
            name: 'load: lost rows (valid submissions) + unsettled uploads',
            measured: lostRows + unsettled,
            unit: '',
            goal: '0',
            ok: lostRows === 0 && unsettled === 0,
          },
          {
            name: 'load: 1-min load average during the run (max)',
            measured: summary.loadAverage1m.max,
            unit: '',
            goal: 'reported',
            ok: true,
          },
        ]),
    );
  } finally {
    for (const c of cleanups) await Promise.resolve(c()).catch((e: unknown) => log(`cleanup: ${String(e)}`));
  }
}

/** A small file of the insurer's; when not `valid`, a few rows are spoiled (one data error each). */
function makeFile(
  org: DemoOrg,
  kind: 'callbacks' | 'complaints',
  seed: number,
  rows: number,
  valid: boolean,
): string {
  const stream = `load-${seed}`;
  if (kind === 'callbacks') {
    const gen = generateCallbacks({ seed, org, period: PERIOD, rows, stream });
    const body = valid ? gen : injectCallbackErrors(gen, rows, PERIOD, seed).rows;
    return toCsvString(body, { columns: CALLBACK_COLUMNS });
  }
  const gen = generateComplaints({ seed, org, period: PERIOD, rows, stream });
  const body = valid ? gen : injectComplaintErrors(gen, rows, PERIOD, seed).rows;
  return toCsvString(body, { columns: COMPLAINT_COLUMNS });
}

function pct(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function login(baseUrl: string, username: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
