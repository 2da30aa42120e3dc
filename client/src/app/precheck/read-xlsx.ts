import type { CellValue } from '@portal/reporting-standard';
import type { ReadOptions, RowSink } from './row-sink';
import { unreadable } from '@portal/file-formats';
import { attribute, XmlScanner, type XmlHandler } from './xml-scanner';
import { DEFAULT_ZIP_LIMITS, entryStream, forEachChunk, openZip, type ZipEntry, type ZipLimits } from './zip';

/** Excel's own sheet size. */
const MAX_SHEET_ROWS = 1_048_576;

/**
 * Built-in number formats that exceljs (the server's reader) treats as dates: the ids whose format code its
 * `isDateFmt` accepts (14–22, 45–47). Other built-in ids — including the zh-CN date formats 27–36 and 50–58 —
 * arrive as numbers, which the standard reads as Excel serial dates anyway.
 */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** exceljs' `isDateFmt`: any of y m d h M s b outside brackets and quotes. */
export function isDateFormat(code: string | undefined): boolean {
  if (!code) return false;
  const bare = code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]+/.test(bare);
}

/** exceljs' `utils.xmlDecode`, applied (a second time) to `str` and inline-string cells. */
function xmlDecodeAgain(text: string): string {
  return text.replace(/&([a-z]*);/g, (c) => {
    switch (c) {
      case '&lt;':
        return '<';
      case '&gt;':
        return '>';
      case '&amp;':
        return '&';
      case '&apos;':
        return "'";
      case '&quot;':
        return '"';
      default:
        return c;
    }
  });
}

/** exceljs' `utils.excelToDate`. */
function excelToDate(v: number, date1904: boolean): Date {
  return new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

/** The column number (A = 1) of a cell reference such as `AB12`; only capital letters count, as in exceljs. */
function columnOf(ref: string | undefined): number {
  if (ref === undefined)
    throw unreadable('format', 'XLSX 单元格缺少位置 (r)', 'an XLSX cell without its reference (r)');
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
  }
  if (col === 0)
    throw unreadable(
      'format',
      `XLSX 单元格位置无效：${ref.slice(0, 16)}`,
      `an invalid XLSX cell reference: ${ref.slice(0, 16)}`,
    );
  return col;
}

