/* eslint-disable @typescript-eslint/no-non-null-assertion */
/**
 * Fault injection (hardening): the real server as separate OS processes (dist bundle), killed with SIGKILL
 * during ingests and during PDF rendering, its PostgreSQL restarted mid-ingest, its upload directory full.
 * Acceptance: zero partial or lost submissions; every job resumes or fails with a reason. The measured facts
 * go to test-output/faults-summary.json (the reliability report).
 */
import {
  CALLBACK_COLUMNS,
  COMPLAINT_COLUMNS,
  fileRows,
  generateCallbacks,
  generateComplaints,
  injectCallbackErrors,
  injectComplaintErrors,
  writeCsv,
} from '@portal/demo-data';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import {
  chmodSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDemo } from '../api/stats-demo-data';
import {
  api,
  demoOrg,
  login,
  PASSWORD,
  seedDemo,
  sql,
  type SubmissionBody,
} from '../api/submissions-helpers';
import { loginAs, seedOrgAndUsers } from '../support/auth';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { newJwtSecret, ROOT, startServerProcess, type ServerProcess } from '../support/server-process';

const PERIOD = '2026H1';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SUMMARY: Record<string, unknown> = { generatedAt: new Date().toISOString() };
const SUMMARY_FILE = join(ROOT, 'test-output', 'faults-summary.json');

// ---- helpers ------------------------------------------------------------------------------------------

interface UploadOutcome {
  /** HTTP status, or null when the connection broke before an answer. */
  status: number | null;
  body: Record<string, unknown> | null;
  error?: string;
  sentBytes: number;
}

/**
 * Streams a file as multipart/form-data (never in memory), optionally throttled so that the upload is still
 * streaming when the server is killed. Never rejects: a broken connection is an outcome.
 */
