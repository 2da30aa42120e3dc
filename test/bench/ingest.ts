/**
 * Ingest benchmark: the full validated ingest of a callbacks file through the real server (HTTP upload →
 * queue → read → FileValidator → COPY → duplicate check → issues → commit) against `psql \copy` of the same
 * CSV into a plain table (26 text columns, no index) on the same database, in the same run.
 *
 *   npx tsx --tsconfig tsconfig.base.json test/bench/ingest.ts [--rows 1000000] [--server source|dist] [--keep]
 *
 * Uses DATABASE_URL (a server it may create databases on) or starts a throw-away PostgreSQL like the test
 * harness. The server runs as a child process so its peak RSS is its own (VmHWM from /proc, and VmRSS sampled
 * during the ingest): by default from source (`node -r @swc-node/register server/src/main.ts`, whose
 * in-process compiler adds ~100 MB of its own), or with `--server dist` the production bundle of
 * `nx build server` (dist/server/main.js).
 * Prints one summary; goals: ratio ≤ 1.5, peak RSS ≤ 300 MB and flat from 1M to 5M rows.
 */
import { CALLBACK_COLUMNS, findOrg, generateCallbacks, writeCsv } from '@portal/demo-data';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { chmodSync, createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedOrgAndUsers } from '../support/auth';
import { adminStatement, benchPostgres, clusterCpuMs, cpuMs, withDatabase } from '../support/bench';
import { processMemory, startServerProcess, type ServerProcess } from '../support/server-process';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const ROWS = Number(arg('rows', '1000000'));
const KEEP = args.includes('--keep');
const SERVER = arg('server', 'source');
const PERIOD = '2026H1';
const PASSWORD = 'bench-password-0001';

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'portal-bench-'));
  chmodSync(work, 0o755); // reachable by the postgres OS user when the harness runs as root
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(work, { recursive: true, force: true })];
  try {
    const { url: serverUrl, postmasterPid } = await benchPostgres(work, cleanups, log);
    const dbName = `bench_${randomBytes(4).toString('hex')}`;
    await adminStatement(serverUrl, `CREATE DATABASE ${dbName} ENCODING 'UTF8' TEMPLATE template0`);
    cleanups.unshift(() => adminStatement(serverUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
    const dbUrl = withDatabase(serverUrl, dbName);

    const org = findOrg('CLRS')!;
    const csvPath = join(work, 'callbacks.csv');
    log(`generating ${ROWS.toLocaleString()} callback rows (${org.shortName}, ${PERIOD})…`);
    const out = createWriteStream(csvPath);
    await writeCsv(generateCallbacks({ seed: 1, org, period: PERIOD, rows: ROWS }), out, {
      columns: CALLBACK_COLUMNS,
    });
    out.end();
    await once(out, 'close');
    const bytes = statSync(csvPath).size;
    log(`file: ${mb(bytes)}`);

    const server = await startServer(dbUrl, work);
    cleanups.unshift(() => server.stop());
    await seedOrgAndUsers(dbUrl, {
      orgs: [{ code: org.code, name: org.name, group: org.group, foundedOn: org.foundedOn }],
      users: [{ username: 'bench-sub', password: PASSWORD, role: 'insurer_submitter', orgCode: org.code }],
    });
    const token = await loginAs(server.baseUrl, 'bench-sub');

    const pgCpu0 = clusterCpuMs(postmasterPid);
    const copyMs = await psqlCopy(dbUrl, csvPath);
    const pgCpuCopy = pgCpu0 === null ? null : clusterCpuMs(postmasterPid)! - pgCpu0;
    log(`psql \\copy: ${secs(copyMs)}${pgCpuCopy === null ? '' : `, PostgreSQL CPU ${secs(pgCpuCopy)}`}`);

    const rssBefore = processMemory(server.child.pid!).rss;
    let rssPeakDuring = rssBefore;
    const timeline: number[] = [];
    const sampler = setInterval(() => {
      const rss = processMemory(server.child.pid!).rss;
      rssPeakDuring = Math.max(rssPeakDuring, rss);
      timeline.push(Math.round(rss / 1024 / 1024));
    }, 100);
    const pgCpuBefore = clusterCpuMs(postmasterPid);
    const serverCpuBefore = cpuMs(server.child.pid!);
    const t0 = Date.now();
    const id = await uploadFile(server.baseUrl, token, csvPath);
    const uploadMs = Date.now() - t0;
    const sub = await waitSettled(server.baseUrl, token, id);
    reportTimings(server);
    const ingestMs = Date.now() - t0;
    const serverCpu = cpuMs(server.child.pid!) - serverCpuBefore;
    const pgCpuIngest = pgCpuBefore === null ? null : clusterCpuMs(postmasterPid)! - pgCpuBefore;
    clearInterval(sampler);
    if (sub.status !== 'valid' || sub.rows !== ROWS)
      throw new Error(`unexpected result: ${JSON.stringify(sub)}`);

    const copyAfterMs = await psqlCopy(dbUrl, csvPath);
    const baseline = Math.min(copyMs, copyAfterMs);
    const peak = processMemory(server.child.pid!).hwm;
    const result = {
      rows: ROWS,
      server: SERVER,
      fileBytes: bytes,
      psqlCopySeconds: [copyMs / 1000, copyAfterMs / 1000],
      uploadSeconds: uploadMs / 1000,
      ingestSeconds: ingestMs / 1000,
      ratio: +(ingestMs / baseline).toFixed(2),
      rowsPerSecond: Math.round(ROWS / (ingestMs / 1000)),
      serverRssBeforeMB: Math.round(rssBefore / 1024 / 1024),
      serverRssPeakDuringIngestMB: Math.round(rssPeakDuring / 1024 / 1024),
      serverPeakRssMB: Math.round(peak / 1024 / 1024),
      findings: sub.findings,
      /**
       * Where the CPU went (seconds): the server process, and the PostgreSQL cluster during the ingest and
       * during the baseline copy. With N cores, (server + PostgreSQL CPU) / N bounds the ingest time from below.
       */
      cpuSeconds: {
        server: serverCpu / 1000,
        postgresIngest: pgCpuIngest === null ? null : pgCpuIngest / 1000,
        postgresBaselineCopy: pgCpuCopy === null ? null : pgCpuCopy / 1000,
        cores: cpus().length,
      },
      /** Server RSS (MB) at ten evenly spaced moments of the ingest. */
      rssTimelineMB: Array.from({ length: 10 }, (_, i) => timeline[Math.floor((i * timeline.length) / 10)]),
    };
    log(
      `ingest: ${secs(ingestMs)} (upload ${secs(uploadMs)}), psql \\copy ${secs(baseline)} → ratio ${result.ratio}; ` +
        `server (${SERVER}) RSS ${result.serverRssBeforeMB} MB before, peak ${result.serverRssPeakDuringIngestMB} MB during, VmHWM ${result.serverPeakRssMB} MB; ` +
        `CPU: server ${secs(serverCpu)}, PostgreSQL ${pgCpuIngest === null ? '?' : secs(pgCpuIngest)} (baseline copy ${pgCpuCopy === null ? '?' : secs(pgCpuCopy)})`,
    );
    console.log(JSON.stringify(result, null, 2));
    // The line `npm run bench` reads (scripts/bench.mjs); the baseline is psql \copy of the same CSV.
    console.log(
      'BENCH_RESULT ' +
        JSON.stringify([
          {
            name: `ingest ${ROWS} call-back rows, validated`,
            measured: ingestMs / 1000,
            unit: 's',
            baseline: baseline / 1000,
            ratio: result.ratio,
            goal: 'ratio ≤ 1.5',
            ok: result.ratio <= 1.5,
          },
          {
            name: 'ingest: server peak RSS',
            measured: result.serverPeakRssMB,
            unit: 'MB',
            goal: '≤ 300 MB',
            ok: result.serverPeakRssMB <= 300,
          },
        ]),
    );
  } finally {
    if (!KEEP)
      for (const c of cleanups)
        await Promise.resolve(c()).catch((e: unknown) => log(`cleanup: ${String(e)}`));
  }
}

/** The server as its own process (test/support/server-process.ts), with the heap limit `npm start` gives it. */
function startServer(dbUrl: string, work: string): Promise<ServerProcess> {
  return startServerProcess(dbUrl, {
    server: SERVER === 'dist' ? 'dist' : 'source',
    startTimeoutMs: 180_000,
    env: {
      // Without a heap limit V8 collects lazily and the RSS shows how much memory the machine has, not what the
      // ingest needs (scripts/start.mjs runs the server with the same limit).
      NODE_OPTIONS: '--max-old-space-size=256',
      UPLOAD_DIR: join(work, 'uploads'),
      UPLOAD_MAX_BYTES: String(64 * 1024 ** 3),
    },
  });
}

/** The worker's own account of where the time went (its "validated …" log line). */
function reportTimings(server: ServerProcess): void {
  for (const line of server.output().split('\n'))
    if (line.includes('validated ')) log(`server: ${/"msg":"([^"]*)"/.exec(line)?.[1] ?? line}`);
}

async function loginAs(baseUrl: string, username: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** `psql \copy` of the CSV into a fresh plain table; returns the milliseconds of the copy alone. */
async function psqlCopy(dbUrl: string, csvPath: string): Promise<number> {
  const table = `plain_${randomBytes(3).toString('hex')}`;
  const cols = CALLBACK_COLUMNS.map((c) => `${c} text`).join(', ');
  psql(dbUrl, `CREATE TABLE ${table} (${cols})`);
  const t0 = Date.now();
  psql(dbUrl, `\\copy ${table} FROM '${csvPath}' WITH (FORMAT csv, HEADER true)`);
  const ms = Date.now() - t0;
  psql(dbUrl, `DROP TABLE ${table}`);
  return ms;
}

function psql(dbUrl: string, command: string): void {
  const r = spawnSync('psql', [dbUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', command], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr || r.error}`);
}

/** Streams the file as multipart/form-data (never in memory). */
function uploadFile(baseUrl: string, token: string, path: string): Promise<string> {
  const boundary = `----bench${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ncallbacks\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="period"\r\n\r\n${PERIOD}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="callbacks.csv"\r\nContent-Type: text/csv\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = head.length + statSync(path).size + tail.length;
  return new Promise((resolvePromise, reject) => {
    const req = request(
      `${baseUrl}/api/submissions`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': length,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => {
          if (res.statusCode !== 202) reject(new Error(`upload: ${res.statusCode} ${body}`));
          else resolvePromise((JSON.parse(body) as { id: string }).id);
        });
      },
    );
    req.on('error', reject);
    req.write(head);
    const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
    file.pipe(req, { end: false });
    file.on('end', () => req.end(tail));
    file.on('error', reject);
  });
}

async function waitSettled(
  baseUrl: string,
  token: string,
  id: string,
): Promise<{ status: string; rows: number; findings: number }> {
  for (;;) {
    const res = await fetch(`${baseUrl}/api/submissions/${id}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as { status: string; rows: number; findings: number };
    if (body.status !== 'validating') return body;
    await new Promise((r) => setTimeout(r, 50));
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
