/**
 * @jest-environment node
 */
import ExcelJS from 'exceljs';
import { deflateRawSync } from 'node:zlib';
import type { CellValue } from '@portal/reporting-standard';
import { bytesSource } from './random-access';
import { UnreadableFileError } from './unreadable';
import { isDateFormat, readXlsx } from './xlsx';
import { buildZip, minimalXlsx, xlsxParts } from '../testing/zip-builder';
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip';

interface Read {
  header: CellValue[] | null;
  rows: { rowNo: number; cells: CellValue[] }[];
}

async function read(bytes: Uint8Array, limits?: ZipLimits): Promise<Read> {
  const out: Read = { header: null, rows: [] };
  await readXlsx(
    bytesSource(bytes),
    {
      header: (cells) => (out.header = [...cells]),
      row: (cells, rowNo) => out.rows.push({ rowNo, cells: Array.from(cells) }),
    },
    { limits },
  );
  return out;
}

async function refusal(bytes: Uint8Array, limits?: ZipLimits): Promise<UnreadableFileError> {
  try {
    await read(bytes, limits);
  } catch (e) {
    if (e instanceof UnreadableFileError) return e;
    throw e;
  }
  throw new Error('expected the file to be refused');
}

const deflate = (d: Uint8Array) => new Uint8Array(deflateRawSync(d));
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

const STYLES = `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${NS}">
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="14"/><xf numFmtId="31"/></cellXfs>
</styleSheet>`;

