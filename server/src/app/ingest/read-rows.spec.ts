import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { CellValue } from '@portal/reporting-standard';
import { readRows } from './read-rows';
import { bytesSource, openZip, readEntry, UnreadableFileError } from '@portal/file-formats';
import { buildZip, type ZipEntrySpec } from './zip-test-helpers';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'read-rows-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(content: Buffer | string): string {
  const path = join(dir, `f${n++}`);
  writeFileSync(path, content);
  return path;
}

async function read(path: string, opts = {}) {
  const rows: { cells: CellValue[]; rowNo: number }[] = [];
  let header: CellValue[] | null = null;
  const result = await readRows(
    path,
    {
      header: (cells) => (header = cells),
      row: (cells, rowNo) => rows.push({ cells, rowNo }),
      drain: () => undefined,
    },
    opts,
  );
  return { ...result, header: header as CellValue[] | null, rows };
}

async function unreadable(path: string, opts = {}): Promise<UnreadableFileError> {
  try {
    await read(path, opts);
  } catch (e) {
    if (e instanceof UnreadableFileError) return e;
    throw e;
  }
  throw new Error('expected the file to be unreadable');
}

const CSV = '保单号,回访类型,备注\r\nP-1,新单回访,"含,逗号"\r\nP-2,理赔回访,\r\n';

