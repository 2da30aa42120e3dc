import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { finished } from 'node:stream/promises';
import {
  duplicateKeyIssue,
  FileValidator,
  periodFromCode,
  type Catalog,
  type CellValue,
  type FileSummary,
  type Issue,
  type Kind,
  type RowContext,
  type Severity,
  type WorkingDayCalculator,
} from '@portal/reporting-standard';
import { readRows, type ReadOptions } from '../ingest/read-rows';
import type { RowSink } from '../ingest/row-sink';
import { UnreadableFileError } from '@portal/file-formats';
import { copyEscape, copyUnescape } from './copy-text';
import { CopyIn, copyOutLines } from './copy-stream';
import { AFTER_ROWS, BEFORE_ROWS, copyIssues, forEachLine, IssueSpill, LineSpill } from './issue-spill';
import { RecordCopyFormat } from './record-copy';
import { KeyFilter } from './key-filter';
import { keyOfParts, keyPartsOfRecord, RowKeys } from './row-keys';

/** The submission being checked, as the worker read it from its row. */
export interface SubmissionToCheck {
  readonly id: string;
  readonly orgCode: string;
  readonly periodCode: string;
  readonly kind: Kind;
  /** The China calendar date of the upload (dates after it are STR-009). */
  readonly uploadDate: string;
}

export interface CheckEnvironment {
  readonly catalog: Catalog;
  readonly workingDays: WorkingDayCalculator;
  readonly uploadPath: string;
  /** Directory for the temporary issue and key files. */
  readonly spillDir: string;
  /** Called between chunks with the data rows read so far (the caller throttles its progress writes). */
  readonly onProgress: (rows: number) => void;
  /** Called between chunks; throws to abandon the check (shutdown). */
  readonly checkStop: () => void;
  readonly readOptions?: ReadOptions;
  /** Up to this many candidate duplicate keys are checked in memory, more in SQL (default 200,000). */
  readonly maxCandidatesInMemory?: number;
}

export interface CheckOutcome {
  readonly status: 'valid' | 'invalid';
  readonly rows: number;
  readonly errors: number;
  readonly warnings: number;
  readonly findings: number;
  readonly countsByRule: Readonly<Record<string, number>>;
  readonly issues: number;
  readonly format: string | null;
  readonly encoding: string | null;
  /** Milliseconds per phase, for the log. */
  readonly timings: Readonly<Record<'read' | 'duplicates' | 'issues', number>>;
}

const ISSUE_COLUMNS =
  'period_code, submission_id, issue_no, org_code, row_no, column_key, value, rule_code, severity, params';
const SAFE_PERIOD = /^\d{4}H[12]$/;
const SAFE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SAFE_ORG = /^[0-9A-Z]{18}$/;

/**
 * The validation of one upload, inside the caller's open transaction on `client` (the owner login, with the
 * role set to portal_app and the 'system' tenant settings): file → rows (ingest readers) → FileValidator →
 * typed records COPYed into their partition, issues and keys spilled to temporary files on the side → STR-005
 * in SQL → issues COPYed into `validation_issue` → counts per rule. One pass over the file, constant memory.
 *
 * All-or-nothing: the records are written under a savepoint that is rolled back when the file has any error,
 * and the caller commits records, issues, counts and the final status together — a crash leaves nothing
 * visible. COPY FROM is refused under row-level security, so the COPY statements (and only they) run as the
 * owner (`SET LOCAL ROLE NONE`); every row they write carries the submission's own org_code and id, taken
 * from the submission row, never from the file.
 */