const STRINGS = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}">
<si><t>a</t></si>
<si><r><t>a</t></r><r><rPr><b/></rPr><t>b</t></r></si>
<si><t>主</t><rPh sb="0" eb="1"><t>zhu</t></rPh></si>
<si><t/></si>
</sst>`;

const SHEET = `
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>b</t></is></c><c r="C1" t="str"><v>c &amp;amp; d</v></c></row>
<row r="3" spans="1:14"><c r="A3" s="1"><v>46113</v></c><c r="B3" s="2"><v>46113</v></c><c r="C3" s="3"><v>46113</v></c><c r="D3" t="b"><v>1</v></c><c r="E3" t="e"><v>#N/A</v></c><c r="F3"><f>1+1</f><v>2</v></c><c r="G3" t="str"><f>"x"</f><v>x</v></c><c r="H3" t="s"><v>1</v></c><c r="I3" t="s"><v>2</v></c><c r="K3" t="s"><v>3</v></c><c r="L3" s="1"/><c r="M3" t="inlineStr"><is><r><t>x</t></r><r><t>y</t></r></is></c><c r="N3"><v>0012</v></c></row>
<row r="4"/>
<row r="5"><c r="B5" t="inlineStr"><is><t xml:space="preserve"> two
lines </t></is></c></row>`;

describe('readXlsx (the first worksheet, on the server and in the browser)', () => {
  it('reads every cell type, with the sheet row numbers', async () => {
    for (const bytes of [
      minimalXlsx({ sheetData: SHEET, sharedStrings: STRINGS, styles: STYLES }),
      minimalXlsx({ sheetData: SHEET, sharedStrings: STRINGS, styles: STYLES, deflate }),
    ]) {
      const r = await read(bytes);
      // entities decoded once: the cell holds the text "c &amp; d"
      expect(r.header).toEqual(['a', 'b', 'c &amp; d']);
      expect(r.rows.map((x) => x.rowNo)).toEqual([3, 4, 5]);
      const cells = r.rows[0].cells;
      expect(cells).toHaveLength(14);
      expect(cells[0]).toEqual(new Date('2026-04-01T00:00:00Z')); // custom yyyy-mm-dd (LibreOffice)
      expect(cells[1]).toEqual(new Date('2026-04-01T00:00:00Z')); // built-in 14
      expect(cells[2]).toBe(46113); // built-in 31 (zh-CN date) stays a serial number
      // rich text joined; a phonetic guide (pinyin over 主) is not part of the value
      expect(cells.slice(3, 9)).toEqual([true, '#N/A', 2, 'x', 'ab', '主']);
      expect(cells[9]).toBeUndefined();
      expect(cells[10]).toBeUndefined(); // an empty shared string is no value
      expect(cells[11]).toBeUndefined();
      expect(cells.slice(12)).toEqual(['xy', 12]); // a rich inline string: its runs joined
      expect(r.rows[1].cells).toEqual([]);
      expect(r.rows[2].cells).toEqual([undefined, ' two\nlines ']);
    }
  });

  it('reads formula results by their type, ISO date cells (t="d"), and a number cell without a number as text', async () => {
    const r = await read(
      minimalXlsx({
        styles: STYLES,
        sheetData:
          '<row r="1"><c r="A1" t="b"><f>TRUE()</f><v>1</v></c><c r="B1" s="1"><f>DATE(2026,4,1)</f><v>46113</v></c>' +
          '<c r="C1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D1" t="d"><v>2026-04-01</v></c>' +
          '<c r="E1" t="d"><v>2026-04-01T12:30:00</v></c><c r="F1"><v>abc</v></c><c r="G1"><v></v></c></row>',
      }),
    );
    expect(r.header).toEqual([
      true,
      new Date('2026-04-01T00:00:00Z'),
      '#DIV/0!',
      new Date('2026-04-01T00:00:00Z'),
      new Date('2026-04-01T12:30:00Z'),
      'abc',
    ]);
  });

  it('reads the worksheet whatever the order of the parts in the archive (worksheet before sharedStrings.xml)', async () => {
    // exceljs' streaming reader, the server's reader until now, sometimes read shared strings as empty and
    // date cells as numbers when the worksheet came first in the archive, as Excel and exceljs write it
    const parts = xlsxParts({ sheetData: SHEET, sharedStrings: STRINGS, styles: STYLES });
    const sheetFirst = [
      ...parts.filter((p) => p.name.startsWith('xl/worksheets/')),
      ...parts.filter((p) => !p.name.startsWith('xl/worksheets/')),
    ];
    const sheetLast = [
      ...parts.filter((p) => !p.name.startsWith('xl/worksheets/')),
      ...parts.filter((p) => p.name.startsWith('xl/worksheets/')),
    ];
    expect(sheetFirst.findIndex((p) => p.name === 'xl/worksheets/sheet1.xml')).toBeLessThan(
      sheetFirst.findIndex((p) => p.name === 'xl/sharedStrings.xml'),
    );
    const expected = await read(buildZip(sheetLast, deflate));
    expect(expected.header).toEqual(['a', 'b', 'c &amp; d']);
    expect(expected.rows[0].cells[0]).toEqual(new Date('2026-04-01T00:00:00Z'));
    for (const order of [sheetFirst, [...sheetFirst].reverse(), sheetLast])
      for (const d of [undefined, deflate]) expect(await read(buildZip(order, d))).toEqual(expected);
  });

  it('finds the styles and shared strings by the workbook relationships, wherever they are', async () => {
    const parts = xlsxParts({ sheetData: SHEET, sharedStrings: STRINGS, styles: STYLES }).map((p) => {
      if (p.name === 'xl/sharedStrings.xml') return { ...p, name: 'xl/strings/table.xml' };
      if (p.name === 'xl/styles.xml') return { ...p, name: 'xl/s.xml' };
      if (p.name === 'xl/_rels/workbook.xml.rels')
        return {
          ...p,
          data: String(p.data)
            .replace('Target="sharedStrings.xml"', 'Target="/xl/strings/table.xml"')
            .replace('Target="styles.xml"', 'Target="./s.xml"'),
        };
      return p;
    });
    const r = await read(buildZip(parts, deflate));
    expect(r.header).toEqual(['a', 'b', 'c &amp; d']);
    expect(r.rows[0].cells[0]).toEqual(new Date('2026-04-01T00:00:00Z'));
  });

  it('holds the shared strings only up to a bound, with a clear message', async () => {
    const strings = STRINGS.replace('</sst>', '<si><t>x</t></si>'.repeat(1000) + '</sst>');
    const bytes = minimalXlsx({ sheetData: SHEET, sharedStrings: strings, styles: STYLES, deflate });
    expect((await read(bytes, { ...DEFAULT_ZIP_LIMITS, maxInMemoryEntryBytes: 20_000 })).header).toEqual([
      'a',
      'b',
      'c &amp; d',
    ]);
    const e = await refusal(bytes, { ...DEFAULT_ZIP_LIMITS, maxInMemoryEntryBytes: 10_000 });
    expect(e.variant).toBe('format');
    expect(e.reason).toContain('shared strings table xl/sharedStrings.xml');
    expect(e.reason).toContain('send CSV or CSV.gz instead');
    expect(e.reason).toContain('共享字符串表');
  });

  it('refuses a cell that refers to a shared string that does not exist', async () => {
    const e = await refusal(minimalXlsx({ sheetData: '<row r="1"><c r="A1" t="s"><v>7</v></c></row>' }));
    expect(e.reason).toContain('shared string that does not exist');
  });

  it('streams the sheet: rows are handed over chunk by chunk, awaiting the sink between chunks', async () => {
    const rows = 20_000;
    let sheet = '';
    for (let i = 1; i <= rows; i++)
      sheet += `<row r="${i}"><c r="A${i}"><v>${i}</v></c><c r="B${i}" t="inlineStr"><is><t>row ${i}</t></is></c></row>`;
    const bytes = minimalXlsx({ sheetData: sheet, deflate });
    const events: string[] = [];
    let seen = 0;
    const progress: number[] = [];
    const wrong: number[] = [];
    await readXlsx(
      bytesSource(bytes),
      {
        header: () => seen++,
        row: (cells, rowNo) => {
          if (cells[0] !== rowNo || cells[1] !== `row ${rowNo}`) wrong.push(rowNo);
          seen++;
        },
        drain: async () => {
          events.push(`drain after ${seen}`);
          await new Promise((r) => setTimeout(r, 0));
        },
      },
      { onProgress: (b) => progress.push(b) },
    );
    expect(seen).toBe(rows);
    expect(wrong).toEqual([]);
    // many drains, each after some rows and before the rest: the sheet was never read whole first
    expect(events.length).toBeGreaterThan(5);
    expect(events[0]).not.toBe(`drain after ${rows}`);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress[progress.length - 1]).toBeLessThanOrEqual(bytes.length);
  });

  it('uses the 1904 date system when the workbook says so', async () => {
    const styles = `<styleSheet xmlns="${NS}"><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>`;
    const r = await read(
      minimalXlsx({ sheetData: '<row r="1"><c r="A1" s="1"><v>0</v></c></row>', styles, date1904: true }),
    );
    expect(r.header).toEqual([new Date('1904-01-01T00:00:00Z')]);
  });

  it('reads the first sheet in the workbook order, not the first part in the archive', async () => {
    const r = await read(
      minimalXlsx({
        sheetData: '<row r="1"><c r="A1" t="inlineStr"><is><t>second</t></is></c></row>',
        otherSheetData: '<row r="1"><c r="A1" t="inlineStr"><is><t>first</t></is></c></row>',
      }),
    );
    expect(r.header).toEqual(['first']);
  });

  it('reads what exceljs writes (the way a generated workbook looks)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('数据');
    ws.addRow(['policy_no', 'underwritten_on', 'term_months', 'note']);
    ws.addRow([
      'P-1',
      new Date('2026-03-02T00:00:00Z'),
      120,
      { richText: [{ text: '富' }, { text: '文本' }] },
    ]);
    ws.addRow(['P-2', null, { formula: '10*12', result: 120 }, 'A & <B>']);
    ws.getCell('B2').numFmt = 'yyyy-mm-dd';
    const r = await read(new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(r.header).toEqual(['policy_no', 'underwritten_on', 'term_months', 'note']);
    expect(r.rows).toEqual([
      { rowNo: 2, cells: ['P-1', new Date('2026-03-02T00:00:00Z'), 120, '富文本'] },
      { rowNo: 3, cells: ['P-2', undefined, 120, 'A & <B>'] },
    ]);
  });

  it('refuses a sheet beyond Excel’s 1,048,576 rows', async () => {
    const e = await refusal(minimalXlsx({ sheetData: '<row r="1"/><row r="1048577"/>' }));
    expect(e.reason).toContain('1,048,576');
  });

  it('refuses broken XML and a cell without its reference', async () => {
    expect((await refusal(minimalXlsx({ sheetData: '<row r="1"><c r="A1"><v>1</v></row>' }))).variant).toBe(
      'format',
    );
    expect((await refusal(minimalXlsx({ sheetData: '<row r="1"><c><v>1</v></c></row>' }))).reason).toContain(
      'reference',
    );
    expect(
      (await refusal(minimalXlsx({ sheetData: '<row r="1"><c r="A1" t="str"><v>a & b</v></c></row>' })))
        .reason,
    ).toContain('unescaped');
  });

  it('applies the zip guard', async () => {
    const good = minimalXlsx({ sheetData: '<row r="1"/>', deflate });
    // no worksheet
    expect((await refusal(buildZip([{ name: 'xl/workbook.xml', data: '<workbook/>' }]))).reason).toContain(
      'no worksheet',
    );
    // no worksheet, and shared strings that inflate to more than they declare: the lie is named
    const liar = buildZip(
      [{ name: 'xl/sharedStrings.xml', data: new Uint8Array(4 * 1024 * 1024).fill(0x41), declaredSize: 100 }],
      deflate,
    );
    expect((await refusal(liar)).reason).toMatch(/inflates to \d+ bytes, not the 100 it declares/);
    // truncated: no central directory
    expect((await refusal(good.subarray(0, good.length - 30))).reason).toContain('central directory');
    // data hidden before the first entry
    const shifted = new Uint8Array(good.length + 4);
    shifted.set(good, 4);
    expect((await refusal(shifted)).variant).toBe('format');
    // an entry that inflates to more than it declares (the declared size lowered in both headers)
    const lying = good.slice();
    const view = new DataView(lying.buffer);
    const eocd = lying.length - 22;
    const cd = view.getUint32(eocd + 16, true);
    const declared = view.getUint32(cd + 24, true);
    view.setUint32(cd + 24, declared - 1, true);
    view.setUint32(22, declared - 1, true);
    expect((await refusal(lying)).reason).toMatch(/inflates|declares/);
    // an encrypted entry
    const encrypted = good.slice();
    new DataView(encrypted.buffer).setUint16(cd + 8, 1, true);
    expect((await refusal(encrypted)).reason).toContain('encrypted');
    // ZIP64 markers
    const zip64 = good.slice();
    new DataView(zip64.buffer).setUint32(cd + 20, 0xffffffff, true);
    expect((await refusal(zip64)).reason).toContain('ZIP64');
  });
});

describe('isDateFormat', () => {
  it('sees date letters outside brackets and quotes only', () => {
    expect(isDateFormat('yyyy-mm-dd')).toBe(true);
    expect(isDateFormat('yyyy"年"m"月"d"日"')).toBe(true);
    expect(isDateFormat('[$-409]0.00')).toBe(false);
    expect(isDateFormat('"days"0')).toBe(false);
    expect(isDateFormat('0.00')).toBe(false);
    expect(isDateFormat(undefined)).toBe(false);
  });
});
