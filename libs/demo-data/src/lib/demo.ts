/**
 * The whole demo: every org × period × kind as files plus `manifest.json` with the known answers.
 */
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CallbackTally, generateCallbackRecords, type CallbackFigures } from './callbacks';
import { ComplaintTally, generateComplaintRecords, type ComplaintFigures } from './complaints';
import { parsePeriod, type Period } from './dates';
import { injectCallbackErrors, injectComplaintErrors, type ExpectedError } from './errors';
import { DEMO_ORGS, findOrg, type DemoOrg, type OrgGroup } from './orgs';
import { hashString } from './prng';
import { profileFigures, profileRow, type ProfileFigures } from './profile';
import { openFileSink, writeCsv, type CsvOptions } from './csv';
import {
  CALLBACK_COLUMNS,
  COMPLAINT_COLUMNS,
  PROFILE_COLUMNS,
  RECORD_RULES,
  zeroFindings,
  type CallbackRow,
  type CompanyRule,
  type ComplaintRow,
  type FileKind,
  type RecordRule,
} from './standard';

export const DEMO_PERIODS = ['2025H2', '2026H1'] as const;

export interface ErrorTarget {
  /** org code, tag or short name */
  org: string;
  period: string;
  kind: 'callbacks' | 'complaints';
}

/** The files that get an invalid first version by default. */
export const DEFAULT_ERROR_TARGETS: readonly ErrorTarget[] = [
  { org: 'MHRS', period: '2026H1', kind: 'callbacks' },
  { org: 'MQCX', period: '2026H1', kind: 'complaints' },
];

export interface DemoOptions {
  outDir: string;
  seed?: number;
  /** multiplies every callbacks and complaints row count (default 1 ≈ 200k rows in all) */
  scale?: number;
  periods?: readonly string[];
  /** orgs to include (codes, tags or short names); default all 20 */
  orgs?: readonly string[];
  /** true (default): DEFAULT_ERROR_TARGETS; false: none; or an explicit list */
  injectErrors?: boolean | readonly ErrorTarget[];
  headers?: 'en' | 'zh';
  zhLabels?: boolean;
  gzip?: boolean;
  bom?: boolean;
  /** called after each file */
  onFile?: (entry: ManifestFile) => void;
}

export interface Expected {
  /** exact number of rows deliberately breaking each record-level rule (0 for the others) */
  findings: Record<RecordRule, number>;
  /** company-level findings this file leads to (default rule parameters) */
  companyFindings: Partial<Record<CompanyRule, boolean>>;
  callbacks?: CallbackFigures;
  complaints?: ComplaintFigures;
  profile?: ProfileFigures;
}

export interface ManifestFile {
  orgCode: string;
  orgShortName: string;
  group: OrgGroup;
  period: string;
  kind: FileKind;
  /** relative to the manifest's directory, '/' separated */
  path: string;
  rows: number;
  bytes: number;
  sha256: string;
  /** upload order among files of the same org, period and kind (1 = first) */
  version: number;
  /** false for a deliberately invalid first version */
  valid: boolean;
  /** path of the corrected file that replaces this invalid one */
  supersededBy?: string;
  /** the data errors in an invalid version */
  expectedErrors?: ExpectedError[];
  /** null for an invalid version (it cannot be submitted) */
  expected: Expected | null;
}

export interface DemoManifest {
  generator: '@portal/demo-data';
  manifestVersion: 1;
  standard: 'v1';
  seed: number;
  scale: number;
  periods: string[];
  options: { headers: 'en' | 'zh'; zhLabels: boolean; gzip: boolean; bom: boolean; eol: 'CRLF' };
  orgs: Array<
    Pick<DemoOrg, 'code' | 'name' | 'shortName' | 'tag' | 'group' | 'division' | 'foundedOn' | 'traits'>
  >;
  files: ManifestFile[];
  totals: {
    files: number;
    rows: number;
    validRows: number;
    bytes: number;
    findings: Record<RecordRule, number>;
  };
}

