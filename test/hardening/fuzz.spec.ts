import { CsvParser } from '@portal/file-formats';
import ExcelJS from 'exceljs';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import {
  api,
  login,
  seedDemo,
  settled,
  type IssueBody,
  type SubmissionBody,
} from '../api/submissions-helpers';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { processMemory, startServerProcess, type ServerProcess } from '../support/server-process';
import { FAMILIES, generateHostileFiles, type HostileCase } from './hostile-files';

/**
 * Hostile-file fuzzing through the API (hardening): ≥ 500 generated hostile files (hostile-files.ts) are
 * uploaded to ONE real server process running with the production heap limit. Each must end in a 4xx with the
 * API error shape and a bilingual message, or in 202 → `valid`/`invalid` with a report whose every message
 * names its rule (and row); never a 5xx, never `failed`, never stuck. Nothing partial is stored (no records of
 * an invalid file, no submission for a 4xx, no file left in UPLOAD_DIR), no personal identifier is echoed,
 * formulas are neutralised in the downloads, the process survives with its peak RSS ≤ 300 MB.
 * A summary goes to test-output/fuzz-summary.json.
 *
 * Rerun: npx jest -c test/jest.config.ts test/hardening/fuzz.spec.ts
 */

const UPLOAD_MAX_BYTES = 64 * 1024 ** 2;
const PEAK_RSS_LIMIT = 300 * 1024 ** 2;
const CONCURRENCY = 4;
const SEED = 20260701;
const ROOT = resolve(__dirname, '../..');

type Outcome = '4xx' | 'valid' | 'invalid' | 'failed' | '5xx' | 'error';

interface Result {
  readonly c: HostileCase;
  outcome: Outcome;
  status?: number;
  id?: string;
  sub?: SubmissionBody;
  rules?: Record<string, number>;
  ms: number;
}

const CJK = /[\u4e00-\u9fff]/;
const LATIN = /[A-Za-z]{3}/;
const FORMULA_START = /^[=+\-@\t\r]/;

const bilingual = (message: unknown): boolean =>
  typeof message === 'string' && CJK.test(message) && LATIN.test(message) && message.includes(' / ');

const fullWidth = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));