export async function checkSubmission(
  client: PoolClient,
  sub: SubmissionToCheck,
  env: CheckEnvironment,
): Promise<CheckOutcome> {
  const period = periodFromCode(sub.periodCode);
  if (!period || !SAFE_PERIOD.test(sub.periodCode) || !SAFE_UUID.test(sub.id) || !SAFE_ORG.test(sub.orgCode))
    throw new Error(`malformed submission identity ${sub.id}`);
  const ctx: RowContext = {
    period,
    uploadDate: sub.uploadDate,
    orgCode: sub.orgCode,
    catalog: env.catalog,
    workingDays: env.workingDays,
  };
  const kind = sub.kind;
  const large = kind !== 'profile';
  // Profiles have one row: the library's in-memory duplicate tracker is enough. Other kinds: SQL, below.
  const validator = new FileValidator(kind, ctx, { trackDuplicates: !large });
  const records = new RecordCopyFormat(kind, period.code, sub.orgCode, sub.id);
  const spillIssues = new IssueSpill(join(env.spillDir, `${sub.id}.issues`));
  const spillDupes = new IssueSpill(join(env.spillDir, `${sub.id}.dupes`));
  const spillKeys = new LineSpill(join(env.spillDir, `${sub.id}.keys`));
  const spillCandidates = new LineSpill(join(env.spillDir, `${sub.id}.candidates`));
  const filter = large ? new KeyFilter(await filterLog2Bits(env.uploadPath)) : null;
  const severities: Record<string, Severity> = Object.create(null);
  const seen: { rowKeys: RowKeys | null; dataRows: boolean } = { rowKeys: null, dataRows: false };
  const issueFiles = [spillIssues.path, spillDupes.path];

  const spill = (issues: readonly Issue[]) => {
    for (const issue of issues) {
      severities[issue.rule] = issue.severity;
      spillIssues.add(issue, issue.row ?? (seen.dataRows ? AFTER_ROWS : BEFORE_ROWS));
    }
  };

  try {
    await client.query('SAVEPOINT records');
    await client.query('SET LOCAL ROLE NONE');
    const copy = new CopyIn(client, records.sql);
    const sink: RowSink = {
      header(cells: CellValue[]) {
        spill(validator.header(cells));
        if (kind !== 'profile') seen.rowKeys = new RowKeys(kind, cells);
      },
      row(cells: CellValue[], rowNo: number) {
        seen.dataRows = true;
        const issues = validator.row(cells, rowNo);
        if (issues.length > 0) spill(issues);
        const record = validator.lastRecord;
        let parts: string[] | null = null;
        if (record !== null) {
          copy.add(records.line(record, rowNo));
          if (filter !== null) parts = keyPartsOfRecord(kind as Exclude<Kind, 'profile'>, record);
        } else if (issues.length > 0 && seen.rowKeys !== null && seen.rowKeys.usable) {
          // A row with a data error has no record, but its key still counts (as in the library).
          parts = seen.rowKeys.ofErrorRow(cells);
        }
        if (parts !== null && filter !== null) {
          const key = keyLine(parts);
          spillKeys.addLine(rowNo + (record !== null ? '\tr\t' : '\te\t') + key + '\n');
          // A key the filter may have seen before is a candidate duplicate, checked exactly afterwards.
          if (filter.add(key)) spillCandidates.addLine(key + '\n');
        }
      },
      async drain() {
        env.checkStop();
        await copy.flush();
        await spillIssues.flush(false);
        await spillKeys.flush(false);
        await spillCandidates.flush(false);
        env.onProgress(validator.rows);
      },
    };

    const started = Date.now();
    let unreadable: UnreadableFileError | null = null;
    let read: Awaited<ReturnType<typeof readRows>> | null = null;
    try {
      read = await readRows(env.uploadPath, sink, env.readOptions);
    } catch (e) {
      if (!(e instanceof UnreadableFileError)) {
        copy.writable.destroy(e as Error);
        throw e;
      }
      unreadable = e;
    }
    await copy.end();
    await spillKeys.close();
    await spillCandidates.close();
    const readMs = Date.now() - started;

    let summary: FileSummary;
    let counts: Record<string, number>;
    let errors: number;
    let warnings: number;
    let findings: number;
    if (unreadable) {
      // An unreadable file is one STR-010 and nothing else: what was read before the problem is not trusted.
      await spillIssues.close();
      const problem = validator.fileProblem(unreadable.variant, unreadable.reason);
      summary = validator.finish();
      const only = new IssueSpill(spillIssues.path + '.unreadable');
      only.add(problem, BEFORE_ROWS);
      await only.close();
      issueFiles[0] = only.path;
      counts = { [problem.rule]: 1 };
      severities[problem.rule] = problem.severity;
      errors = 1;
      warnings = 0;
      findings = 0;
    } else {
      summary = validator.finish();
      spill(summary.finishIssues);
      await spillIssues.close();
      counts = { ...summary.countsByRule };
      errors = summary.errors;
      warnings = summary.warnings;
      findings = summary.findings;
      if (kind !== 'profile' && seen.rowKeys !== null && seen.rowKeys.usable) {
        const dupes =
          spillCandidates.count === 0
            ? 0
            : spillCandidates.count <= (env.maxCandidatesInMemory ?? MAX_CANDIDATES_IN_MEMORY)
              ? await duplicatesByScan(kind, spillKeys, spillCandidates, spillDupes)
              : await duplicatesInSql(client, sub, kind, spillKeys, spillCandidates, spillDupes);
        if (dupes > 0) {
          counts['STR-005'] = (counts['STR-005'] ?? 0) + dupes;
          severities['STR-005'] = 'error';
          errors += dupes;
        }
      }
    }
    await spillDupes.close();
    const duplicatesMs = Date.now() - started - readMs;

    const status = errors > 0 ? 'invalid' : 'valid';
    // Every upload is all-or-nothing: a file with any error keeps none of its records.
    await client.query(status === 'invalid' ? 'ROLLBACK TO SAVEPOINT records' : 'RELEASE SAVEPOINT records');

    await client.query('SET LOCAL ROLE NONE');
    const issueCopy = client.query(copyFrom(`COPY validation_issue (${ISSUE_COLUMNS}) FROM STDIN`));
    const copied = finished(issueCopy);
    copied.catch(() => undefined);
    const issues = await copyIssues(
      issueCopy,
      { periodCode: period.code, submissionId: sub.id, orgCode: sub.orgCode },
      issueFiles,
    );
    issueCopy.end();
    await copied;
    await client.query(`SELECT set_config('role', 'portal_app', true)`);

    const rules = Object.keys(counts).filter((r) => counts[r] > 0);
    if (rules.length > 0) {
      await client.query(
        `INSERT INTO submission_rule_count (submission_id, rule_code, org_code, severity, count)
         SELECT $1, r.rule, $2, r.severity, r.count
           FROM unnest($3::text[], $4::text[], $5::bigint[]) AS r(rule, severity, count)`,
        [sub.id, sub.orgCode, rules, rules.map((r) => severities[r] ?? 'error'), rules.map((r) => counts[r])],
      );
    }
    return {
      status,
      rows: summary.rows,
      errors,
      warnings,
      findings,
      countsByRule: counts,
      issues,
      format: read?.format ?? null,
      encoding: read?.encoding ?? null,
      timings: {
        read: readMs,
        duplicates: duplicatesMs,
        issues: Date.now() - started - readMs - duplicatesMs,
      },
    };
  } finally {
    for (const f of [spillIssues, spillDupes, spillKeys, spillCandidates]) f.abandon();
    await Promise.all(
      [...issueFiles, spillIssues.path, spillKeys.path, spillCandidates.path].map((p) =>
        rm(p, { force: true }).catch(() => undefined),
      ),
    );
  }
}

