/**
 * Statistics benchmark: N call-back records across the 20 demo insurers (one period), generated in SQL
 * (generate_series, each insurer's rows contiguous as a COPYed submission would be), plus complaints (1% of N)
 * and a profile per insurer. Measures
 *   1. recomputing one insurer's period (StatsService.recompute(period, org): its figures and the group blocks),
 *   2. recomputing a whole period (StatsService.recompute(period)),
 *   3. `GET /api/stats?period=` latency with 50 concurrent keep-alive clients on loopback: with `wrk` on PATH
 *      (`apt-get install wrk`) the goal is judged on wrk's p95 (a Lua `done` hook reads the percentile); a
 *      bounded loop of node:http requests is reported too, and stands in when wrk is missing.
 * Goals (issue "Statistics and the supervision console"): one insurer ≤ 5 s, a period ≤ 30 s, p95 ≤ 50 ms.
 *
 *   npx tsx --tsconfig tsconfig.base.json test/bench/stats.ts [--rows 2000000] [--seconds 15] [--clients 50]
 *       [--data-dir DIR] [--server-bundle FILE] [--no-build] [--get-only]
 *
 * Uses DATABASE_URL (a server it may create a database on) or starts a throw-away PostgreSQL. The server
 * runs as its own process from the production build (`nx build server` first, unless `--no-build`), as
 * `npm start` runs it; the recomputations are timed through `POST /api/stats/recompute`.
 * `--data-dir DIR` keeps that PostgreSQL in DIR and reuses its generated data (database `stats_bench_<rows>`)
 * on the next run (20M rows take minutes to generate): pending migrations are applied and the stored
 * statistics are emptied, so the first recomputation is cold again. `--server-bundle FILE` runs another
 * build of the server (e.g. a copy of `dist/server/main.js` from before a change) and implies `--no-build`.
 * `--get-only` measures only `GET /api/stats` (and, with `--data-dir`, keeps the stored statistics: to compare
 * two builds' request path quickly, one after the other).
 */
import { DEMO_ORGS } from '@portal/demo-data';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { loginAs, seedOrgAndUsers } from '../support/auth';
import { cpuMs, withDatabase } from '../support/bench';

const PERIOD = '2026H1';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function stringArg(name: string): string | null {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : null;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = process.hrtime.bigint();
  const v = await fn();
  return [v, Number(process.hrtime.bigint() - t0) / 1e6];
}