function streamUpload(
  baseUrl: string,
  token: string,
  file: { kind: string; path: string },
  opts: { bytesPerSecond?: number; onSent?: (bytes: number) => void } = {},
): Promise<UploadOutcome> {
  const boundary = `----faults${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${file.kind}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="period"\r\n\r\n${PERIOD}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="data.csv"\r\nContent-Type: text/csv\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const size = statSync(file.path).size;
  let sent = 0;
  return new Promise<UploadOutcome>((resolve) => {
    let done = false;
    const finish = (o: Omit<UploadOutcome, 'sentBytes'>) => {
      if (done) return;
      done = true;
      resolve({ ...o, sentBytes: sent });
    };
    const req = request(
      `${baseUrl}/api/submissions`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': head.length + size + tail.length,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('error', (e) => finish({ status: null, body: null, error: e.message }));
        res.on('end', () => {
          let body: Record<string, unknown> | null = null;
          try {
            body = JSON.parse(text) as Record<string, unknown>;
          } catch {
            /* not JSON */
          }
          finish({ status: res.statusCode ?? null, body });
        });
      },
    );
    req.on('error', (e) => finish({ status: null, body: null, error: e.message }));
    void (async () => {
      try {
        req.write(head);
        const stream = createReadStream(file.path, { highWaterMark: 256 * 1024 });
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          if (done) {
            stream.destroy();
            return;
          }
          if (!req.write(chunk)) await drained(req);
          sent += chunk.length;
          opts.onSent?.(sent);
          if (opts.bytesPerSecond) await sleep((chunk.length / opts.bytesPerSecond) * 1000);
        }
        req.end(tail);
      } catch (e) {
        finish({ status: null, body: null, error: String(e) });
      }
    })();
  });
}

/** Resolves on 'drain' or 'close', whichever comes first, and leaves no listener behind. */
function drained(req: import('node:http').ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      req.off('drain', done);
      req.off('close', done);
      resolve();
    };
    req.on('drain', done);
    req.on('close', done);
  });
}

/** Every process below `pid` (Linux /proc), with its command line. */
function descendants(pid: number): { pid: number; cmd: string }[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      /* gone */
    }
  }
  const out: { pid: number; cmd: string }[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push({ pid: c, cmd: cmdline(c) });
      walk(c);
    }
  };
  walk(pid);
  return out;
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    // A zombie still answers signal 0; it holds no resources but its exit status.
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

const filesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => n !== 'lost+found') : []);

async function writeRows(
  path: string,
  rows: Iterable<Readonly<Record<string, string>>>,
  columns: readonly string[],
): Promise<number> {
  const out = createWriteStream(path);
  const { rows: written } = await writeCsv(rows, out, { columns: [...columns] });
  out.end();
  await once(out, 'close');
  return written;
}

const sha256File = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

interface Settled {
  status: string;
  rows: number;
  errors: number;
  warnings: number;
  findings: number;
  issues: number;
  countsByRule: Record<string, number>;
  failureReason: string | null;
}

async function settle(baseUrl: string, token: string, id: string, timeoutMs: number): Promise<Settled> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await api<SubmissionBody>(baseUrl, token, `/api/submissions/${id}`);
    if (r.status !== 200) throw new Error(`GET ${id}: ${r.status} ${JSON.stringify(r.body)}`);
    if (r.body.status !== 'validating') {
      const issues = await api<{ total: number; countsByRule: Record<string, number> }>(
        baseUrl,
        token,
        `/api/submissions/${id}/issues?page=1&pageSize=1`,
      );
      return {
        status: r.body.status,
        rows: r.body.rows,
        errors: r.body.errors,
        warnings: r.body.warnings,
        findings: r.body.findings,
        issues: issues.body.total,
        countsByRule: issues.body.countsByRule,
        failureReason: r.body.failureReason,
      };
    }
    if (Date.now() > until) throw new Error(`${id} still validating after ${timeoutMs} ms`);
    await sleep(200);
  }
}

/**
 * What must never be visible, at any moment: records of a submission that is not valid (or signed), issues
 * or counts of one still validating. Read as the schema owner, bypassing row-level security.
 */
const INVISIBLE = `
  SELECT s.id, s.status, 'callback_record' AS what FROM submission s
   WHERE s.status NOT IN ('valid', 'submitted', 'superseded') AND s.kind = 'callbacks'
     AND EXISTS (SELECT 1 FROM callback_record r WHERE r.period_code = s.period_code AND r.org_code = s.org_code AND r.submission_id = s.id)
  UNION ALL
  SELECT s.id, s.status, 'complaint_record' FROM submission s
   WHERE s.status NOT IN ('valid', 'submitted', 'superseded') AND s.kind = 'complaints'
     AND EXISTS (SELECT 1 FROM complaint_record r WHERE r.period_code = s.period_code AND r.org_code = s.org_code AND r.submission_id = s.id)
  UNION ALL
  SELECT s.id, s.status, 'validation_issue' FROM submission s
   WHERE s.status = 'validating'
     AND EXISTS (SELECT 1 FROM validation_issue i WHERE i.period_code = s.period_code AND i.submission_id = s.id)
  UNION ALL
  SELECT s.id, s.status, 'submission_rule_count' FROM submission s
   WHERE s.status = 'validating' AND EXISTS (SELECT 1 FROM submission_rule_count c WHERE c.submission_id = s.id)`;

/** Polls INVISIBLE every `everyMs` until stopped; collects what it saw. */
function watchInvisible(dbUrl: string, everyMs = 150) {
  const seen: string[] = [];
  let polls = 0;
  let errors = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        const rows = await sql<{ id: string; status: string; what: string }>(dbUrl, INVISIBLE);
        for (const r of rows) seen.push(`${r.what} of ${r.id} (${r.status})`);
        polls++;
      } catch {
        errors++; // the database itself restarting (scenario 3)
      }
      await sleep(everyMs);
    }
  })();
  return {
    seen,
    stats: () => ({ polls, errors }),
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

async function firstMatch<T>(fn: () => Promise<T | null | undefined>, timeoutMs: number, everyMs = 20) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) return null;
    await sleep(everyMs);
  }
}

afterAll(() => {
  mkdirSync(join(ROOT, 'test-output'), { recursive: true });
  let previous: Record<string, unknown> = {};
  try {
    previous = JSON.parse(readFileSync(SUMMARY_FILE, 'utf8')) as Record<string, unknown>;
  } catch {
    /* first run */
  }
  // Keep scenarios of an earlier run that this run did not execute (e.g. a single scenario run with -t).
  writeFileSync(SUMMARY_FILE, JSON.stringify({ ...previous, ...SUMMARY }, null, 2) + '\n');
});

// ---- 1. kill -9 during 20 ingests ------------------------------------------------------------------------

interface TestFile {
  name: string;
  tag: string;
  kind: 'callbacks' | 'complaints';
  path: string;
  sha256: string;
  /** Known from the generator: rows written, and whether errors were injected. */
  rows: number;
  broken: boolean;
}

describe('faults: kill -9 of the server during 20 ingests', () => {
  const TAGS = ['CLRS', 'XYCX', 'MHRS', 'QCJK', 'FQCX'];
  let work: string;
  let uploads: string;
  let db: TestDatabase;
  let oracleDb: TestDatabase;
  const procs: ServerProcess[] = [];
  const files: TestFile[] = [];
  const jwtSecret = newJwtSecret();

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'faults-ingest-'));
    uploads = join(work, 'uploads');
    [db, oracleDb] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    await Promise.all([seedDemo(db.url, TAGS), seedDemo(oracleDb.url, TAGS)]);

    const add = async (
      name: string,
      tag: string,
      kind: 'callbacks' | 'complaints',
      rows: number,
      seed: number,
      broken = false,
    ) => {
      const org = demoOrg(tag);
      const path = join(work, `${name}.csv`);
      let written: number;
      if (kind === 'callbacks') {
        const gen = generateCallbacks({ seed, org, period: PERIOD, rows });
        written = await writeRows(
          path,
          broken ? injectCallbackErrors(gen, rows, PERIOD, seed).rows : gen,
          CALLBACK_COLUMNS,
        );
      } else {
        const gen = generateComplaints({ seed, org, period: PERIOD, rows });
        written = await writeRows(
          path,
          broken ? injectComplaintErrors(gen, rows, PERIOD, seed).rows : gen,
          COMPLAINT_COLUMNS,
        );
      }
      files.push({ name, tag, kind, path, sha256: sha256File(path), rows: written, broken });
    };
    // Large enough that validation is still running when the server is killed (≈ 80k rows/s here).
    await add('clrs-cb-160k', 'CLRS', 'callbacks', 160_000, 1);
    await add('xycx-cb-140k', 'XYCX', 'callbacks', 140_000, 2);
    await add('mhrs-cb-120k', 'MHRS', 'callbacks', 120_000, 3);
    await add('qcjk-cb-100k-broken', 'QCJK', 'callbacks', 100_000, 4, true);
    await add('clrs-cb-100k', 'CLRS', 'callbacks', 100_000, 5);
    await add('xycx-cp-60k', 'XYCX', 'complaints', 60_000, 6);
    await add('fqcx-cp-50k-broken', 'FQCX', 'complaints', 50_000, 7, true);
    await add('fqcx-cp-50k', 'FQCX', 'complaints', 50_000, 8);
    // Small files, valid and invalid.
    const small: [string, 'callbacks' | 'complaints', boolean][] = [
      ['CLRS', 'complaints', false],
      ['XYCX', 'callbacks', true],
      ['MHRS', 'complaints', false],
      ['QCJK', 'complaints', true],
      ['QCJK', 'callbacks', false],
      ['FQCX', 'callbacks', false],
      ['MHRS', 'callbacks', true],
      ['CLRS', 'callbacks', false],
      ['XYCX', 'complaints', true],
      ['FQCX', 'complaints', false],
    ];
    for (const [i, [tag, kind, broken]] of small.entries()) {
      const rows = Math.max(300, Math.min(8000, fileRows(demoOrg(tag), PERIOD, kind) + i * 97));
      await add(
        `${tag.toLowerCase()}-${kind}-${i}${broken ? '-broken' : ''}`,
        tag,
        kind,
        rows,
        100 + i,
        broken,
      );
    }
    // An unreadable file (STR-010) and one with the wrong header.
    const garbage = join(work, 'garbage.csv');
    writeFileSync(garbage, Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x81]), randomBytes(200_000)]));
    files.push({
      name: 'garbage',
      tag: 'MHRS',
      kind: 'callbacks',
      path: garbage,
      sha256: sha256File(garbage),
      rows: 0,
      broken: true,
    });
    const header = join(work, 'wrong-header.csv');
    writeFileSync(header, 'foo,bar,baz\r\n1,2,3\r\n4,5,6\r\n');
    files.push({
      name: 'wrong-header',
      tag: 'QCJK',
      kind: 'complaints',
      path: header,
      sha256: sha256File(header),
      rows: 2,
      broken: true,
    });
    expect(files).toHaveLength(20);
  }, 240_000);

  afterAll(async () => {
    for (const p of procs) await p.kill9().catch(() => undefined);
    await Promise.all([db?.drop(), oracleDb?.drop()]);
    rmSync(work, { recursive: true, force: true });
  });

  const start = async (dbUrl: string, dir: string) => {
    const t0 = Date.now();
    const p = await startServerProcess(dbUrl, { server: 'dist', jwtSecret, env: { UPLOAD_DIR: dir } });
    procs.push(p);
    return { p, startMs: Date.now() - t0 };
  };
  const tokens = async (baseUrl: string) =>
    Object.fromEntries(
      await Promise.all(TAGS.map(async (t) => [t, await login(baseUrl, `${t}-sub`)] as const)),
    );

  it('every upload that got a 202 ends with the right counts or failed with a reason; nothing partial is ever visible', async () => {
    // The oracle: the same 20 files through a server that is never killed, on a database of its own.
    const oracle = await start(oracleDb.url, join(work, 'oracle-uploads'));
    const oTokens = await tokens(oracle.p.baseUrl);
    const expected = new Map<string, Settled>();
    const oracleStarted = Date.now();
    for (const f of files) {
      const up = await streamUpload(oracle.p.baseUrl, oTokens[f.tag], f);
      expect(up.status).toBe(202);
      expected.set(f.sha256, await settle(oracle.p.baseUrl, oTokens[f.tag], String(up.body!['id']), 120_000));
    }
    const oracleMs = Date.now() - oracleStarted;
    await oracle.p.stop();
    // The oracle agrees with the generator's known answers.
    for (const f of files) {
      const e = expected.get(f.sha256)!;
      if (f.broken) expect({ file: f.name, status: e.status }).toEqual({ file: f.name, status: 'invalid' });
      else
        expect({ file: f.name, status: e.status, rows: e.rows, errors: e.errors }).toEqual({
          file: f.name,
          status: 'valid',
          rows: f.rows,
          errors: 0,
        });
    }

    const watch = watchInvisible(db.url);
    const faultedStarted = Date.now();
    const accepted = new Map<string, TestFile>(); // submission id → file
    const cut: { file: string; sentBytes: number; of: number; phase: string }[] = [];
    const kills: { phase: string; at: string; validating: number; inFlightUploads: number }[] = [];
    const pending = [...files];

    const uploadAll = async (
      p: ServerProcess,
      toks: Record<string, string>,
      batch: TestFile[],
      phase: string,
      throttle?: (f: TestFile) => number | undefined,
    ) =>
      Promise.all(
        batch.map(async (f) => {
          const o = await streamUpload(p.baseUrl, toks[f.tag], f, { bytesPerSecond: throttle?.(f) });
          if (o.status === 202) {
            accepted.set(String(o.body!['id']), f);
            pending.splice(pending.indexOf(f), 1);
          } else if (o.status === null) {
            cut.push({ file: f.name, sentBytes: o.sentBytes, of: statSync(f.path).size, phase });
          } else throw new Error(`${f.name}: ${o.status} ${JSON.stringify(o.body)}`);
          return o;
        }),
      );
    const validatingNow = async () =>
      Number(
        (
          await sql<{ n: string }>(
            db.url,
            `SELECT count(*) AS n FROM submission WHERE status = 'validating' AND progress_rows > 0`,
          )
        )[0].n,
      );

    // Phase A: eight uploads at once, two of them throttled; kill while those two still stream and the
    // first accepted ones validate.
    const a = await start(db.url, uploads);
    const aTok = await tokens(a.p.baseUrl);
    const slow = new Set([files[0].name, files[2].name]);
    let inFlight = 0;
    // (One large file is kept back for phase C, to be cut while it streams there.)
    const reserved = files[4];
    const phaseA = uploadAll(
      a.p,
      aTok,
      files.slice(0, 9).filter((f) => f !== reserved),
      'A',
      (f) => {
        if (!slow.has(f.name)) return undefined;
        inFlight++;
        return 3 * 1024 * 1024; // ≈ 9 s for the 160k-row file
      },
    );
    const caughtA = await firstMatch(async () => (await validatingNow()) > 0, 30_000);
    await sleep(500);
    kills.push({
      phase: 'A',
      at: 'uploads streaming + validating',
      validating: await validatingNow(),
      inFlightUploads: inFlight,
    });
    await a.p.kill9();
    await phaseA;
    expect(caughtA).toBe(true);
    expect(cut.filter((c) => c.phase === 'A').length).toBeGreaterThan(0);

    // Phase B: a new process on the same database and upload directory; the rest of the files, killed
    // while the worker validates (resumed jobs from A, or new ones).
    const b = await start(db.url, uploads);
    const bTok = await tokens(b.p.baseUrl);
    await uploadAll(b.p, bTok, pending.filter((f) => f !== reserved).slice(0, 8), 'B');
    const caughtB = await firstMatch(async () => (await validatingNow()) > 0, 30_000);
    kills.push({ phase: 'B', at: 'validating', validating: await validatingNow(), inFlightUploads: 0 });
    await b.p.kill9();
    expect(caughtB).toBe(true);

    // Phase C: the remaining files, the large one kept back throttled; kill while it streams.
    const c = await start(db.url, uploads);
    const cTok = await tokens(c.p.baseUrl);
    expect(pending).toContain(reserved);
    const phaseC = uploadAll(c.p, cTok, [...pending], 'C', (f) =>
      f === reserved ? 2 * 1024 * 1024 : undefined,
    );
    await firstMatch(async () => (await validatingNow()) > 0, 30_000);
    await sleep(1500);
    kills.push({
      phase: 'C',
      at: 'upload streaming + validating',
      validating: await validatingNow(),
      inFlightUploads: 1,
    });
    await c.p.kill9();
    await phaseC;
    expect(cut.filter((x) => x.phase === 'C').map((x) => x.file)).toContain(reserved.name);

    // Phase D: the last process uploads whatever is still missing and must finish every job.
    const d = await start(db.url, uploads);
    const dTok = await tokens(d.p.baseUrl);
    const recoveryStarted = Date.now();
    await uploadAll(d.p, dTok, [...pending], 'D');
    expect(pending).toHaveLength(0);

    const outcomes: Record<string, Settled & { file: string }> = {};
    for (const [id, f] of accepted) {
      const s = await settle(d.p.baseUrl, dTok[f.tag], id, 180_000);
      outcomes[id] = { file: f.name, ...s };
    }
    const recoveryMs = Date.now() - recoveryStarted;
    const faultedRunMs = Date.now() - faultedStarted;
    await sleep(500);
    await watch.stop();

    // Every accepted upload: exactly the oracle's answer, or failed with a bilingual reason.
    const failed: { file: string; reason: string | null }[] = [];
    for (const [id, o] of Object.entries(outcomes)) {
      const f = accepted.get(id)!;
      if (o.status === 'failed') {
        failed.push({ file: f.name, reason: o.failureReason });
        expect(o.failureReason).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/);
        continue;
      }
      const e = expected.get(f.sha256)!;
      const got: Partial<typeof o> = { ...o };
      delete got.file;
      expect({ file: f.name, ...got, failureReason: null }).toEqual({
        file: f.name,
        ...e,
        failureReason: null,
      });
    }
    // Every submission row belongs to one of our files and settled (cut uploads left no row of their own).
    const rows = await sql<{ id: string; sha256: string; status: string; rows: number; kind: string }>(
      db.url,
      `SELECT id, sha256, status, rows, kind FROM submission ORDER BY created_at`,
    );
    expect(rows.filter((r) => r.status === 'validating')).toEqual([]);
    expect(rows.filter((r) => !accepted.has(r.id)).map((r) => r.sha256)).toEqual([]);
    expect(new Set(rows.map((r) => r.sha256)).size).toBe(20);
    // Records exist only for valid submissions, exactly `rows` of them.
    const counts = await sql<{ id: string; status: string; rows: number; records: string }>(
      db.url,
      `SELECT s.id, s.status, s.rows,
                CASE s.kind WHEN 'callbacks' THEN (SELECT count(*) FROM callback_record r WHERE r.submission_id = s.id)
                            ELSE (SELECT count(*) FROM complaint_record r WHERE r.submission_id = s.id) END AS records
           FROM submission s`,
    );
    for (const c2 of counts)
      expect({ id: c2.id, records: Number(c2.records) }).toEqual({
        id: c2.id,
        records: c2.status === 'valid' ? Number(c2.rows) : 0,
      });
    // Exactly one validation outcome in the audit ledger per submission.
    const audits = await sql<{ object_id: string; n: string }>(
      db.url,
      `SELECT object_id, count(*) AS n FROM audit_entry WHERE action IN ('submission.validate', 'submission.fail')
          GROUP BY object_id HAVING count(*) <> 1`,
    );
    expect(audits).toEqual([]);
    // No orphan file: every upload was consumed, every partial upload of a killed process removed.
    expect(filesIn(uploads)).toEqual([]);
    // Nothing from an interrupted transaction was ever visible.
    expect(watch.seen).toEqual([]);
    expect(watch.stats().polls).toBeGreaterThan(20);

    SUMMARY['killDuringIngests'] = {
      files: files.length,
      totalRows: files.reduce((n, f) => n + f.rows, 0),
      kills,
      uploadsCutMidStream: cut,
      accepted: accepted.size,
      valid: Object.values(outcomes).filter((o) => o.status === 'valid').length,
      invalid: Object.values(outcomes).filter((o) => o.status === 'invalid').length,
      failed,
      mismatchesWithCleanRun: 0,
      partialRowsSeen: watch.seen.length,
      visibilityPolls: watch.stats().polls,
      orphanFiles: 0,
      serverStartMs: [a.startMs, b.startMs, c.startMs, d.startMs],
      cleanRunMs: oracleMs,
      faultedRunMs,
      lastProcessToAllSettledMs: recoveryMs,
    };
  }, 280_000);
});

// ---- 2. kill -9 during PDF rendering ----------------------------------------------------------------------

describe('faults: kill -9 of the server while Chromium renders a bulletin', () => {
  let work: string;
  let db: TestDatabase;
  const procs: ServerProcess[] = [];
  const jwtSecret = newJwtSecret();

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'faults-pdf-'));
    db = await createTestDatabase();
    await loadDemo(db.url, { outDir: join(work, 'demo'), periods: [PERIOD] });
    await seedOrgAndUsers(db.url, {
      users: [
        { username: 'reg-admin', password: PASSWORD, role: 'regulator_admin' },
        { username: 'reg-analyst', password: PASSWORD, role: 'regulator_analyst' },
      ],
    });
  }, 180_000);
  afterAll(async () => {
    for (const p of procs) await p.kill9().catch(() => undefined);
    await db?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('leaves no half-published bulletin and no Chromium behind; rendering and publishing work after the restart', async () => {
    const first = await startServerProcess(db.url, {
      server: 'dist',
      jwtSecret,
      env: { UPLOAD_DIR: join(work, 'up') },
    });
    procs.push(first);
    const admin = await loginAs(first.baseUrl, 'reg-admin', PASSWORD);
    const created = await api<{ id: string; status: string }>(first.baseUrl, admin, '/api/bulletins', {
      method: 'POST',
      body: { period: PERIOD, documentNo: '京金发〔2026〕99号' },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    // Wait until Chromium runs under the server (the render has begun), then kill -9 the server.
    const chromium = await firstMatch(
      async () => {
        const found = descendants(first.child.pid!).filter((p) => /chrom/i.test(p.cmd));
        return found.length >= 3 ? found : null;
      },
      60_000,
      10,
    );
    expect(chromium).not.toBeNull();
    const [{ status: before }] = await sql<{ status: string }>(
      db.url,
      'SELECT status FROM bulletin WHERE id = $1',
      [id],
    );
    await first.kill9();
    const killedAt = Date.now();

    // The bulletin is still a draft being rendered: no PDF, nothing published, nothing public.
    const [row] = await sql<{
      status: string;
      pdf: Buffer | null;
      published_at: Date | null;
      csv: string | null;
    }>(db.url, 'SELECT status, pdf, published_at, csv FROM bulletin WHERE id = $1', [id]);
    expect(before).toBe('rendering');
    expect(row).toMatchObject({ status: 'rendering', pdf: null, published_at: null, csv: null });
    // Chromium dies with the server (it was started with the DevTools pipe, which the kill closes).
    const survivors = await firstMatch(
      async () => (chromium!.some((c) => alive(c.pid)) ? null : 'none'),
      10_000,
      100,
    );
    const left = chromium!.filter((c) => alive(c.pid)).map((c) => `${c.pid} ${c.cmd.slice(0, 80)}`);
    expect(left).toEqual([]);
    expect(survivors).toBe('none');
    const chromiumGoneMs = Date.now() - killedAt;

    // A new process re-renders the draft left `rendering`, and it publishes.
    const restartAt = Date.now();
    const second = await startServerProcess(db.url, {
      server: 'dist',
      jwtSecret,
      env: { UPLOAD_DIR: join(work, 'up') },
    });
    procs.push(second);
    const admin2 = await loginAs(second.baseUrl, 'reg-admin', PASSWORD);
    const draft = await firstMatch(
      async () => {
        const r = await api<{ status: string; sha256: string | null }>(
          second.baseUrl,
          admin2,
          `/api/bulletins/${id}`,
        );
        return r.body.status !== 'rendering' ? r.body : null;
      },
      90_000,
      250,
    );
    expect(draft).toMatchObject({ status: 'draft', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const redrawnMs = Date.now() - restartAt;
    const published = await api<{ status: string; sha256: string }>(
      second.baseUrl,
      admin2,
      `/api/bulletins/${id}/publish`,
      {
        method: 'POST',
      },
    );
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', sha256: draft!.sha256 });
    const pub = await api<{ id: string; sha256: string }[]>(second.baseUrl, null, '/api/public/bulletins');
    expect(pub.body.map((b) => b.id)).toEqual([id]);
    const pdf = await fetch(`${second.baseUrl}/api/public/bulletins/${id}.pdf`);
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(published.body.sha256);
    const renders = await sql<{ action: string }>(
      db.url,
      `SELECT action FROM audit_entry WHERE object_id = $1 ORDER BY id`,
      [id],
    );
    expect(renders.map((r) => r.action)).toEqual(['bulletin.draft', 'bulletin.render', 'bulletin.publish']);

    // A graceful stop leaves no Chromium either.
    const running = descendants(second.child.pid!).filter((p) => /chrom/i.test(p.cmd));
    await second.stop();
    expect(await firstMatch(async () => (running.some((c) => alive(c.pid)) ? null : true), 10_000, 100)).toBe(
      true,
    );

    SUMMARY['killDuringPdfRendering'] = {
      chromiumProcessesAtKill: chromium!.length,
      chromiumSurvivorsAfterKill: left.length,
      chromiumGoneWithinMs: chromiumGoneMs,
      bulletinStatusAfterKill: row.status,
      halfPublished: 0,
      restartToDraftMs: redrawnMs,
      publishedAfterRestart: published.body.status === 'published',
    };
  }, 240_000);
});

/**
 * scripts/lib/postgres.mjs in a child Node process (an ES module cannot be imported inside a Jest test):
 * `port` → a free port; `start` → starts (or reuses) the cluster in `<dir>/pg` and prints {url, port, dataDir,
 * engine}; `stop` → fast shutdown. The system PostgreSQL runs detached (pg_ctl), so it outlives the helper.
 */
function localPostgres(dir: string, action: 'port' | 'start' | 'stop', port = 0): string {
  const script = `
    const { startLocalPostgres, freePort } = await import(${JSON.stringify(join(ROOT, 'scripts/lib/postgres.mjs'))});
    const action = ${JSON.stringify(action)};
    if (action === 'port') { console.log(await freePort()); process.exit(0); }
    const pg = await startLocalPostgres({ dataDir: ${JSON.stringify(join(dir, 'pg'))}, port: ${port} });
    if (!pg.engine.startsWith('system')) throw new Error('needs the system PostgreSQL (pg_ctl) to restart it');
    if (action === 'stop') await pg.stop();
    else console.log(JSON.stringify({ url: pg.url, port: pg.port, dataDir: pg.dataDir, engine: pg.engine }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return out.trim().split('\n').pop() ?? '';
}

// ---- 3. PostgreSQL restart mid-ingest ----------------------------------------------------------------------

describe('faults: PostgreSQL restarted while a job validates', () => {
  type Pg = { url: string; port: number; dataDir: string; engine: string };
  let work: string;
  let pg: Pg | null = null;
  let server: ServerProcess | null = null;
  let startPg: () => Promise<Pg>;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'faults-pg-'));
    chmodSync(work, 0o755); // reachable by the postgres OS user when running as root
    const port = Number(localPostgres(work, 'port'));
    startPg = async () => JSON.parse(localPostgres(work, 'start', port)) as Pg;
    pg = await startPg();
  }, 120_000);
  afterAll(async () => {
    await server?.kill9().catch(() => undefined);
    if (pg) localPostgres(work, 'stop', pg.port);
    rmSync(work, { recursive: true, force: true });
  });

  it('answers 503 while PostgreSQL is down, recovers by itself, and the job completes or fails with a reason', async () => {
    const db = pg!;
    // The server applies the migrations at start, like the test template's `npm run migrate`.
    server = await startServerProcess(db.url, {
      server: 'dist',
      env: { UPLOAD_DIR: join(work, 'uploads') },
    });
    await seedDemo(db.url, ['CLRS']);
    const token = await login(server.baseUrl, 'CLRS-sub');
    const path = join(work, 'cb.csv');
    const rows = await writeRows(
      path,
      generateCallbacks({ seed: 21, org: demoOrg('CLRS'), period: PERIOD, rows: 400_000 }),
      CALLBACK_COLUMNS,
    );
    const watch = watchInvisible(db.url, 100);
    const up = await streamUpload(server.baseUrl, token, { kind: 'callbacks', path });
    expect(up.status).toBe(202);
    const id = String(up.body!['id']);
    const caught = await firstMatch(
      async () => {
        const [s] = await sql<{ progress_rows: number; status: string }>(
          db.url,
          'SELECT progress_rows, status FROM submission WHERE id = $1',
          [id],
        );
        if (s.status !== 'validating') throw new Error(`validation ended before the restart: ${s.status}`);
        return s.progress_rows > 0;
      },
      30_000,
      10,
    );
    expect(caught).toBe(true);

    // Fast shutdown; while it is down the health check answers 503 in the API error shape.
    const downAt = Date.now();
    localPostgres(work, 'stop', db.port);
    await sleep(1000);
    if (server.child.exitCode !== null || server.child.signalCode !== null)
      throw new Error(`the server died when PostgreSQL stopped:\n${server.output().slice(-3000)}`);
    const health = await fetch(`${server.baseUrl}/api/health`);
    const healthBody = (await health.json()) as Record<string, unknown>;
    expect(health.status).toBe(503);
    expect(healthBody).toMatchObject({
      statusCode: 503,
      message: expect.stringMatching(/数据库.* \/ Database/),
    });
    await sleep(2000);
    expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(503);
    expect(server.child.exitCode).toBeNull(); // the server survives the outage
    pg = await startPg();
    const upAt = Date.now();
    const healthy = await firstMatch(
      async () => (await fetch(`${server!.baseUrl}/api/health`)).ok,
      60_000,
      100,
    );
    expect(healthy).toBe(true);
    const healthyAfterMs = Date.now() - upAt;

    const token2 = await login(server.baseUrl, 'CLRS-sub');
    const done = await settle(server.baseUrl, token2, id, 200_000);
    const settledAfterMs = Date.now() - upAt;
    await watch.stop();
    if (done.status === 'failed') expect(done.failureReason).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/);
    else expect(done).toMatchObject({ status: 'valid', rows, errors: 0 });
    const [{ n }] = await sql<{ n: string }>(
      pg.url,
      'SELECT count(*) AS n FROM callback_record WHERE submission_id = $1',
      [id],
    );
    expect(Number(n)).toBe(done.status === 'valid' ? rows : 0);
    expect(watch.seen).toEqual([]);
    // The server keeps working: a small upload after the outage validates.
    const smallPath = join(work, 'small.csv');
    await writeRows(
      smallPath,
      generateCallbacks({ seed: 22, org: demoOrg('CLRS'), period: PERIOD, rows: 500 }),
      CALLBACK_COLUMNS,
    );
    const small = await streamUpload(server.baseUrl, token2, { kind: 'callbacks', path: smallPath });
    expect(small.status).toBe(202);
    expect(await settle(server.baseUrl, token2, String(small.body!['id']), 60_000)).toMatchObject({
      status: 'valid',
      rows: 500,
    });
    expect(filesIn(join(work, 'uploads'))).toEqual([]);

    SUMMARY['postgresRestartMidIngest'] = {
      rows,
      postgresDownMs: upAt - downAt,
      healthWhileDown: health.status,
      healthyAfterPostgresBackMs: healthyAfterMs,
      jobOutcome: done.status,
      failureReason: done.failureReason,
      jobSettledAfterPostgresBackMs: settledAfterMs,
      recordsVisible: Number(n),
      partialRowsSeen: watch.seen.length,
      serverRestarted: false,
    };
  }, 280_000);
});