/** The key filter's size for the upload: by its size on disk, the full size when it is gzip or zip (XLSX). */
async function filterLog2Bits(path: string): Promise<number> {
  // An upload that cannot be opened is reported by the reader, as before.
  const fh = await open(path, 'r').catch(() => null);
  if (fh === null) return KeyFilter.log2BitsFor(Infinity, true);
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    const compressed =
      bytesRead === 2 && ((head[0] === 0x1f && head[1] === 0x8b) || (head[0] === 0x50 && head[1] === 0x4b));
    return KeyFilter.log2BitsFor((await fh.stat()).size, compressed);
  } finally {
    await fh.close();
  }
}

/** Candidate duplicate keys checked by scanning the key file with the candidates in a Set; above: SQL. */
const MAX_CANDIDATES_IN_MEMORY = 200_000;

/** The key parts of a row as one line fragment (COPY-escaped, tab separated): compared and hashed as is. */
function keyLine(parts: readonly string[]): string {
  return parts.length === 1 ? copyEscape(parts[0]) : parts.map(copyEscape).join('\t');
}

/**
 * STR-005, exact, for the usual few candidates: the key file (every keyed row, in row order) is read once and
 * only candidate keys are looked at — the first row of each is remembered, every later one becomes the
 * library's own `duplicateKeyIssue`. Memory: the candidate keys only. Returns how many.
 */
async function duplicatesByScan(
  kind: Exclude<Kind, 'profile'>,
  keys: LineSpill,
  candidates: LineSpill,
  out: IssueSpill,
): Promise<number> {
  const wanted = new Set<string>();
  await forEachLine(candidates.path, (line) => wanted.add(line));
  const first = new Map<string, number>();
  const found: { row: number; key: string; firstRow: number }[] = [];
  await forEachLine(keys.path, (line) => {
    const tab = line.indexOf('\t');
    const key = line.slice(tab + 3);
    if (!wanted.has(key)) return;
    const row = Number(line.slice(0, tab));
    const firstRow = first.get(key);
    if (firstRow === undefined) first.set(key, row);
    else found.push({ row, key, firstRow });
  });
  for (const d of found) {
    const parts = d.key.split('\t').map((p) => copyUnescape(p) ?? '');
    out.add(duplicateKeyIssue(kind, d.row, keyOfParts(kind, parts), d.firstRow), d.row);
  }
  return found.length;
}

/**
 * STR-005, set-based and exact, for files with very many candidates (memory stays bounded): only the
 * candidate keys (those the in-memory filter may have seen twice) are looked up — in the record table (typed rows) and among the keys of rows with other data errors (spilled to
 * a file, loaded into a temporary table) — and grouped in SQL; every row after the first of its key becomes
 * the library's own `duplicateKeyIssue`. Returns how many.
 */
