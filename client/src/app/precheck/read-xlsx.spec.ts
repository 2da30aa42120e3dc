/**
 * @jest-environment node
 */
import ExcelJS from 'exceljs';
import { deflateRawSync } from 'node:zlib';
import type { CellValue } from '@portal/reporting-standard';
import { isDateFormat, readXlsx } from './read-xlsx';
import { buildZip, minimalXlsx } from './testing/zip-builder';
import { UnreadableFileError } from '@portal/file-formats';

interface Read {
  header: CellValue[] | null;
  rows: { rowNo: number; cells: CellValue[] }[];
}

async function read(bytes: Uint8Array): Promise<Read> {
  const out: Read = { header: null, rows: [] };
  await readXlsx(new Blob([bytes]), {
    header: (cells) => (out.header = [...cells]),
    row: (cells, rowNo) => out.rows.push({ rowNo, cells: Array.from(cells) }),
  });
  return out;
}

async function refusal(bytes: Uint8Array): Promise<UnreadableFileError> {
  try {
    await read(bytes);
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

describe('readXlsx (first worksheet, as the server reads it)', () => {
  it('reads the cell types as the server does (exceljs semantics), with the sheet row numbers', async () => {
    for (const bytes of [
      minimalXlsx({ sheetData: SHEET, sharedStrings: STRINGS, styles: STYLES }),
      minimalXlsx({ sheetData: SHEET, sharedStrings: STRINGS, styles: STYLES, deflate }),
    ]) {
      const r = await read(bytes);
      expect(r.header).toEqual(['a', 'b', 'c & d']);
      expect(r.rows.map((x) => x.rowNo)).toEqual([3, 4, 5]);
      const cells = r.rows[0].cells;
      expect(cells).toHaveLength(14);
      expect(cells[0]).toEqual(new Date('2026-04-01T00:00:00Z')); // custom yyyy-mm-dd (LibreOffice)
      expect(cells[1]).toEqual(new Date('2026-04-01T00:00:00Z')); // built-in 14
      expect(cells[2]).toBe(46113); // built-in 31 (zh-CN date) stays a serial number
      expect(cells.slice(3, 9)).toEqual([true, '#N/A', 2, 'x', 'ab', 'zhu']);
      expect(cells[9]).toBeUndefined();
      expect(cells[10]).toBeUndefined(); // an empty shared string is no value
      expect(cells[11]).toBeUndefined();
      expect(cells.slice(12)).toEqual(['y', 12]);
      expect(r.rows[1].cells).toEqual([]);
      expect(r.rows[2].cells).toEqual([undefined, ' two\nlines ']);
    }
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

  it('applies the server’s zip guard', async () => {
    const good = minimalXlsx({ sheetData: '<row r="1"/>', deflate });
    // no worksheet
    expect((await refusal(buildZip([{ name: 'xl/workbook.xml', data: '<workbook/>' }]))).reason).toContain(
      'no worksheet',
    );
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

describe('isDateFormat (exceljs)', () => {
  it('sees date letters outside brackets and quotes only', () => {
    expect(isDateFormat('yyyy-mm-dd')).toBe(true);
    expect(isDateFormat('yyyy"年"m"月"d"日"')).toBe(true);
    expect(isDateFormat('[$-409]0.00')).toBe(false);
    expect(isDateFormat('"days"0')).toBe(false);
    expect(isDateFormat('0.00')).toBe(false);
    expect(isDateFormat(undefined)).toBe(false);
  });
});
