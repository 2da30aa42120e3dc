/**
 * @jest-environment node
 */
import { deflateRawSync } from 'node:zlib';
import type { CellValue } from '@portal/reporting-standard';
import { xlsxParts, buildZip } from '@portal/file-formats/testing';
import { readFile } from './read-file';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const STYLES = `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>`;
const STRINGS = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}"><si><t>policy_no</t></si><si><t>underwritten_on</t></si><si><t>P-1</t></si></sst>`;
const SHEET =
  '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' +
  '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" s="1"><v>46094</v></c></row>';

async function read(bytes: Uint8Array) {
  const rows: [number | 'header', CellValue[]][] = [];
  const progress: number[] = [];
  const result = await readFile(
    new Blob([new Uint8Array(bytes)]),
    { header: (cells) => rows.push(['header', cells]), row: (cells, rowNo) => rows.push([rowNo, cells]) },
    { onChunk: (p) => progress.push(p.bytesRead) },
  );
  return { result, rows, progress };
}

describe('readFile (XLSX, the shared reader over a Blob)', () => {
  it('reads shared strings and date cells whatever the order of the parts (worksheet before sharedStrings.xml)', async () => {
    const parts = xlsxParts({ sheetData: SHEET, sharedStrings: STRINGS, styles: STYLES });
    const names = parts.map((p) => p.name);
    expect(names.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(names.indexOf('xl/sharedStrings.xml'));
    const deflate = (d: Uint8Array) => new Uint8Array(deflateRawSync(d));
    for (const bytes of [
      buildZip(parts),
      buildZip(parts, deflate),
      buildZip([...parts].reverse(), deflate),
    ]) {
      const { result, rows, progress } = await read(bytes);
      expect(result).toEqual({ format: 'xlsx', encoding: null });
      expect(rows).toEqual([
        ['header', ['policy_no', 'underwritten_on']],
        [2, ['P-1', new Date('2026-03-13T00:00:00Z')]],
      ]);
      expect(progress.length).toBeGreaterThan(0);
      expect(progress[progress.length - 1]).toBeLessThanOrEqual(bytes.length);
    }
  });
});
