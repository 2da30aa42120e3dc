/**
 * Loads the demo data set (@portal/demo-data) straight into a test database, as the upload feature would
 * leave it after every file was submitted: each file is parsed and checked with the reporting-standard
 * library (FileValidator gives the typed records and the per-rule counts), its records are COPYed into the
 * record tables and a `submission` row in status `submitted` (or `invalid` for the deliberately broken
 * first versions) is written. Used by the statistics API test, the console browser test and the benchmark.
 */
import { officialCalendar } from '@portal/calendar';
import { generateDemo, type DemoManifest, type ManifestFile } from '@portal/demo-data';
import { CATALOG_V1, FileValidator, findRule, periodFromCode, type Kind } from '@portal/reporting-standard';
import { randomUUID, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { parseCsv } from '../../libs/demo-data/src/lib/testing';
import { RecordCopyFormat } from '../../server/src/app/submissions/record-copy';

export interface LoadedFile {
  file: ManifestFile;
  submissionId: string;
}

export interface LoadOptions {
  outDir: string;
  seed?: number;
  periods?: readonly string[];
  /** Files not to load (as if never submitted). */
  skip?: (file: ManifestFile) => boolean;
  /** Submitted time of every version (default: 10 days after the period ends, noon in China). */
  submittedAt?: (file: ManifestFile) => string;
}

function uploadedAt(period: string): string {
  const p = periodFromCode(period);
  if (!p) throw new Error(`bad period ${period}`);
  const d = new Date(`${p.endsOn}T04:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 10);
  return d.toISOString();
}

/** Inserts the demo insurers and the periods (with their default deadlines). */
export async function seedDemoOrgsAndPeriods(client: Client, manifest: DemoManifest): Promise<void> {
  for (const o of manifest.orgs) {
    await client.query(
      `INSERT INTO organisation (code, name, org_group, founded_on) VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO NOTHING`,
      [o.code, o.name, o.group, o.foundedOn],
    );
  }
  for (const code of manifest.periods) {
    const p = periodFromCode(code);
    if (!p) continue;
    await client.query(
      `INSERT INTO period (code, starts_on, ends_on) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING`,
      [p.code, p.startsOn, p.endsOn],
    );
    await client.query(
      `INSERT INTO period_deadline (period_code, kind, due_on)
       SELECT $1, k, $2::date + 30 FROM unnest(ARRAY['callbacks', 'complaints', 'profile']) k
       ON CONFLICT DO NOTHING`,
      [p.code, p.endsOn],
    );
  }
}

/**
 * Parses and checks one file with the library, COPYs its records and writes its submission row.
 * `asOrg` / `asPeriod` load a file under another insurer or version number (to build superseded versions).
 */
export async function loadFile(
  client: Client,
  dir: string,
  file: ManifestFile,
  opts: { status: string; version: number; submittedAt: string; asOrg?: string },
): Promise<string> {
  const org = opts.asOrg ?? file.orgCode;
  const period = periodFromCode(file.period);
  if (!period) throw new Error(`bad period ${file.period}`);
  const id = randomUUID();
  const kind = file.kind as Kind;
  const text = readFileSync(join(dir, file.path), 'utf8');
  let counts: Record<string, number> = {};
  let rows = 0;
  let errors = 0;
  let warnings = 0;
  let findings = 0;
  let copy: { sql: string; lines: string[] } | null = null;
  if (opts.status !== 'invalid') {
    const cells = parseCsv(text);
    const validator = new FileValidator(
      kind,
      {
        period,
        uploadDate: '2026-12-31',
        orgCode: org,
        catalog: CATALOG_V1,
        workingDays: officialCalendar(),
      },
      { trackDuplicates: true },
    );
    validator.header(cells[0]);
    const format = new RecordCopyFormat(kind, period.code, org, id);
    const lines: string[] = [];
    for (let i = 1; i < cells.length; i++) {
      const row = cells[i];
      if (row.length === 1 && row[0] === '') continue;
      const issues = validator.row(row);
      if (issues.some((x) => x.severity === 'error')) {
        throw new Error(`${file.path} row ${i + 1}: ${issues.map((x) => x.rule).join(', ')}`);
      }
      const record = validator.lastRecord;
      if (record) lines.push(format.line(record, i + 1));
    }
    const summary = validator.finish();
    counts = summary.countsByRule;
    rows = summary.rows;
    errors = summary.errors;
    warnings = summary.warnings;
    findings = summary.findings;
    copy = { sql: format.sql, lines };
  }
  await client.query(
    `INSERT INTO submission (id, org_code, period_code, kind, version, status, sha256, file_name, file_bytes, rows,
                             errors, warnings, findings, catalog_version, created_by, created_at, validated_at,
                             submitted_at, submitted_by)
     VALUES ($1, $2, $3, $4, $5, $6::text, $7, $8, $9, $10, $11, $12, $13, 1, 'loader', $14, $14,
             CASE WHEN $6::text IN ('submitted', 'superseded') THEN $14::timestamptz END,
             CASE WHEN $6::text IN ('submitted', 'superseded') THEN 'loader' END)`,
    [
      id,
      org,
      period.code,
      kind,
      opts.version,
      opts.status,
      createHash('sha256')
        .update(text + org + opts.version)
        .digest('hex'),
      file.path.split('/').pop(),
      Buffer.byteLength(text),
      rows,
      errors,
      warnings,
      findings,
      opts.submittedAt,
    ],
  );
  // Records after their submission row (profile_record has a foreign key to it).
  if (copy && copy.lines.length > 0) {
    const stream = client.query(copyFrom(copy.sql));
    await pipeline(Readable.from(copy.lines), stream);
  }
  const rules = Object.keys(counts).filter((r) => counts[r] > 0);
  if (rules.length > 0) {
    await client.query(
      `INSERT INTO submission_rule_count (submission_id, rule_code, org_code, severity, count)
       SELECT $1, r.rule, $2, r.severity, r.count FROM unnest($3::text[], $4::text[], $5::bigint[]) AS r(rule, severity, count)`,
      [
        id,
        org,
        rules,
        rules.map((r) => findRule(CATALOG_V1, r)?.severity ?? 'error'),
        rules.map((r) => counts[r]),
      ],
    );
  }
  return id;
}

/** Generates the demo files and loads them (as the schema owner). */
export async function loadDemo(
  dbUrl: string,
  opts: LoadOptions,
): Promise<{ manifest: DemoManifest; loaded: LoadedFile[] }> {
  const manifest = await generateDemo({ outDir: opts.outDir, seed: opts.seed ?? 42, periods: opts.periods });
  const client = new Client({ connectionString: dbUrl });
  await client.connect();
  const loaded: LoadedFile[] = [];
  try {
    await seedDemoOrgsAndPeriods(client, manifest);
    for (const file of manifest.files) {
      if (opts.skip?.(file)) continue;
      const submissionId = await loadFile(client, opts.outDir, file, {
        status: file.valid ? 'submitted' : 'invalid',
        version: file.version,
        submittedAt: opts.submittedAt?.(file) ?? uploadedAt(file.period),
      });
      loaded.push({ file, submissionId });
    }
  } finally {
    await client.end();
  }
  return { manifest, loaded };
}
