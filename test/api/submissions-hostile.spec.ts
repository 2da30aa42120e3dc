import { CALLBACK_COLUMNS, fileRows, generateCallbacks, toCsvString } from '@portal/demo-data';
import ExcelJS from 'exceljs';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CsvParser } from '@portal/file-formats';
import { buildZip } from '../../server/src/app/ingest/zip-test-helpers';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestApp, type TestApp } from '../support/app';
import {
  allIssues,
  api,
  demoOrg,
  login,
  seedDemo,
  settled,
  sql,
  upload,
  type SubmissionBody,
} from './submissions-helpers';

/**
 * Hostile and broken uploads: each ends in a clear report (one STR-010 naming the problem) or a 4xx, never a
 * crash, and leaves nothing partial behind — no records, no temporary files.
 */
describe('submissions: hostile files', () => {
  let db: TestDatabase;
  let t: TestApp;
  let dir: string;
  let token: string;
  const org = demoOrg('XSRS');

  const csv = (rows: number) =>
    toCsvString(generateCallbacks({ seed: 3, org, period: '2026H1', rows }), { columns: CALLBACK_COLUMNS });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hostile-spec-'));
    db = await createTestDatabase();
    await seedDemo(db.url, ['XSRS']);
    t = await startTestApp(db.url, { UPLOAD_DIR: join(dir, 'uploads') });
    token = await login(t.baseUrl, 'XSRS-sub');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function check(kind: string, bytes: Buffer | string, name = 'data.csv'): Promise<SubmissionBody> {
    const up = await upload(t.baseUrl, token, { kind, period: '2026H1', bytes, name });
    expect(up.status).toBe(202);
    return settled(t.baseUrl, token, up.body.id);
  }

  async function expectUnreadable(sub: SubmissionBody, pattern: RegExp): Promise<void> {
    expect(sub).toMatchObject({ status: 'invalid', errors: 1, warnings: 0, findings: 0 });
    const report = await allIssues(t.baseUrl, token, sub.id);
    expect(report.countsByRule).toEqual({ 'STR-010': 1 });
    expect(report.items).toHaveLength(1);
    const [issue] = report.items;
    expect(issue).toMatchObject({ row: null, rule: 'STR-010', severity: 'error' });
    expect(issue.message).toMatch(/^文件无法读取|^文件|^CSV|^XLSX|^gzip/);
    expect(`${issue.message}\n${issue.messageEn}`).toMatch(pattern);
    const [{ n }] = await sql<{ n: string }>(
      db.url,
      'SELECT count(*) AS n FROM callback_record WHERE submission_id = $1',
      [sub.id],
    );
    expect(Number(n)).toBe(0);
  }

  it('a truncated gzip file', async () => {
    const gz = gzipSync(Buffer.from(csv(3000)));
    await expectUnreadable(
      await check('callbacks', gz.subarray(0, Math.floor(gz.length * 0.6)), 'cb.csv.gz'),
      /corrupt or incomplete/,
    );
  });

  it('a quote that is never closed', async () => {
    const lines = csv(50).split('\r\n');
    lines[10] = lines[10].replace(/,/, ',"');
    await expectUnreadable(await check('callbacks', lines.join('\r\n')), /row 11 is never closed/);
  });

  it('text that is neither UTF-8 nor GB18030', async () => {
    const latin1 = Buffer.from(csv(5).replace('new_business', 'nouvelle_affaire_\u00e9,'), 'latin1');
    await expectUnreadable(await check('callbacks', latin1), /neither UTF-8 nor GB18030/);
  });

  it('one huge line', async () => {
    const huge = csv(2) + 'x'.repeat(3 * 1024 * 1024) + '\r\n';
    await expectUnreadable(await check('callbacks', huge), /longer than 1 MB/);
  });

  it('an XLSX zip bomb, before any of it is inflated', async () => {
    const bomb = buildZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(64 * 1024 * 1024, 0x20) },
    ]);
    expect(bomb.length).toBeLessThan(300 * 1024);
    await expectUnreadable(await check('callbacks', bomb, 'bomb.xlsx'), /zip bomb/);
  });

  it('an XLSX whose shared strings lie about their size', async () => {
    const liar = buildZip([
      { name: 'xl/sharedStrings.xml', data: Buffer.alloc(4 * 1024 * 1024, 0x41), declaredSize: 100 },
    ]);
    await expectUnreadable(await check('callbacks', liar, 'liar.xlsx'), /not the 100 it declares/);
  });

  it('files that are not data: empty, an image, an Excel 97 workbook, UTF-16', async () => {
    await expectUnreadable(await check('callbacks', Buffer.alloc(0)), /empty: there is no header row/);
    await expectUnreadable(
      await check('callbacks', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])),
      /image/,
    );
    await expectUnreadable(
      await check(
        'complaints',
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
        'old.xls',
      ),
      /Excel 97–2003/,
    );
    await expectUnreadable(
      await check('complaints', Buffer.from('\ufeffcomplaint_no\r\n', 'utf16le')),
      /UTF-16/,
    );
  });

  it('a header without rows: a warning for callbacks, an error for a profile', async () => {
    const cb = await check('callbacks', CALLBACK_COLUMNS.join(',') + '\r\n');
    expect(cb).toMatchObject({ status: 'valid', rows: 0, errors: 0, warnings: 1 });
    expect((await allIssues(t.baseUrl, token, cb.id)).countsByRule).toEqual({ 'WARN-002': 1 });
    const profile = await check(
      'profile',
      '机构代码,保费收入(万元),新单件数,有效保单件数,承保人次,营销员人数,员工人数\r\n',
    );
    expect(profile).toMatchObject({ status: 'invalid', errors: 1 });
    const items = (await allIssues(t.baseUrl, token, profile.id)).items;
    expect(items).toHaveLength(1);
    expect(items[0].messageEn).toMatch(/has no data row/);
  });

  it('neutralises formulas in the CSV and XLSX reports, and never echoes a personal identifier', async () => {
    const header = [...CALLBACK_COLUMNS, '13912345678'];
    const base = Object.fromEntries(CALLBACK_COLUMNS.map((c) => [c, ''])) as Record<string, string>;
    const hostile: Record<string, string>[] = (
      [
        { product_type: '+cmd|/C calc!A0' },
        { channel: '=HYPERLINK("http://evil.example/x","点击")' },
        { payment_mode: '-2+3' },
        { status: '@SUM(A1)' },
      ] as Record<string, string>[]
    ).map((r, i) => ({ ...base, callback_type: 'new_business', policy_no: `P-${i}`, ...r }));
    const body = toCsvString(hostile, { columns: CALLBACK_COLUMNS });
    const text = header.join(',') + '\r\n' + body.slice(body.indexOf('\r\n') + 2);
    const sub = await check('callbacks', text);
    expect(sub.status).toBe('invalid');
    const report = await allIssues(t.baseUrl, token, sub.id);
    const values = report.items.filter((i) => i.rule === 'STR-004').map((i) => i.value);
    expect(values).toEqual([
      '+cmd|/C calc!A0',
      '=HYPERLINK("http://evil.example/x","点击")',
      '-2+3',
      '@SUM(A1)',
    ]);

    const download = await fetch(`${t.baseUrl}/api/submissions/${sub.id}/issues.csv`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(download.headers.get('content-type')).toMatch(/text\/csv/);
    expect(download.headers.get('content-disposition')).toMatch(/attachment; filename="issues-.*\.csv"/);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csvText = bytes.subarray(3).toString('utf8');
    const cells: string[] = [];
    const parser = new CsvParser((r) => cells.push(...r));
    parser.push(csvText);
    parser.end();
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    expect(cells).toContain(`'=HYPERLINK("http://evil.example/x","点击")`);
    expect(cells).toContain(`'+cmd|/C calc!A0`);
    expect(cells).toContain(`'@SUM(A1)`);
    expect(cells).toContain(`'-2+3`);

    const xlsx = await fetch(`${t.baseUrl}/api/submissions/${sub.id}/issues.xlsx`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const texts: string[] = [];
    book.eachSheet((sheet) =>
      sheet.eachRow((r) =>
        r.eachCell((cell) => {
          expect(cell.formula).toBeUndefined();
          texts.push(String(cell.value));
        }),
      ),
    );
    expect(book.worksheets.map((w) => w.name)).toEqual(['汇总 Summary', '问题 Issues']);
    expect(texts.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    expect(texts).toContain(`'=HYPERLINK("http://evil.example/x","点击")`);

    // The phone number in the header is reported masked, in every form.
    for (const out of [JSON.stringify(report), csvText, texts.join('\n')]) {
      expect(out).not.toContain('13912345678');
      expect(out).toContain('139****5678');
    }
  });

  it('leaves no temporary file behind', async () => {
    const left = readdirSync(join(dir, 'uploads'));
    expect(left).toEqual([]);
    const counts = await sql<{ n: string }>(db.url, 'SELECT count(*) AS n FROM callback_record');
    expect(Number(counts[0].n)).toBe(0);
  });

  it('still checks a larger file after all that, showing progress while the API keeps answering', async () => {
    const rows = fileRows(org, '2026H1', 'callbacks') * 50;
    const up = await upload(t.baseUrl, token, { kind: 'callbacks', period: '2026H1', bytes: csv(rows) });
    const started = Date.now();
    let slowest = 0;
    let sawProgress = false;
    for (;;) {
      const t0 = Date.now();
      const res = await api<SubmissionBody & { progressRows: number }>(
        t.baseUrl,
        token,
        `/api/submissions/${up.body.id}`,
      );
      slowest = Math.max(slowest, Date.now() - t0);
      if (res.body.status === 'validating' && res.body.progressRows > 0) sawProgress = true;
      if (res.body.status !== 'validating') {
        expect(res.body).toMatchObject({ status: 'valid', rows, errors: 0 });
        break;
      }
      if (Date.now() - started > 120_000) throw new Error('too slow');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(sawProgress).toBe(true);
    expect(slowest).toBeLessThan(1000);
  });
});