/** H1/H2 volume factor of an org's period (year trend × season); deterministic, independent of the seed. */
export function periodFactor(org: DemoOrg, period: Period, kind: 'callbacks' | 'complaints'): number {
  const trend = 1 + 0.05 * (period.year - 2025 + (period.half === 2 ? 0.5 : 0));
  if (kind === 'callbacks') return trend * (period.half === 1 ? org.h1Factor : 1);
  const wobble = 0.88 + 0.24 * (hashString(`${org.tag}:${period.code}:complaints`) / 4294967296);
  return trend * wobble;
}

/** Number of rows of an org's callbacks or complaints file at a scale. */
export function fileRows(
  org: DemoOrg,
  period: string | Period,
  kind: 'callbacks' | 'complaints',
  scale = 1,
): number {
  const p = typeof period === 'string' ? parsePeriod(period) : period;
  const base = kind === 'callbacks' ? org.callbacksPerHalf : org.complaintsPerHalf;
  return Math.max(1, Math.round(base * periodFactor(org, p, kind) * scale));
}

function toPosix(path: string): string {
  return path.split('\\').join('/');
}

function sumFindings(a: Record<RecordRule, number>, b: Record<RecordRule, number>): void {
  for (const r of RECORD_RULES) a[r] += b[r];
}