describe('readRows', () => {
  it('reads UTF-8, GB18030 and gzipped CSV to the same rows, numbering rows as in the file', async () => {
    const utf8 = await read(file(CSV));
    const gbk = await read(file(iconv.encode(CSV, 'gb18030')));
    const gz = await read(file(gzipSync(Buffer.from(CSV))));
    expect(utf8.format).toBe('csv');
    expect(utf8.encoding).toBe('utf-8');
    expect(gbk.encoding).toBe('gb18030');
    expect(gz.format).toBe('csv.gz');
    expect(utf8.header).toEqual(['保单号', '回访类型', '备注']);
    expect(utf8.rows).toEqual([
      { cells: ['P-1', '新单回访', '含,逗号'], rowNo: 2 },
      { cells: ['P-2', '理赔回访', ''], rowNo: 3 },
    ]);
    expect(gbk.rows).toEqual(utf8.rows);
    expect(gz.rows).toEqual(utf8.rows);
  });

  it('reads the first worksheet of an XLSX with real date cells as Dates and sheet row numbers', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('data');
    sheet.addRow(['policy_no', 'underwritten_on', 'term_months']);
    sheet.addRow(['P-1', new Date(Date.UTC(2026, 2, 13)), 24]);
    sheet.getCell('B2').numFmt = 'yyyy-mm-dd';
    sheet.addRow([]);
    sheet.addRow([
      { richText: [{ text: 'P-' }, { text: '3' }] },
      '2026-03-14',
      { formula: '6*2', result: 12 },
    ]);
    book.addWorksheet('other').addRow(['not', 'this']);
    const path = join(dir, 'book.xlsx');
    await book.xlsx.writeFile(path);
    const x = await read(path);
    expect(x.format).toBe('xlsx');
    expect(x.header).toEqual(['policy_no', 'underwritten_on', 'term_months']);
    expect(x.rows.map((r) => r.rowNo)).toEqual([2, 4]);
    expect(x.rows[0].cells[1]).toBeInstanceOf(Date);
    expect((x.rows[0].cells[1] as Date).toISOString()).toBe('2026-03-13T00:00:00.000Z');
    expect(x.rows[1].cells).toEqual(['P-3', '2026-03-14', 12]);
  });

  it('reads shared strings and date cells when the worksheet precedes sharedStrings.xml and styles.xml in the archive', async () => {
    // The order Excel and exceljs write. exceljs' streaming reader (the server's reader before the shared
    // one) read such a file, stored uncompressed, about one time in three with its shared strings as empty
    // cells and its dates as numbers: the file is read ten times, every read must be right.
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('data');
    sheet.addRow(['policy_no', 'underwritten_on']);
    sheet.addRow(['P-1', new Date(Date.UTC(2026, 2, 13))]);
    sheet.getCell('B2').numFmt = 'yyyy-mm-dd';
    const written = new Uint8Array(await book.xlsx.writeBuffer());
    const source = bytesSource(written);
    const parts: ZipEntrySpec[] = [];
    for (const e of await openZip(source))
      parts.push({ name: e.name, data: Buffer.from(await readEntry(source, e)), stored: true });
    const first = ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels'];
    const rank = (name: string) =>
      name === 'xl/worksheets/sheet1.xml' ? first.length : first.includes(name) ? first.indexOf(name) : 99;
    parts.sort((a, b) => rank(a.name) - rank(b.name));
    const names = parts.map((p) => p.name);
    expect(names.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(names.indexOf('xl/sharedStrings.xml'));
    expect(names.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(names.indexOf('xl/styles.xml'));
    for (const [zip, label] of [
      [buildZip(parts), 'stored'],
      [buildZip(parts.map((p) => ({ ...p, stored: false }))), 'deflated'],
    ] as const) {
      const path = file(zip);
      for (let k = 0; k < 10; k++) {
        const x = await read(path);
        expect({ label, header: x.header, rows: x.rows }).toEqual({
          label,
          header: ['policy_no', 'underwritten_on'],
          rows: [{ cells: ['P-1', new Date('2026-03-13T00:00:00Z')], rowNo: 2 }],
        });
      }
    }
  });

  it('recognises built-in date formats (numFmtId 14, as Excel writes them) as dates too', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('s');
    sheet.addRow(['underwritten_on']);
    sheet.addRow([new Date(Date.UTC(2026, 0, 31))]);
    sheet.getCell('A2').numFmt = 'mm-dd-yy';
    const path = join(dir, 'builtin.xlsx');
    await book.xlsx.writeFile(path);
    const x = await read(path);
    expect(x.rows[0].cells[0]).toBeInstanceOf(Date);
    expect((x.rows[0].cells[0] as Date).toISOString().slice(0, 10)).toBe('2026-01-31');
  });

  it('refuses a truncated gzip file', async () => {
    const gz = gzipSync(Buffer.from(CSV.repeat(200)));
    const e = await unreadable(file(gz.subarray(0, gz.length - 30)));
    expect(e.variant).toBe('format');
    expect(e.reason).toMatch(/truncated/);
  });

  it('bounds what a gzip file may inflate to', async () => {
    const e = await unreadable(file(gzipSync(Buffer.alloc(5_000_000, 0x61))), {
      maxInflatedBytes: 1_000_000,
    });
    expect(e.reason).toMatch(/gzip bomb/);
  });

  it('refuses an XLSX zip bomb from its central directory, and an archive that lies about its sizes', async () => {
    const bomb = buildZip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(50 * 1024 * 1024, 0x20) },
    ]);
    expect(bomb.length).toBeLessThan(200 * 1024);
    expect((await unreadable(file(bomb))).reason).toMatch(/zip bomb/);
    const liar = buildZip([
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(3 * 1024 * 1024, 0x20), declaredSize: 1000 },
    ]);
    expect((await unreadable(file(liar))).reason).toMatch(/inflates to \d+ bytes, not the 1000/);
  });

  it('refuses a zip that is not a workbook, with a reason', async () => {
    const e = await unreadable(file(buildZip([{ name: 'readme.txt', data: Buffer.from('hello') }])));
    expect(e.variant).toBe('format');
  });

  it('hands over a header-only file as a header and no rows; an empty file as nothing', async () => {
    const h = await read(file('policy_no,callback_type\r\n'));
    expect(h.header).toEqual(['policy_no', 'callback_type']);
    expect(h.rows).toEqual([]);
    const empty = await read(file(''));
    expect(empty.header).toBeNull();
  });

  it('refuses one huge line without holding it in memory', async () => {
    const e = await unreadable(file('a,b\r\n' + 'x'.repeat(3 * 1024 * 1024)), {
      maxRecordChars: 1024 * 1024,
    });
    expect(e.variant).toBe('quoting');
    expect(e.reason).toMatch(/longer than 1 MB/);
  });

  it('refuses NUL characters in CSV text', async () => {
    const e = await unreadable(file('a,b\r\n' + 'x'.repeat(10_000) + '\0\r\n'));
    expect(e.reason).toMatch(/NUL/);
  });
});
