import ExcelJS from 'exceljs';
import { createReadStream } from 'node:fs';
import type { CellValue } from '@portal/reporting-standard';
import { unreadable, UnreadableFileError } from '@portal/file-formats';
import { checkZip, DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip-guard';
import type { RowSink } from './row-sink';

/** Excel's own sheet size. */
const MAX_SHEET_ROWS = 1_048_576;

/**
 * Reads the first worksheet of an XLSX file (first in the workbook's order) row by row with exceljs'
 * streaming reader, after the zip guard has bounded what the archive may inflate to.
 * Cell values are handed on as the library expects them: strings, numbers, booleans and Dates (date-formatted
 * numeric cells, built-in or custom formats such as LibreOffice's `yyyy-mm-dd`, become Date objects via the
 * styles). Formula cells give their cached result, rich text its plain text, hyperlinks their text, error
 * cells their code (`#N/A`). Row numbers are the sheet's own, so a report points at the right row even when
 * blank rows were skipped.
 */
export async function readXlsx(
  path: string,
  sink: RowSink,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<void> {
  await checkZip(path, limits);
  const input = createReadStream(path, { highWaterMark: 256 * 1024 });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let seenHeader = false;
  let done = false;
  try {
    for await (const worksheet of reader) {
      if (done) break;
      // The workbook part (read before the sheets in files written by Excel, LibreOffice and exceljs) says
      // which sheet comes first; without it, the first sheet in the archive is taken.
      const first = (reader as unknown as { model?: { sheets?: { name?: string }[] } }).model?.sheets?.[0]
        ?.name;
      const name = (worksheet as unknown as { name?: string }).name;
      if (first !== undefined && name !== undefined && name !== first) continue;
      done = true;
      let pending = 0;
      for await (const row of worksheet) {
        if (row.number > MAX_SHEET_ROWS)
          throw unreadable('format', '工作表超过 1,048,576 行', 'the worksheet has more than 1,048,576 rows');
        const cells = rowCells(row.values as unknown[]);
        if (!seenHeader) {
          seenHeader = true;
          sink.header(cells);
        } else {
          sink.row(cells, row.number);
          if (++pending >= 2000) {
            pending = 0;
            await sink.drain();
          }
        }
      }
    }
  } catch (e) {
    if (e instanceof UnreadableFileError) throw e;
    const message = e instanceof Error ? e.message.slice(0, 200) : String(e).slice(0, 200);
    throw unreadable(
      'format',
      `无法读取 XLSX 内容（${message}）`,
      `cannot read the XLSX content (${message})`,
    );
  } finally {
    input.destroy();
  }
  if (!done) throw unreadable('format', 'XLSX 文件中没有工作表', 'the XLSX file has no worksheet');
}

/** exceljs row values (1-based, sparse) → cells (0-based). */
function rowCells(values: unknown[]): CellValue[] {
  const n = Math.max(0, values.length - 1);
  const cells: CellValue[] = new Array(n);
  for (let i = 0; i < n; i++) cells[i] = cellValue(values[i + 1]);
  return cells;
}

function cellValue(v: unknown): CellValue {
  if (v === null || v === undefined) return undefined;
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
      return v;
    case 'object': {
      if (v instanceof Date) return v;
      const o = v as Record<string, unknown>;
      if ('result' in o || 'formula' in o || 'sharedFormula' in o) return cellValue(o['result']);
      if (Array.isArray(o['richText']))
        return (o['richText'] as { text?: string }[]).map((r) => r.text ?? '').join('');
      if ('text' in o) return cellValue(o['text']);
      if ('error' in o) return String(o['error']);
      return undefined;
    }
    default:
      return String(v);
  }
}