describe('hardening: hostile files through the API', () => {
  let db: TestDatabase;
  let server: ServerProcess;
  let dir: string;
  let uploads: string;
  let token: string;
  let pg: Client;
  let cases: HostileCase[];
  const results: Result[] = [];
  const failures: string[] = [];
  const started = Date.now();
  let uploadPhaseMs = 0;
  let peakRss = 0;

  const serverPid = (): number => {
    if (server.child.pid === undefined) throw new Error('the server process has no pid');
    return server.child.pid;
  };
  const fail = (c: HostileCase, what: string) => failures.push(`${c.family}/${c.name}: ${what}`);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fuzz-spec-'));
    uploads = join(dir, 'uploads');
    db = await createTestDatabase();
    await seedDemo(db.url, ['XSRS']);
    server = await startServerProcess(db.url, {
      server: 'dist',
      env: {
        UPLOAD_DIR: uploads,
        UPLOAD_MAX_BYTES: String(UPLOAD_MAX_BYTES),
        NODE_OPTIONS: '--max-old-space-size=256',
      },
    });
    token = await login(server.baseUrl, 'XSRS-sub');
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    cases = await generateHostileFiles({ seed: SEED, uploadMaxBytes: UPLOAD_MAX_BYTES });
  }, 240_000);

  afterAll(async () => {
    const summary = {
      seed: SEED,
      command: 'npx jest -c test/jest.config.ts test/hardening/fuzz.spec.ts',
      cases: cases?.length ?? 0,
      uploadMaxBytes: UPLOAD_MAX_BYTES,
      serverHeapLimitMb: 256,
      concurrency: CONCURRENCY,
      peakRssBytes: peakRss,
      peakRssMb: Math.round((peakRss / 1024 ** 2) * 10) / 10,
      uploadPhaseMs,
      totalMs: Date.now() - started,
      failures: failures.length,
      families: Object.fromEntries(
        FAMILIES.map((f) => {
          const rs = results.filter((r) => r.c.family === f);
          const by = (o: Outcome) => rs.filter((r) => r.outcome === o).length;
          return [
            f,
            {
              cases: cases?.filter((c) => c.family === f).length ?? 0,
              '4xx': by('4xx'),
              valid: by('valid'),
              invalid: by('invalid'),
              failed: by('failed'),
              '5xx': by('5xx'),
              error: by('error'),
            },
          ];
        }),
      ),
      outcomes: {
        '4xx': results.filter((r) => r.outcome === '4xx').length,
        valid: results.filter((r) => r.outcome === 'valid').length,
        invalid: results.filter((r) => r.outcome === 'invalid').length,
        other: results.filter((r) => !['4xx', 'valid', 'invalid'].includes(r.outcome)).length,
      },
      slowest: [...results]
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 5)
        .map((r) => ({ case: r.c.name, ms: r.ms, outcome: r.outcome })),
      failureList: failures.slice(0, 200),
    };
    mkdirSync(join(ROOT, 'test-output'), { recursive: true });
    writeFileSync(join(ROOT, 'test-output/fuzz-summary.json'), JSON.stringify(summary, null, 2) + '\n');
    await pg?.end();
    await server?.stop();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function uploadCase(
    c: HostileCase,
    n: number,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const r = c.request;
    const name = `${String(n).padStart(4, '0')}-${c.fileName}`;
    let body: FormData | Buffer;
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    if (r?.raw) {
      body = r.raw.body;
      headers['Content-Type'] = r.raw.contentType;
    } else {
      const form = new FormData();
      for (const [k, v] of r?.fields ?? [
        ['kind', c.kind],
        ['period', c.period],
      ])
        form.append(k, v);
      const fileField = r?.fileField === undefined ? 'file' : r.fileField;
      if (fileField !== null) form.append(fileField, new Blob([new Uint8Array(c.bytes)]), name);
      if (r?.secondFile) form.append('file', new Blob([new Uint8Array(c.bytes)]), `second-${name}`);
      body = form;
    }
    const res = await fetch(`${server.baseUrl}/api/submissions`, {
      method: 'POST',
      headers,
      body: body as BodyInit,
    });
    const text = await res.text();
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = { unparsable: text.slice(0, 200) };
    }
    return { status: res.status, body: json };
  }

  async function download(id: string, ext: 'csv' | 'xlsx'): Promise<{ status: number; bytes: Buffer }> {
    const res = await fetch(`${server.baseUrl}/api/submissions/${id}/issues.${ext}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
  }

  async function csvCells(id: string, c: HostileCase): Promise<string[] | null> {
    const { status, bytes } = await download(id, 'csv');
    if (status !== 200) {
      fail(c, `issues.csv answered ${status}`);
      return null;
    }
    const cells: string[] = [];
    const parser = new CsvParser((r) => cells.push(...r), 64 * 1024 ** 2);
    parser.push(bytes.subarray(3).toString('utf8'));
    parser.end();
    return cells;
  }

  async function xlsxCells(id: string, c: HostileCase): Promise<string[] | null> {
    const { status, bytes } = await download(id, 'xlsx');
    if (status !== 200) {
      fail(c, `issues.xlsx answered ${status}`);
      return null;
    }
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const texts: string[] = [];
    book.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.formula !== undefined) fail(c, `XLSX download holds a formula cell ${cell.address}`);
          texts.push(String(cell.value));
        }),
      ),
    );
    return texts;
  }

  /** Everything checked for one settled submission. */
  async function checkSettled(c: HostileCase, sub: SubmissionBody, res: Result): Promise<void> {
    if (sub.status !== 'valid' && sub.status !== 'invalid') {
      fail(c, `settled as ${sub.status} (${sub.failureReason ?? 'no reason'})`);
      return;
    }
    const page = await api<{ total: number; countsByRule: Record<string, number>; items: IssueBody[] }>(
      server.baseUrl,
      token,
      `/api/submissions/${sub.id}/issues?page=1&pageSize=1000`,
    );
    if (page.status !== 200) {
      fail(c, `issues answered ${page.status}`);
      return;
    }
    const report = page.body;
    res.rules = report.countsByRule;
    const counted = Object.values(report.countsByRule).reduce((a, b) => a + b, 0);
    if (report.total !== counted) fail(c, `total ${report.total} ≠ sum of countsByRule ${counted}`);
    if (report.total !== sub.errors + sub.warnings + sub.findings)
      fail(c, `total ${report.total} ≠ errors+warnings+findings of the submission`);
    if (sub.status === 'invalid' && sub.errors === 0) fail(c, 'invalid without an error');
    if (sub.status === 'valid' && sub.errors > 0) fail(c, 'valid with errors');
    if (report.items.length !== Math.min(report.total, 1000))
      fail(c, `page holds ${report.items.length} of ${report.total} issues`);
    for (const item of report.items.slice(0, 200)) {
      const where = `issue ${item.rule} row ${item.row}`;
      if (!/^[A-Z]+-[A-Z0-9]+$/.test(item.rule)) fail(c, `${where}: malformed rule code`);
      if (!(item.rule in report.countsByRule)) fail(c, `${where}: rule missing from countsByRule`);
      if (!CJK.test(item.message) || !LATIN.test(item.messageEn) || item.message === item.messageEn)
        fail(c, `${where}: message not bilingual`);
      if (!item.message.includes(item.rule) || !item.messageEn.includes(item.rule))
        fail(c, `${where}: message does not name its rule`);
      if (
        item.row !== null &&
        !(item.message.includes(`第${item.row}行`) && item.messageEn.includes(`Row ${item.row}`))
      )
        fail(c, `${where}: message does not name its row`);
      if (item.column !== null && !(item.message + item.messageEn).includes(item.column))
        fail(c, `${where}: message does not name its column ${item.column}`);
    }
    // Expectations that are certain for this case.
    const e = c.expect;
    if (e.outcome === 'valid' && sub.status !== 'valid')
      fail(c, `expected valid, got ${sub.status} ${JSON.stringify(report.countsByRule)}`);
    if ((e.outcome === 'invalid' || e.outcome === 'unreadable') && sub.status !== 'invalid')
      fail(c, `expected ${e.outcome}, got ${sub.status}`);
    if (e.outcome === 'invalid' && e.rule && !report.countsByRule[e.rule])
      fail(c, `expected ${e.rule}, got ${JSON.stringify(report.countsByRule)}`);
    if (e.outcome === 'unreadable') {
      if (JSON.stringify(report.countsByRule) !== '{"STR-010":1}')
        fail(c, `expected one STR-010, got ${JSON.stringify(report.countsByRule)}`);
      else if (e.message && !e.message.test(report.items[0].messageEn))
        fail(c, `STR-010 message "${report.items[0].messageEn}" does not match ${e.message}`);
    }
    if (e.outcome === '4xx') fail(c, `expected a 4xx, got 202 → ${sub.status}`);
    // Each STR-010 says what is wrong with the file.
    for (const item of report.items.filter((i) => i.rule === 'STR-010'))
      if (item.messageEn.length < 40) fail(c, `STR-010 message too vague: ${item.messageEn}`);

    // Nothing partial: an invalid file keeps no records, a valid one keeps exactly its rows; every issue stored.
    const { rows } = await pg.query<{ cb: string; cp: string; pf: string; issues: string }>(
      `SELECT (SELECT count(*) FROM callback_record WHERE submission_id = $1) AS cb,
              (SELECT count(*) FROM complaint_record WHERE submission_id = $1) AS cp,
              (SELECT count(*) FROM profile_record WHERE submission_id = $1) AS pf,
              (SELECT count(*) FROM validation_issue WHERE submission_id = $1) AS issues`,
      [sub.id],
    );
    const stored = Number(rows[0].cb) + Number(rows[0].cp) + Number(rows[0].pf);
    const own = Number(
      c.kind === 'callbacks' ? rows[0].cb : c.kind === 'complaints' ? rows[0].cp : rows[0].pf,
    );
    if (sub.status === 'invalid' && stored !== 0) fail(c, `invalid but ${stored} records stored`);
    if (sub.status === 'valid' && (own !== sub.rows || stored !== own))
      fail(c, `valid with ${sub.rows} rows but ${own} (${stored}) records stored`);
    if (Number(rows[0].issues) !== report.total)
      fail(c, `${rows[0].issues} issues stored, ${report.total} reported`);

    // Personal identifiers: never in full, anywhere (API, downloads, database).
    if (c.pii) {
      const all: string[] = [JSON.stringify(sub), JSON.stringify(report)];
      const csv = await csvCells(sub.id, c);
      const xlsx = await xlsxCells(sub.id, c);
      if (csv) all.push(csv.join('\n'));
      if (xlsx) all.push(xlsx.join('\n'));
      const stored = await pg.query<{ t: string }>(
        `SELECT coalesce(string_agg(coalesce(value, '') || ' ' || coalesce(params::text, ''), ' '), '') AS t
           FROM validation_issue WHERE submission_id = $1
         UNION ALL SELECT file_name FROM submission WHERE id = $1
         UNION ALL SELECT coalesce(string_agg(detail::text, ' '), '') FROM audit_entry WHERE object_id = $1::text`,
        [sub.id],
      );
      all.push(...stored.rows.map((r) => r.t));
      for (const pii of c.pii)
        for (const form of [pii, fullWidth(pii)])
          if (all.some((t) => t.includes(form)))
            fail(c, `personal identifier ${pii.slice(0, 3)}… echoed in full`);
    }
    // Formulas: neutralised in both downloads (and checked on a sample of the other reports too).
    if (c.formulas || results.length % 10 === 0) {
      const csv = await csvCells(sub.id, c);
      const bad = csv?.filter((cell) => FORMULA_START.test(cell)) ?? [];
      if (bad.length > 0)
        fail(c, `CSV download has formula-looking cells: ${JSON.stringify(bad.slice(0, 3))}`);
      if (c.formulas) {
        const xlsx = await xlsxCells(sub.id, c);
        const badX = xlsx?.filter((cell) => FORMULA_START.test(cell)) ?? [];
        if (badX.length > 0)
          fail(c, `XLSX download has formula-looking cells: ${JSON.stringify(badX.slice(0, 3))}`);
      }
    }
  }

  async function runCase(c: HostileCase, n: number): Promise<void> {
    const t0 = Date.now();
    const res: Result = { c, outcome: 'error', ms: 0 };
    results.push(res);
    try {
      const up = await uploadCase(c, n);
      res.status = up.status;
      if (up.status >= 500) {
        res.outcome = '5xx';
        fail(c, `upload answered ${up.status} ${JSON.stringify(up.body).slice(0, 200)}`);
      } else if (up.status >= 400) {
        res.outcome = '4xx';
        const b = up.body;
        if (b['statusCode'] !== up.status || typeof b['error'] !== 'string' || !bilingual(b['message']))
          fail(
            c,
            `4xx without the API error shape or a bilingual message: ${JSON.stringify(b).slice(0, 200)}`,
          );
        const e = c.expect;
        if (e.outcome === '4xx') {
          if (e.status && e.status !== up.status) fail(c, `expected ${e.status}, got ${up.status}`);
        } else if (e.outcome !== 'any') {
          fail(c, `expected ${e.outcome}, got ${up.status}: ${String(b['message'])}`);
        }
        if (c.pii?.some((p) => JSON.stringify(b).includes(p))) fail(c, 'a 4xx echoes a personal identifier');
      } else if (up.status === 202) {
        const id = String(up.body['id']);
        res.id = id;
        if (up.body['duplicate'] !== false || up.body['status'] !== 'validating')
          fail(c, `202 answer ${JSON.stringify(up.body)}`);
        const sub = await settled(server.baseUrl, token, id, 180_000);
        res.sub = sub;
        res.outcome = sub.status === 'valid' || sub.status === 'invalid' ? sub.status : 'failed';
        await checkSettled(c, sub, res);
      } else {
        fail(c, `upload answered ${up.status}`);
      }
    } catch (e) {
      res.outcome = 'error';
      fail(c, `threw ${e instanceof Error ? e.message : String(e)}`);
    }
    res.ms = Date.now() - t0;
  }

  it('generates at least 500 deterministic hostile cases in every family', async () => {
    expect(cases.length).toBeGreaterThanOrEqual(500);
    for (const f of FAMILIES) expect(cases.filter((c) => c.family === f).length).toBeGreaterThan(0);
    const again = await generateHostileFiles({ seed: SEED, uploadMaxBytes: UPLOAD_MAX_BYTES });
    expect(again.map((c) => c.name)).toEqual(cases.map((c) => c.name));
    expect(again.filter((c, i) => !c.bytes.equals(cases[i].bytes)).map((c) => c.name)).toEqual([]);
  });

  it('answers every hostile file with a clear report or a 4xx, storing nothing partial', async () => {
    const t0 = Date.now();
    const files = cases.map((c, n) => ({ c, n })).filter(({ c }) => c.family !== 'request');
    let next = 0;
    const sampler = setInterval(() => {
      try {
        peakRss = Math.max(peakRss, processMemory(serverPid()).hwm);
      } catch {
        /* process gone: checked below */
      }
    }, 500);
    try {
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < files.length) {
            const { c, n } = files[next++];
            await runCase(c, n);
          }
        }),
      );
    } finally {
      clearInterval(sampler);
    }
    uploadPhaseMs = Date.now() - t0;
    expect(server.child.exitCode).toBeNull();
    expect(failures).toEqual([]);
  }, 420_000);

  it('answers malformed requests with a bilingual 4xx, leaving no submission and no file behind', async () => {
    const before = await pg.query<{ n: string }>('SELECT count(*) AS n FROM submission');
    for (const [n, c] of cases.entries()) {
      if (c.family !== 'request') continue;
      await runCase(c, n);
      const left = readdirSync(uploads);
      if (left.length > 0) fail(c, `left ${left.join(', ')} in UPLOAD_DIR`);
    }
    const after = await pg.query<{ n: string }>('SELECT count(*) AS n FROM submission');
    expect(after.rows[0].n).toBe(before.rows[0].n);
    expect(failures).toEqual([]);
  });

  it('survives all of it: alive, healthy, within its memory bound, no file and no stray row left', async () => {
    expect(server.child.exitCode).toBeNull();
    expect(server.child.signalCode).toBeNull();
    expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);
    peakRss = Math.max(peakRss, processMemory(serverPid()).hwm);
    expect(peakRss).toBeLessThanOrEqual(PEAK_RSS_LIMIT);

    // The upload is deleted just after the final commit: allow a moment.
    let left = readdirSync(uploads);
    for (let i = 0; i < 50 && left.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = readdirSync(uploads);
    }
    expect(left).toEqual([]);

    // Exactly one submission per accepted upload, none for a 4xx.
    const accepted = new Set(results.filter((r) => r.id).map((r) => r.id));
    const subs = await pg.query<{ id: string; status: string }>('SELECT id, status FROM submission');
    expect(subs.rows.length).toBe(accepted.size);
    expect(subs.rows.filter((s) => !accepted.has(s.id))).toEqual([]);
    expect(subs.rows.filter((s) => s.status === 'validating' || s.status === 'failed')).toEqual([]);

    // No record belongs to a submission that is not valid.
    const stray = await pg.query<{ n: string }>(
      `SELECT count(*) AS n FROM (
         SELECT submission_id FROM callback_record UNION ALL SELECT submission_id FROM complaint_record
         UNION ALL SELECT submission_id FROM profile_record) r
        JOIN submission s ON s.id = r.submission_id WHERE s.status <> 'valid'`,
    );
    expect(stray.rows[0].n).toBe('0');

    // The server's own log: no unhandled error, no crashed validation, no personal identifier.
    const log = server.output();
    expect(log).not.toMatch(/unhandled error|validation of [0-9a-f-]+ failed|heap out of memory/);
    const echoed = cases.flatMap((c) => c.pii ?? []).filter((p) => log.includes(p));
    expect(echoed).toEqual([]);
  });
});