function resolveTarget(target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : `xl/${target}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

async function scanEntry(
  file: Blob,
  entry: ZipEntry,
  handler: XmlHandler,
  onCompressed?: (bytes: number) => void,
): Promise<void> {
  const decoder = new TextDecoder('utf-8');
  const scanner = new XmlScanner(handler);
  await forEachChunk(entryStream(file, entry, onCompressed), entry.name, (chunk) =>
    scanner.push(decoder.decode(chunk, { stream: true })),
  );
  scanner.push(decoder.decode());
  scanner.end();
}

/** Inflates an entry that is not read, to prove it holds what it declares (as the server's zip guard does). */
async function verifyEntry(file: Blob, entry: ZipEntry): Promise<void> {
  await forEachChunk(entryStream(file, entry), entry.name, () => undefined);
}

interface Workbook {
  firstSheet: { name: string; rId: string | undefined } | null;
  date1904: boolean;
}

async function readWorkbook(file: Blob, entry: ZipEntry | undefined): Promise<Workbook> {
  const wb: Workbook = { firstSheet: null, date1904: false };
  if (!entry) return wb;
  await scanEntry(file, entry, {
    open(name, attrs) {
      if (name === 'sheet' && !wb.firstSheet)
        wb.firstSheet = { name: attribute(attrs, 'name') ?? '', rId: attribute(attrs, 'r:id') };
      else if (name === 'workbookPr') wb.date1904 = attribute(attrs, 'date1904') === '1';
    },
    close: () => undefined,
    text: () => undefined,
  });
  return wb;
}

async function readRelationships(file: Blob, entry: ZipEntry | undefined): Promise<Map<string, string>> {
  const rels = new Map<string, string>();
  if (!entry) return rels;
  await scanEntry(file, entry, {
    open(name, attrs) {
      if (name === 'Relationship') {
        const id = attribute(attrs, 'Id');
        const target = attribute(attrs, 'Target');
        if (id !== undefined && target !== undefined) rels.set(id, target);
      }
    },
    close: () => undefined,
    text: () => undefined,
  });
  return rels;
}

/** Per cell style (index into `cellXfs`): does exceljs turn its numbers into dates? */
async function readDateStyles(file: Blob, entry: ZipEntry | undefined): Promise<boolean[]> {
  const custom = new Map<number, string>();
  const xfs: number[] = [];
  if (!entry) return [];
  let inCellXfs = false;
  await scanEntry(file, entry, {
    open(name, attrs) {
      if (name === 'numFmt') {
        const id = parseInt(attribute(attrs, 'numFmtId') ?? '', 10);
        const code = (attribute(attrs, 'formatCode') ?? '').replace(/[\\](.)/g, '$1');
        custom.set(id, code);
      } else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) xfs.push(parseInt(attribute(attrs, 'numFmtId') ?? '0', 10));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
    text: () => undefined,
  });
  return xfs.map((id) => {
    if (!id) return false;
    const code = custom.get(id);
    return code !== undefined ? isDateFormat(code) : BUILT_IN_DATE_FORMATS.has(id);
  });
}

/**
 * The shared strings, read as exceljs reads them: a run's text is its last `<t>` (phonetic runs included),
 * a rich string is its runs joined, an empty one is no value.
 */
async function readSharedStrings(file: Blob, entry: ZipEntry | undefined): Promise<(string | undefined)[]> {
  const strings: (string | undefined)[] = [];
  if (!entry) return strings;
  let text: string | null = null;
  let runs: (string | null)[] = [];
  await scanEntry(file, entry, {
    open(name) {
      if (name === 'si') {
        runs = [];
        text = null;
      } else if (name === 't') text = null;
    },
    close(name) {
      if (name === 'r') {
        runs.push(text);
        text = null;
      } else if (name === 'si') {
        strings.push(runs.length > 0 ? runs.map((r) => r ?? '').join('') : (text ?? undefined));
        runs = [];
        text = null;
      }
    },
    text(value) {
      text = text ? text + value : value;
    },
  });
  return strings;
}

interface OpenCell {
  ref: string | undefined;
  style: number;
  type: string | undefined;
  formula: { text: string } | null;
  value: { text: string } | null;
}

/**
 * Reads the first worksheet of an XLSX (first in the workbook's order) row by row, streaming its XML, and
 * hands the rows to `sink` as the server's reader (exceljs' streaming reader) delivers them: strings, numbers,
 * booleans, Dates for numbers in a date format, formula results, error codes as text, the sheet's own row
 * numbers. The first `<row>` of the sheet is the header.
 */
export async function readXlsx(
  file: Blob,
  sink: RowSink,
  opts: ReadOptions & { limits?: ZipLimits } = {},
): Promise<void> {
  const entries = await openZip(file, opts.limits ?? DEFAULT_ZIP_LIMITS);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const workbookEntry = byName.get('xl/workbook.xml');
  const relsEntry = byName.get('xl/_rels/workbook.xml.rels');
  const stylesEntry = byName.get('xl/styles.xml');
  const stringsEntry = byName.get('xl/sharedStrings.xml');

  const workbook = await readWorkbook(file, workbookEntry);
  const rels = await readRelationships(file, relsEntry);
  const rId = workbook.firstSheet?.rId;
  const target = rId !== undefined ? rels.get(rId) : undefined;
  // The workbook's first sheet; without a usable workbook part, the first worksheet in the archive.
  const sheet =
    (target !== undefined ? byName.get(resolveTarget(target)) : undefined) ??
    entries.find((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name));
  if (!sheet) throw unreadable('format', 'XLSX 文件中没有工作表', 'the XLSX file has no worksheet');

  const read = new Set([workbookEntry, relsEntry, stylesEntry, stringsEntry, sheet]);
  for (const e of entries) if (!read.has(e)) await verifyEntry(file, e);
  const dateStyles = await readDateStyles(file, stylesEntry);
  const sharedStrings = await readSharedStrings(file, stringsEntry);

  let compressedRead = 0;
  const onCompressed = (bytes: number) => {
    compressedRead += bytes;
  };
  const progress = () => opts.onChunk?.({ bytesRead: Math.min(file.size, sheet.dataStart + compressedRead) });

  let inRows = false;
  let row: { number: number; cells: CellValue[] } | null = null;
  let c: OpenCell | null = null;
  let current: { text: string } | null = null;
  let seenHeader = false;
  let lastRow = 0;

  const cellValue = (cell: OpenCell): CellValue => {
    if (cell.formula) {
      if (!cell.value) return undefined;
      return cell.type === 'str' ? xmlDecodeAgain(cell.value.text) : parseFloat(cell.value.text);
    }
    if (!cell.value) return undefined;
    const text = cell.value.text;
    switch (cell.type) {
      case 's':
        return sharedStrings[parseInt(text, 10)];
      case 'inlineStr':
      case 'str':
        return xmlDecodeAgain(text);
      case 'e':
        return text;
      case 'b':
        return parseInt(text, 10) !== 0;
      default:
        return cell.style && dateStyles[cell.style]
          ? excelToDate(parseFloat(text), workbook.date1904)
          : parseFloat(text);
    }
  };

  await scanEntry(
    file,
    sheet,
    {
      open(name, attrs) {
        switch (name) {
          case 'sheetData':
            inRows = true;
            break;
          case 'row':
            if (inRows) {
              const r = parseInt(attribute(attrs, 'r') ?? '', 10);
              const number = Number.isNaN(r) ? lastRow + 1 : r;
              if (number > MAX_SHEET_ROWS)
                throw unreadable(
                  'format',
                  '工作表超过 1,048,576 行',
                  'the worksheet has more than 1,048,576 rows',
                );
              row = { number, cells: [] };
            }
            break;
          case 'c':
            if (row)
              c = {
                ref: attribute(attrs, 'r'),
                style: parseInt(attribute(attrs, 's') ?? '', 10),
                type: attribute(attrs, 't'),
                formula: null,
                value: null,
              };
            break;
          case 'f':
            if (c) current = c.formula = { text: '' };
            break;
          case 'v':
          case 'is':
          case 't':
            if (c) current = c.value = { text: '' };
            break;
        }
      },
      text(value) {
        if (current) current.text += value;
      },
      close(name) {
        switch (name) {
          case 'sheetData':
            inRows = false;
            break;
          case 'row':
            if (row) {
              lastRow = row.number;
              if (!seenHeader) {
                seenHeader = true;
                sink.header(row.cells);
              } else sink.row(row.cells, row.number);
              row = null;
              progress();
            }
            break;
          case 'c':
            if (row && c) {
              const value = cellValue(c);
              const col = columnOf(c.ref);
              if (value !== undefined && value !== null) row.cells[col - 1] = value;
              else if (col <= row.cells.length) row.cells[col - 1] = undefined;
              c = null;
            }
            break;
        }
      },
    },
    onCompressed,
  );
  progress();
}
