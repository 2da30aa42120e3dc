import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fmtDay, parsePeriod } from './dates';
import { generateDemo, type DemoManifest, type ManifestFile } from './demo';
import { RECORD_RULES } from './standard';
import { checkCallbackRule, checkComplaintRule, parseCsvRecords } from './testing';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'demo-data-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function read(dir: string, f: ManifestFile): string {
  const buf = readFileSync(join(dir, f.path));
  return (f.path.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
}

describe('generateDemo', () => {
  let dirA: string;
  let a: DemoManifest;

  beforeAll(async () => {
    dirA = tmp();
    a = await generateDemo({ outDir: dirA, seed: 42, scale: 0.08 });
  }, 60000);

  it('writes 20 orgs × 2 periods × 3 kinds plus the invalid first versions', () => {
    expect(a.orgs).toHaveLength(20);
    expect(a.periods).toEqual(['2025H2', '2026H1']);
    expect(a.files.filter((f) => f.valid)).toHaveLength(120);
    const invalid = a.files.filter((f) => !f.valid);
    expect(invalid.map((f) => `${f.orgShortName}/${f.period}/${f.kind}`)).toEqual([
      '明湖人寿/2026H1/callbacks',
      '鸣泉财险/2026H1/complaints',
    ]);
    const manifestOnDisk = JSON.parse(readFileSync(join(dirA, 'manifest.json'), 'utf8'));
    expect(manifestOnDisk).toEqual(JSON.parse(JSON.stringify(a)));
  });

  it('is byte-identical for the same seed and differs for another seed', async () => {
    const b = await generateDemo({ outDir: tmp(), seed: 42, scale: 0.08 });
    expect(b.files.map((f) => f.sha256)).toEqual(a.files.map((f) => f.sha256));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = await generateDemo({ outDir: tmp(), seed: 43, scale: 0.08 });
    const differing = c.files.filter((f, i) => f.sha256 !== a.files[i].sha256);
    expect(differing.length).toBeGreaterThan(100);
    // row counts depend on org and scale only
    expect(c.files.map((f) => f.rows)).toEqual(a.files.map((f) => f.rows));
  }, 60000);

  it('records the true size, hash and row count of every file', () => {
    for (const f of a.files) {
      const buf = readFileSync(join(dirA, f.path));
      expect(buf.length).toBe(f.bytes);
      expect(createHash('sha256').update(buf).digest('hex')).toBe(f.sha256);
      const { records } = parseCsvRecords(buf.toString('utf8'));
      expect(records.length).toBe(f.rows);
    }
    expect(a.totals.rows).toBe(a.files.reduce((s, f) => s + f.rows, 0));
  });

  it('expected findings and figures agree with an independent reading of the files', () => {
    const total = Object.fromEntries(RECORD_RULES.map((r) => [r, 0]));
    for (const f of a.files.filter((x) => x.valid)) {
      const { records } = parseCsvRecords(read(dirA, f));
      const counts = Object.fromEntries(RECORD_RULES.map((r) => [r, 0])) as Record<string, number>;
      const end = fmtDay(parsePeriod(f.period).end);
      for (const r of records) {
        const check =
          f.kind === 'callbacks'
            ? checkCallbackRule(r)
            : f.kind === 'complaints'
              ? checkComplaintRule(r, end)
              : { rules: [], ambiguous: [] };
        expect(check.ambiguous).toEqual([]);
        for (const rule of check.rules) counts[rule]++;
      }
      expect(counts).toEqual(f.expected!.findings);
      for (const r of RECORD_RULES) total[r] += counts[r];
      if (f.kind === 'callbacks') {
        const nb = records.filter((r) => r.callback_type === 'new_business' && Number(r.term_months) > 12);
        const cb = f.expected!.callbacks!;
        expect(cb.due).toBe(nb.length);
        expect(cb.succeeded).toBe(nb.filter((r) => r.status === 'success').length);
        expect(cb.refused).toBe(nb.filter((r) => r.status === 'refused').length);
        expect(cb.cancelledBefore).toBe(nb.filter((r) => r.status === 'cancelled_before').length);
        expect(cb.notAttempted).toBe(nb.filter((r) => r.status === 'not_attempted').length);
        expect(cb.onTime).toBe(cb.succeeded - counts['CB-02']);
        for (const m of ['phone', 'electronic', 'visit', 'letter'] as const) {
          expect(cb.byMethod[m]).toBe(nb.filter((r) => r.status === 'success' && r.method === m).length);
        }
      }
      if (f.kind === 'complaints') {
        const cp = f.expected!.complaints!;
        expect(cp.total).toBe(records.length);
        expect(cp.forwarded.total).toBe(records.filter((r) => r.source === 'regulator_forwarded').length);
        for (const [cat, n] of Object.entries(cp.byCategory))
          expect(records.filter((r) => r.category === cat).length).toBe(n);
      }
    }
    expect(total).toEqual(a.totals.findings);
  });

  it('the invalid first version differs from the corrected file exactly in the listed rows', () => {
    for (const bad of a.files.filter((f) => !f.valid)) {
      const good = a.files.find((f) => f.path === bad.supersededBy)!;
      expect(good.version).toBe(2);
      const badRows = read(dirA, bad).split('\r\n');
      const goodRows = read(dirA, good).split('\r\n');
      expect(badRows.length).toBe(goodRows.length);
      const diff = badRows.map((l, i) => (l !== goodRows[i] ? i + 1 : 0)).filter((n) => n > 0);
      expect(diff).toEqual(bad.expectedErrors!.map((e) => e.row));
      const { header, records } = parseCsvRecords(read(dirA, bad));
      for (const e of bad.expectedErrors!) {
        expect(header).toContain(e.column);
        expect(records[e.row - 2][e.column]).toBe(e.value);
      }
      expect(new Set(bad.expectedErrors!.map((e) => e.rule))).toEqual(
        new Set(['STR-003', 'STR-004', 'STR-005', 'STR-006', 'STR-008', 'PII-001']),
      );
    }
  });

  it('supports Chinese headers, Chinese labels and gzip', async () => {
    const dir = tmp();
    const m = await generateDemo({
      outDir: dir,
      seed: 42,
      scale: 0.02,
      orgs: ['CLRS'],
      periods: ['2026H1'],
      headers: 'zh',
      zhLabels: true,
      gzip: true,
      injectErrors: false,
    });
    expect(m.files.map((f) => f.path)).toEqual([
      '2026H1/CLRS-profile.csv.gz',
      '2026H1/CLRS-callbacks.csv.gz',
      '2026H1/CLRS-complaints.csv.gz',
    ]);
    const text = read(dir, m.files[1]);
    expect(text.startsWith('回访类型,保单号,案件号,')).toBe(true);
    expect(text).toContain('新单回访');
    expect(parseCsvRecords(text).records.length).toBe(m.files[1].rows);
  });
});