const ROW_SQL = `
  INSERT INTO callback_record (period_code, org_code, submission_id, row_no, callback_type, policy_no, case_no,
    product_type, channel, term_months, payment_mode, policyholder_age, underwritten_on, receipt_signed_on,
    cooling_off_days, sales_recorded, case_closed_on, status, method, methods_tried, first_attempt_on, completed_on,
    recording_ref, receipt_ref, identity_check, confirmed_items, caller_is_sales, problems, problem_resolved_on,
    problem_resolution)
  SELECT $1, $2, $3, g,
         t, 'P' || lpad(g::text, 10, '0'), CASE WHEN t = 'claim' THEN 'C' || g END,
         (ARRAY['traditional','dividend','universal','unit_linked','health'])[1 + g % 5],
         (ARRAY['agent','bancassurance','internet','telemarketing'])[1 + (g / 7) % 4],
         CASE WHEN r % 10 = 0 THEN 12 ELSE 60 + (g % 20) * 12 END, CASE WHEN g % 3 = 0 THEN 'single' ELSE 'periodic' END,
         25 + g % 50, d, CASE WHEN t = 'new_business' THEN d + 3 END, CASE WHEN t = 'new_business' THEN 15 END,
         CASE WHEN t = 'new_business' THEN g % 4 <> 0 END, CASE WHEN t = 'claim' THEN d + 20 END,
         s, CASE WHEN s = 'success' THEN m END, CASE WHEN s IN ('success', 'failed', 'refused') THEN ARRAY[m] ELSE '{}'::text[] END,
         CASE WHEN s IN ('success', 'failed', 'refused') THEN d + 5 END,
         CASE WHEN s = 'success' THEN CASE WHEN t = 'claim' THEN d + 20 + (r % 9) ELSE d + 5 + (r % 16) END END,
         CASE WHEN m = 'phone' AND r % 50 <> 0 THEN 'REC' || g END, CASE WHEN m IN ('visit','letter') THEN 'RCPT' || g END,
         CASE WHEN m = 'electronic' THEN ARRAY['sms_code'] ELSE '{}'::text[] END,
         CASE WHEN s = 'success' THEN ARRAY['Q1','Q2','Q3','Q4','Q5','Q6','Q7'] ELSE '{}'::text[] END,
         r % 97 = 0, CASE WHEN r % 31 = 0 THEN ARRAY['doubt'] WHEN r % 37 = 0 THEN ARRAY['misleading_sale'] ELSE '{}'::text[] END,
         CASE WHEN r % 31 = 0 AND r % 2 = 0 THEN d + 12 END, CASE WHEN r % 31 = 0 AND r % 2 = 0 THEN 'explained' END
    FROM (SELECT g, r, DATE '2026-01-01' + (g % 170) AS d,
                 CASE WHEN r < 70 THEN 'new_business' WHEN r < 85 THEN 'claim' WHEN r < 92 THEN 'policy_service'
                      WHEN r < 96 THEN 'renewal' WHEN r < 98 THEN 'orphan_policy' ELSE 'satisfaction' END AS t,
                 CASE WHEN r2 < 90 THEN 'success' WHEN r2 < 94 THEN 'failed' WHEN r2 < 96 THEN 'refused'
                      WHEN r2 < 98 THEN 'cancelled_before' ELSE 'not_attempted' END AS s,
                 CASE WHEN r3 < 60 THEN 'phone' WHEN r3 < 92 THEN 'electronic' WHEN r3 < 97 THEN 'visit' ELSE 'letter' END AS m
            FROM (SELECT g, (g::bigint * 2654435761 % 100)::int AS r, (g::bigint * 40503 % 100)::int AS r2,
                         (g::bigint * 69069 % 100)::int AS r3
                    FROM generate_series($4::int, $5::int) g) a) x`;

const COMPLAINT_SQL = `
  INSERT INTO complaint_record (period_code, org_code, submission_id, row_no, complaint_no, source, forward_no,
    forwarded_on, received_on, product_type, category, channel, decided_on, extension, outcome, callback_on,
    callback_method, satisfaction, repeat_complaint)
  SELECT $1, $2, $3, g, 'TS' || g, CASE WHEN g % 10 = 0 THEN 'regulator_forwarded' ELSE 'direct' END,
         CASE WHEN g % 10 = 0 THEN 'F' || g END, CASE WHEN g % 10 = 0 THEN DATE '2026-01-01' + (g % 160) END,
         DATE '2026-01-01' + (g % 160), 'traditional',
         (ARRAY['sales','claims','surrender','policy_service','premium','callback','service_quality','other'])[1 + g % 8],
         'agent', DATE '2026-01-01' + (g % 160) + (g % 20), 'none',
         (ARRAY['upheld','partially_upheld','not_upheld','withdrawn','pending'])[1 + g % 5],
         CASE WHEN g % 7 <> 0 THEN DATE '2026-01-01' + (g % 160) + 12 END, 'phone',
         CASE WHEN g % 7 <> 0 THEN (ARRAY['satisfied','basically_satisfied','dissatisfied','unreachable'])[1 + g % 4] END,
         g % 13 = 0
    FROM generate_series(1, $4::int) g`;

function migrate(url: string): void {
  const root = path.resolve(__dirname, '../..');
  execFileSync(
    path.join(root, 'node_modules/.bin/tsx'),
    ['--tsconfig', 'tsconfig.base.json', 'scripts/migrate.ts'],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url },
      stdio: 'ignore',
    },
  );
}

/**
 * `--data-dir`: the database generated by an earlier run with the same number of rows, migrated to the
 * current schema and with every stored statistic removed (so the first recomputation is cold); null if none.
 */