async function duplicatesInSql(
  client: PoolClient,
  sub: SubmissionToCheck,
  kind: Exclude<Kind, 'profile'>,
  keys: LineSpill,
  candidates: LineSpill,
  out: IssueSpill,
): Promise<number> {
  await client.query('SET LOCAL ROLE NONE');
  // Rows COPYed in this very transaction have no statistics yet: without these settings the planner may
  // pick a nested loop over two large inputs (quadratic). Hash aggregate + hash join stay linear.
  await client.query(`SET LOCAL work_mem = '256MB'`);
  await client.query('SET LOCAL enable_nestloop = off');
  await client.query('SET LOCAL enable_mergejoin = off');
  const columns = kind === 'callbacks' ? 'k1, k2, k3' : 'k1';
  await client.query(
    'CREATE TEMP TABLE ingest_candidates (k1 text NOT NULL, k2 text, k3 text) ON COMMIT DROP',
  );
  await load(client, `COPY ingest_candidates (${columns}) FROM STDIN`, candidates.path);
  await client.query(
    'CREATE TEMP TABLE ingest_keys (row_no integer NOT NULL, k1 text NOT NULL, k2 text, k3 text) ON COMMIT DROP',
  );
  // Rows with typed records have their keys in the record table; only the others are loaded.
  await load(client, `COPY ingest_keys (row_no, ${columns}) FROM STDIN`, keys.path, (line) => {
    const tab = line.indexOf('\t');
    return line[tab + 1] === 'e' ? line.slice(0, tab) + line.slice(tab + 2) : null;
  });
  const fromRecords =
    kind === 'callbacks'
      ? `SELECT row_no, callback_type::text AS k1, policy_no::text AS k2, coalesce(case_no, '')::text AS k3
           FROM callback_record WHERE period_code = '${sub.periodCode}' AND org_code = '${sub.orgCode}' AND submission_id = '${sub.id}'`
      : `SELECT row_no, complaint_no::text AS k1, ''::text AS k2, ''::text AS k3
           FROM complaint_record WHERE period_code = '${sub.periodCode}' AND org_code = '${sub.orgCode}' AND submission_id = '${sub.id}'`;
  const sql = `COPY (
      WITH c AS (SELECT DISTINCT k1, coalesce(k2, '') AS k2, coalesce(k3, '') AS k3 FROM ingest_candidates),
           keys AS (
             SELECT r.row_no, r.k1, r.k2, r.k3
               FROM (${fromRecords}) r JOIN c ON c.k1 = r.k1 AND c.k2 = r.k2 AND c.k3 = r.k3
             UNION ALL
             SELECT e.row_no, e.k1, coalesce(e.k2, ''), coalesce(e.k3, '')
               FROM ingest_keys e JOIN c ON c.k1 = e.k1 AND c.k2 = coalesce(e.k2, '') AND c.k3 = coalesce(e.k3, '')),
           dups AS (SELECT k1, k2, k3, min(row_no) AS first_row FROM keys GROUP BY k1, k2, k3 HAVING count(*) > 1)
      SELECT k.row_no, k.k1, k.k2, k.k3, d.first_row
        FROM keys k JOIN dups d ON d.k1 = k.k1 AND d.k2 = k.k2 AND d.k3 = k.k3
       WHERE k.row_no > d.first_row
       ORDER BY k.row_no) TO STDOUT`;
  let n = 0;
  for await (const line of copyOutLines(client, sql)) {
    const f = line.split('\t').map(copyUnescape) as string[];
    const row = Number(f[0]);
    const parts = kind === 'callbacks' ? [f[1], f[2], f[3]] : [f[1]];
    out.add(duplicateKeyIssue(kind, row, keyOfParts(kind, parts), Number(f[4])), row);
    if (++n % 10000 === 0) await out.flush();
  }
  await client.query('DROP TABLE ingest_candidates, ingest_keys');
  await client.query('SET LOCAL enable_nestloop TO DEFAULT');
  await client.query('SET LOCAL enable_mergejoin TO DEFAULT');
  await client.query(`SELECT set_config('role', 'portal_app', true)`);
  return n;
}

/** Loads a spill file (its lines mapped, null = skip) into a table with `COPY … FROM STDIN`. */
async function load(
  client: PoolClient,
  sql: string,
  path: string,
  map: (line: string) => string | null = (line) => line,
): Promise<void> {
  const copy = new CopyIn(client, sql);
  await forEachLine(
    path,
    (line) => {
      const mapped = map(line);
      if (mapped !== null) copy.add(mapped + '\n');
    },
    () => copy.flush(),
  );
  await copy.end();
}