/** Generates every demo file into `outDir` and writes `manifest.json`; returns the manifest. */
export async function generateDemo(opts: DemoOptions): Promise<DemoManifest> {
  const seed = opts.seed ?? 42;
  const scale = opts.scale ?? 1;
  const periods = (opts.periods ?? DEMO_PERIODS).map(parsePeriod);
  const orgs = opts.orgs
    ? opts.orgs.map((k) => {
        const o = findOrg(k);
        if (!o) throw new Error(`unknown demo org '${k}'`);
        return o;
      })
    : DEMO_ORGS;
  const targets =
    opts.injectErrors === false
      ? []
      : opts.injectErrors === true || opts.injectErrors === undefined
        ? DEFAULT_ERROR_TARGETS
        : opts.injectErrors;
  const hasErrors = (org: DemoOrg, p: Period, kind: FileKind) =>
    targets.some((t) => t.kind === kind && t.period === p.code && findOrg(t.org)?.code === org.code);

  const csvOpts: CsvOptions = {
    headers: opts.headers ?? 'en',
    zhLabels: opts.zhLabels ?? false,
    bom: opts.bom ?? false,
  };
  const ext = opts.gzip ? '.csv.gz' : '.csv';
  await mkdir(opts.outDir, { recursive: true });
  const files: ManifestFile[] = [];
  const add = (f: ManifestFile) => {
    files.push(f);
    opts.onFile?.(f);
  };

  const write = async (rel: string, rows: Iterable<Record<string, string>>, columns: readonly string[]) => {
    const sink = await openFileSink(join(opts.outDir, rel), { gzip: opts.gzip });
    const res = await writeCsv(rows, sink.stream, { ...csvOpts, columns });
    const { bytes, sha256 } = await sink.finish();
    return { rows: res.rows, bytes, sha256 };
  };

  for (const p of periods) {
    for (const org of orgs) {
      const base = { orgCode: org.code, orgShortName: org.shortName, group: org.group, period: p.code };
      const stem = `${p.code}/${org.tag}`;

      // profile
      {
        const path = `${stem}-profile${ext}`;
        const w = await write(path, [profileRow({ seed, org, period: p })], PROFILE_COLUMNS);
        add({
          ...base,
          kind: 'profile',
          path,
          ...w,
          version: 1,
          valid: true,
          expected: {
            findings: zeroFindings(),
            companyFindings: {},
            profile: profileFigures({ seed, org, period: p }),
          },
        });
      }

      // callbacks
      {
        const rows = fileRows(org, p, 'callbacks', scale);
        const gen = { seed, org, period: p, rows };
        let version = 1;
        const path = `${stem}-callbacks${ext}`;
        if (hasErrors(org, p, 'callbacks')) {
          const badPath = `${stem}-callbacks.v1-invalid${ext}`;
          const inj = injectCallbackErrors(mapRows<CallbackRow>(generateCallbackRecords(gen)), rows, p, seed);
          const w = await write(badPath, inj.rows, CALLBACK_COLUMNS);
          add({
            ...base,
            kind: 'callbacks',
            path: badPath,
            ...w,
            version,
            valid: false,
            supersededBy: path,
            expectedErrors: inj.errors.sort((a, b) => a.row - b.row),
            expected: null,
          });
          version++;
        }
        const tally = new CallbackTally();
        const w = await write(
          path,
          tallied(generateCallbackRecords(gen), (r) => tally.add(r)),
          CALLBACK_COLUMNS,
        );
        add({
          ...base,
          kind: 'callbacks',
          path,
          ...w,
          version,
          valid: true,
          expected: {
            findings: tally.findings,
            companyFindings: tally.companyFindings(),
            callbacks: tally.figures(),
          },
        });
      }

      // complaints
      {
        const rows = fileRows(org, p, 'complaints', scale);
        const gen = { seed, org, period: p, rows };
        let version = 1;
        const path = `${stem}-complaints${ext}`;
        if (hasErrors(org, p, 'complaints')) {
          const badPath = `${stem}-complaints.v1-invalid${ext}`;
          const inj = injectComplaintErrors(
            mapRows<ComplaintRow>(generateComplaintRecords(gen)),
            rows,
            p,
            seed,
          );
          const w = await write(badPath, inj.rows, COMPLAINT_COLUMNS);
          add({
            ...base,
            kind: 'complaints',
            path: badPath,
            ...w,
            version,
            valid: false,
            supersededBy: path,
            expectedErrors: inj.errors.sort((a, b) => a.row - b.row),
            expected: null,
          });
          version++;
        }
        const tally = new ComplaintTally();
        const w = await write(
          path,
          tallied(generateComplaintRecords(gen), (r) => tally.add(r)),
          COMPLAINT_COLUMNS,
        );
        add({
          ...base,
          kind: 'complaints',
          path,
          ...w,
          version,
          valid: true,
          expected: {
            findings: tally.findings,
            companyFindings: tally.companyFindings(),
            complaints: tally.figures(),
          },
        });
      }
    }
  }

  const findings = zeroFindings();
  for (const f of files) if (f.expected) sumFindings(findings, f.expected.findings);
  const manifest: DemoManifest = {
    generator: '@portal/demo-data',
    manifestVersion: 1,
    standard: 'v1',
    seed,
    scale,
    periods: periods.map((p) => p.code),
    options: {
      headers: csvOpts.headers ?? 'en',
      zhLabels: !!csvOpts.zhLabels,
      gzip: !!opts.gzip,
      bom: !!csvOpts.bom,
      eol: 'CRLF',
    },
    orgs: orgs.map((o) => ({
      code: o.code,
      name: o.name,
      shortName: o.shortName,
      tag: o.tag,
      group: o.group,
      division: o.division,
      foundedOn: o.foundedOn,
      traits: o.traits,
    })),
    files: files.map((f) => ({ ...f, path: toPosix(f.path) })),
    totals: {
      files: files.length,
      rows: files.reduce((a, f) => a + f.rows, 0),
      validRows: files.filter((f) => f.valid).reduce((a, f) => a + f.rows, 0),
      bytes: files.reduce((a, f) => a + f.bytes, 0),
      findings,
    },
  };
  await writeFile(join(opts.outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

function* mapRows<R>(records: Iterable<{ row: R }>): Generator<R> {
  for (const r of records) yield r.row;
}

function* tallied<T extends { row: R }, R>(records: Iterable<T>, onRecord: (r: T) => void): Generator<R> {
  for (const r of records) {
    onRecord(r);
    yield r.row;
  }
}