// ---- 4. full upload directory ---------------------------------------------------------------------------------

describe('faults: the upload directory is full', () => {
  let work: string;
  let small: string;
  let mounted = false;
  let db: TestDatabase;
  let server: ServerProcess | null = null;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'faults-full-'));
    small = join(work, 'uploads');
    mkdirSync(small);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', small], { stdio: 'pipe' });
      mounted = true;
    } catch (e) {
      console.warn(
        `SKIPPED "upload directory full": cannot mount a small tmpfs (${String(e).slice(0, 200)}); ` +
          'filling a shared file system instead is not acceptable',
      );
    }
    db = await createTestDatabase();
    await seedDemo(db.url, ['CLRS']);
  }, 60_000);
  afterAll(async () => {
    await server?.stop().catch(() => undefined);
    if (mounted) execFileSync('umount', [small]);
    await db?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('answers 507 in the API error shape, keeps nothing, and serves on', async () => {
    if (!mounted) {
      SUMMARY['uploadDirectoryFull'] = { skipped: 'mount -t tmpfs not permitted' };
      return;
    }
    server = await startServerProcess(db.url, { server: 'dist', env: { UPLOAD_DIR: small } });
    const token = await login(server.baseUrl, 'CLRS-sub');
    const big = join(work, 'big.csv');
    await writeRows(
      big,
      generateCallbacks({ seed: 31, org: demoOrg('CLRS'), period: PERIOD, rows: 80_000 }),
      CALLBACK_COLUMNS,
    );
    const bigBytes = statSync(big).size;
    expect(bigBytes).toBeGreaterThan(8 * 1024 * 1024);
    const t0 = Date.now();
    const refused = await streamUpload(server.baseUrl, token, { kind: 'callbacks', path: big });
    const answerMs = Date.now() - t0;
    expect(refused.status).toBe(507);
    expect(refused.body).toEqual({
      statusCode: 507,
      error: 'Insufficient Storage',
      message: expect.stringMatching(/空间不足.* \/ .*out of temporary storage/),
    });
    expect(await sql(db.url, 'SELECT id FROM submission')).toEqual([]);
    expect(filesIn(small)).toEqual([]);
    expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);

    const ok = join(work, 'ok.csv');
    await writeRows(
      ok,
      generateCallbacks({ seed: 32, org: demoOrg('CLRS'), period: PERIOD, rows: 2000 }),
      CALLBACK_COLUMNS,
    );
    const up = await streamUpload(server.baseUrl, token, { kind: 'callbacks', path: ok });
    expect(up.status).toBe(202);
    expect(await settle(server.baseUrl, token, String(up.body!['id']), 60_000)).toMatchObject({
      status: 'valid',
      rows: 2000,
    });
    expect(filesIn(small)).toEqual([]);

    SUMMARY['uploadDirectoryFull'] = {
      filesystemBytes: 8 * 1024 * 1024,
      uploadBytes: bigBytes,
      status: refused.status,
      answeredAfterMs: answerMs,
      sentBeforeAnswerBytes: refused.sentBytes,
      submissionRows: 0,
      leftoverFiles: 0,
      nextSmallUpload: 'valid',
    };
  }, 120_000);
});