async function reuseDatabase(serverUrl: string, rows: number, keepStats: boolean): Promise<string | null> {
  const name = `stats_bench_${rows}`;
  const admin = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  const { rowCount } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
  await admin.end();
  if (!rowCount) return null;
  const url = withDatabase(serverUrl, name);
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const [done] = (await c.query(`SELECT count(*)::int AS n FROM bench_generated`)).rows;
    if (done.n !== 1) return null;
  } catch {
    await c.end();
    return null;
  }
  await c.end();
  migrate(url);
  const c2 = new Client({ connectionString: url });
  await c2.connect();
  const tables: { t: string }[] = (
    await c2.query(
      `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'stats\\_%'
          AND tablename NOT IN ('stats_calendar_day', 'stats_calendar_fill')`,
    )
  ).rows;
  if (!keepStats) {
    for (const { t } of tables) await c2.query(`DELETE FROM "${t}"`);
    await c2.query(`VACUUM ANALYZE`);
  }
  await c2.end();
  return url;
}

async function setUpDatabase(
  serverUrl: string,
  rows: number,
  keep: boolean,
  keepStats = false,
): Promise<string> {
  if (keep) {
    const reused = await reuseDatabase(serverUrl, rows, keepStats);
    if (reused) {
      console.log(`reusing the generated database stats_bench_${rows} (--data-dir)`);
      return reused;
    }
  }
  const name = keep ? `stats_bench_${rows}` : `stats_bench_${Date.now()}`;
  const admin = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  if (keep) await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0`);
  await admin.end();
  const url = withDatabase(serverUrl, name);
  migrate(url);
  await seedOrgAndUsers(url, {
    orgs: DEMO_ORGS.map((o) => ({ code: o.code, name: o.name, group: o.group, foundedOn: o.foundedOn })),
    users: [
      { username: 'bench-regulator', password: 'bench-regulator-pass-1', role: 'regulator_analyst' },
      { username: 'bench-admin', password: 'bench-admin-password-1', role: 'regulator_admin' },
    ],
  });
  const c = new Client({ connectionString: url });
  await c.connect();
  await c.query(`SET synchronous_commit = off`);
  await c.query(`INSERT INTO period (code, starts_on, ends_on) VALUES ($1, '2026-01-01', '2026-06-30')`, [
    PERIOD,
  ]);
  await c.query(
    `INSERT INTO period_deadline (period_code, kind, due_on) SELECT $1, k, '2026-07-30' FROM unnest(ARRAY['callbacks','complaints','profile']) k`,
    [PERIOD],
  );
  const perOrg = Math.ceil(rows / DEMO_ORGS.length);
  const t0 = Date.now();
  let done = 0;
  for (const [i, org] of DEMO_ORGS.entries()) {
    const ids: Record<string, string> = {};
    for (const kind of ['callbacks', 'complaints', 'profile']) {
      const [row] = (
        await c.query(
          `INSERT INTO submission (org_code, period_code, kind, version, status, sha256, file_name, file_bytes, rows,
                                   catalog_version, created_by, created_at, submitted_at)
           VALUES ($1, $2, $3, 1, 'submitted', md5($5) || md5($5 || 'x'), 'bench.csv', 1, $4, 1, 'bench',
                   '2026-07-10T02:00:00Z', '2026-07-10T02:00:00Z') RETURNING id`,
          [
            org.code,
            PERIOD,
            kind,
            kind === 'callbacks' ? perOrg : kind === 'complaints' ? Math.ceil(perOrg / 100) : 1,
            org.code + kind,
          ],
        )
      ).rows;
      ids[kind] = row.id;
    }
    // In chunks, so progress shows and no single statement runs for minutes.
    const CHUNK = 500_000;
    for (let from = 1; from <= perOrg; from += CHUNK) {
      const to = Math.min(perOrg, from + CHUNK - 1);
      await c.query(ROW_SQL, [PERIOD, org.code, ids['callbacks'], from, to]);
      done += to - from + 1;
      process.stderr.write(
        `\r  generated ${done.toLocaleString()} call-back records (${Math.round(done / ((Date.now() - t0) / 1000)).toLocaleString()}/s)   `,
      );
    }
    await c.query(COMPLAINT_SQL, [
      PERIOD,
      org.code,
      ids['complaints'],
      Math.max(40, Math.ceil(perOrg / 100)),
    ]);
    await c.query(
      `INSERT INTO profile_record (submission_id, period_code, org_code, premium_income, new_policies, policies_in_force,
                                   insured_persons, sales_staff, employees)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 1000, 500)`,
      [ids['profile'], PERIOD, org.code, (100000 + i * 53211.37).toFixed(2), perOrg, perOrg * 10, perOrg * 4],
    );
  }
  process.stderr.write('\n');
  await c.query(`ANALYZE`);
  // Marks the data as complete, for --data-dir reuse (a half-generated database is regenerated).
  await c.query(`CREATE TABLE bench_generated AS SELECT now() AS at`);
  await c.end();
  return url;
}

/** 50 keep-alive clients, each looping GET until the time is up (bounded: at most `maxRequests` in all). */
async function loadLoop(
  baseUrl: string,
  pathAndQuery: string,
  token: string,
  clients: number,
  seconds: number,
  maxRequests = 200_000,
): Promise<{
  requests: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  rps: number;
}> {
  const u = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const deadline = Date.now() + seconds * 1000;
  const once = () =>
    new Promise<void>((resolve) => {
      const t0 = process.hrtime.bigint();
      const req = http.request(
        {
          host: u.hostname,
          port: u.port,
          path: pathAndQuery,
          agent,
          headers: { Authorization: `Bearer ${token}` },
        },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => {
            latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
            if (res.statusCode !== 200) errors++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end();
    });
  const started = Date.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < deadline && issued < maxRequests) {
        issued++;
        await once();
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return {
    requests: latencies.length,
    errors,
    p50: q(0.5),
    p95: q(0.95),
    p99: q(0.99),
    max: latencies[latencies.length - 1] ?? NaN,
    rps: latencies.length / elapsed,
  };
}

/**
 * CPU the server process and its database sessions spend per request while `run` goes on: a figure that,
 * unlike latency, hardly depends on what else the shared machine is doing.
 */
async function cpuPerRequest<T extends { requests: number }>(
  serverPid: number,
  databaseUrl: string,
  run: () => Promise<T>,
): Promise<[T, { server: number; database: number }]> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  const backends = async () =>
    (
      await c.query(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      )
    ).rows.map((r: { pid: number }) => r.pid);
  const before = new Map((await backends()).map((p) => [p, cpuMs(p)]));
  const server0 = cpuMs(serverPid);
  const result = await run();
  const requests = Math.max(1, result.requests);
  const server1 = cpuMs(serverPid);
  let database = 0;
  for (const p of await backends()) database += cpuMs(p) - (before.get(p) ?? 0);
  await c.end();
  return [result, { server: (server1 - server0) / requests, database: database / requests }];
}

/** The production build of the server as its own process (as `npm start` runs it), on a free loopback port. */
async function startServer(
  databaseUrl: string,
): Promise<{ baseUrl: string; pid: number; stop(): Promise<void> }> {
  const root = path.resolve(__dirname, '../..');
  const bundle = stringArg('server-bundle');
  if (!bundle && !process.argv.includes('--no-build')) {
    execFileSync('npx', ['nx', 'build', 'server'], {
      cwd: root,
      env: { ...process.env, NX_DAEMON: 'false' },
      stdio: 'ignore',
    });
  }
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, [path.resolve(bundle ?? path.join(root, 'dist/server/main.js'))], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
      LOG_LEVEL: 'warn',
      DATABASE_POOL_SIZE: '20',
      PROCESS_ROLE: 'api',
      CLIENT_DIST: '',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).status === 200) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl,
    pid: child.pid as number,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function main(): Promise<void> {
  const rows = arg('rows', 2_000_000);
  const seconds = arg('seconds', 15);
  const clients = arg('clients', 50);
  const getOnly = process.argv.includes('--get-only');
  let serverUrl = process.env.DATABASE_URL;
  let stop: (() => Promise<void>) | null = null;
  let dir: string | null = null;
  const keepDir = stringArg('data-dir');
  if (!serverUrl) {
    const load = new Function('p', 'return import(p)') as (
      p: string,
    ) => Promise<typeof import('../../scripts/lib/postgres.mjs')>;
    const { startLocalPostgres, freePort } = await load(
      path.resolve(__dirname, '../../scripts/lib/postgres.mjs'),
    );
    const base = keepDir ? path.resolve(keepDir) : mkdtempSync(path.join(os.tmpdir(), 'stats-bench-'));
    mkdirSync(base, { recursive: true });
    chmodSync(base, 0o755);
    if (!keepDir) dir = base;
    const pg = await startLocalPostgres({
      dataDir: path.join(base, 'pg'),
      port: await freePort(),
      log: () => undefined,
    });
    serverUrl = pg.url;
    stop = pg.stop;
  }
  try {
    console.log(
      `# statistics benchmark: ${rows.toLocaleString()} call-back records, 20 insurers, ${os.cpus().length} cores`,
    );
    const [url, loadMs] = await timed(() =>
      setUpDatabase(serverUrl as string, rows, keepDir !== null, getOnly),
    );
    console.log(`data generated in ${(loadMs / 1000).toFixed(1)} s`);
    const server = await startServer(url);
    try {
      const org = DEMO_ORGS[0].code;
      const admin = await loginAs(server.baseUrl, 'bench-admin', 'bench-admin-password-1');
      const recompute = async (body: Record<string, string>) => {
        const res = await fetch(`${server.baseUrl}/api/stats/recompute`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (res.status !== 200) throw new Error(`recompute: ${res.status} ${await res.text()}`);
      };
      const period: number[] = [];
      const one: number[] = [];
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      /** The cold cases: nothing classified yet (after a deploy, a new catalog or calendar), a new version. */
      let coldPeriodMs: number | null = null;
      let coldOneMs: number | null = null;
      if (!getOnly) {
        // The first computation also fills the working-day table (and whatever else is computed once per
        // submitted version); measure the ones after it, and say what the first took.
        const [, firstMs] = await timed(() => recompute({ period: PERIOD }));
        coldPeriodMs = firstMs;
        for (let i = 0; i < 3; i++) period.push((await timed(() => recompute({ period: PERIOD })))[1]);
        for (let i = 0; i < 3; i++)
          one.push((await timed(() => recompute({ period: PERIOD, orgCode: org })))[1]);
        console.log(
          `recompute whole period: first ${(firstMs / 1000).toFixed(2)} s, then median ${(median(period) / 1000).toFixed(2)} s (${period.map((x) => (x / 1000).toFixed(2)).join(', ')}) — goal ≤ 30 s`,
        );
        console.log(
          `recompute one insurer (${Math.ceil(rows / 20).toLocaleString()} records) + groups: median ${(median(one) / 1000).toFixed(2)} s (${one.map((x) => (x / 1000).toFixed(2)).join(', ')}) — goal ≤ 5 s`,
        );
        // What a new submitted version costs: its records classified once (when the build keeps classes).
        const c = new Client({ connectionString: url });
        await c.connect();
        const [{ kept }] = (
          await c.query(`SELECT to_regclass('public.stats_submission_class') IS NOT NULL AS kept`)
        ).rows;
        if (kept) {
          await c.query(`DELETE FROM stats_submission_class WHERE org_code = $1`, [org]);
          const [, coldMs] = await timed(() => recompute({ period: PERIOD, orgCode: org }));
          coldOneMs = coldMs;
          console.log(
            `recompute one insurer whose records are not classified yet (as after a new submitted version): ${(coldMs / 1000).toFixed(2)} s`,
          );
        }
        await c.end();
      }

      console.log(
        `load average before the load test (other processes share the 2 cores): ${os
          .loadavg()
          .map((x) => x.toFixed(2))
          .join(' ')}`,
      );
      const token = await loginAs(server.baseUrl, 'bench-regulator', 'bench-regulator-pass-1');
      const target = `/api/stats?period=${PERIOD}`;
      const sample = await fetch(server.baseUrl + target, { headers: { Authorization: `Bearer ${token}` } });
      const bytes = (await sample.arrayBuffer()).byteLength;
      await loadLoop(server.baseUrl, target, token, clients, 2); // warm-up
      const [r, cpu] = await cpuPerRequest(server.pid, url, () =>
        loadLoop(server.baseUrl, target, token, clients, seconds),
      );
      console.log(
        `GET ${target} (${(bytes / 1024).toFixed(0)} KiB), ${clients} keep-alive clients, ${seconds} s, node:http loop: ` +
          `${r.requests} requests, ${r.errors} errors, ${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, ` +
          `p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(1)} ms — goal p95 ≤ 50 ms`,
      );
      console.log(
        `CPU per request (load-independent): server process ${cpu.server.toFixed(3)} ms, its database sessions ${cpu.database.toFixed(3)} ms; ` +
          `load average ${os
            .loadavg()
            .map((x) => x.toFixed(2))
            .join(' ')}`,
      );
      // The goal is measured with wrk (a C client, as the issue names it): a JavaScript client parsing 168 KiB
      // answers 1,500 times a second takes a core of its own on this 2-core machine and inflates the latency.
      // Without wrk on PATH (`apt-get install wrk`) the node:http loop's figure stands in.
      let wrkP95: number | null = null;
      if (spawnSync('wrk', ['--version']).error === undefined) {
        const script = path.join(os.tmpdir(), `portal-wrk-${process.pid}.lua`);
        writeFileSync(
          script,
          'done = function(summary, latency, requests)\n' +
            '  io.write(string.format("WRK_P95 %f\\n", latency:percentile(95) / 1000))\n' +
            'end\n',
        );
        for (const gzip of [false, true]) {
          const headers = [
            '-H',
            `Authorization: Bearer ${token}`,
            ...(gzip ? ['-H', 'Accept-Encoding: gzip'] : []),
          ];
          const out = spawnSync(
            'wrk',
            [
              '-t2',
              `-c${clients}`,
              `-d${seconds}s`,
              '--latency',
              '-s',
              script,
              ...headers,
              server.baseUrl + target,
            ],
            {
              encoding: 'utf8',
            },
          );
          const p95 = Number(/WRK_P95 ([\d.]+)/.exec(out.stdout)?.[1] ?? NaN);
          if (!gzip && Number.isFinite(p95)) wrkP95 = p95;
          const lines = out.stdout
            .split('\n')
            .filter((l) => /Latency|50%|75%|90%|99%|Requests\/sec|requests in|Non-2xx/.test(l));
          console.log(
            `wrk -t2 -c${clients} -d${seconds}s${gzip ? ' (Accept-Encoding: gzip, as browsers send)' : ' (no compression)'}:\n${lines.map((l) => '  ' + l.trim()).join('\n')}\n  p95 ${Number.isFinite(p95) ? p95.toFixed(1) : '?'} ms`,
          );
        }
        rmSync(script, { force: true });
      } else {
        console.log('wrk not on PATH: only the node:http loop was run');
      }
      // The line `npm run bench` reads (scripts/bench.mjs).
      console.log(
        'BENCH_RESULT ' +
          JSON.stringify([
            ...(getOnly
              ? []
              : [
                  {
                    name: `stats: recompute one insurer (${rows} rows)`,
                    measured: median(one) / 1000,
                    unit: 's',
                    goal: '≤ 5 s',
                    ok: median(one) <= 5000,
                  },
                  {
                    name: `stats: recompute a period (${rows} rows)`,
                    measured: median(period) / 1000,
                    unit: 's',
                    goal: '≤ 30 s',
                    ok: median(period) <= 30000,
                  },
                  ...(coldOneMs === null
                    ? []
                    : [
                        {
                          name: `stats: recompute one insurer, its new version not classified yet`,
                          measured: coldOneMs / 1000,
                          unit: 's',
                          goal: '≤ 5 s',
                          ok: coldOneMs <= 5000,
                        },
                      ]),
                  ...(coldPeriodMs === null
                    ? []
                    : [
                        {
                          name: `stats: recompute a period, cold (nothing classified yet)`,
                          measured: coldPeriodMs / 1000,
                          unit: 's',
                          goal: '≤ 30 s',
                          ok: coldPeriodMs <= 30000,
                        },
                      ]),
                ]),
            {
              name: `stats: GET /api/stats p95, ${clients} clients (${wrkP95 === null ? 'node:http loop' : 'wrk'})`,
              measured: wrkP95 ?? r.p95,
              unit: 'ms',
              goal: '≤ 50 ms',
              ok: (wrkP95 ?? r.p95) <= 50,
            },
          ]),
      );
    } finally {
      await server.stop();
    }
  } finally {
    if (stop) await stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
