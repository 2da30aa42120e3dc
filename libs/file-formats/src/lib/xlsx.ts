import type { CellValue } from '@portal/reporting-standard';
import type { RandomAccessSource } from './random-access';
import { unreadable } from './unreadable';
import { attribute, XmlScanner, type XmlHandler } from './xml-scanner';
import {
  checkInMemoryEntry,
  DEFAULT_ZIP_LIMITS,
  entryStream,
  forEachChunk,
  openZip,
  verifyEntry,
  type ZipEntry,
  type ZipLimits,
} from './zip';

/** Excel's own sheet size. */
export const MAX_SHEET_ROWS = 1_048_576;

/** Where the XLSX reader hands the rows: the header (the sheet's first row) once, then each data row. */
export interface XlsxRowSink {
  header(cells: CellValue[]): void;
  /** A data row with its row number in the sheet (the header is row 1 when the sheet starts there). */
  row(cells: CellValue[], rowNo: number): void;
  /** Awaited after each chunk of the sheet: a slow consumer holds the reading back, memory stays bounded. */
  drain?(): void | Promise<void>;
}

export interface XlsxReadOptions {
  readonly limits?: ZipLimits;
  /** Called after each chunk of the sheet: file bytes read so far (compressed). */
  readonly onProgress?: (bytesRead: number) => void;
}

/**
 * Built-in number formats read as dates: 14–22 and 45–47 (the formats whose codes are dates in every
 * locale). Other built-in ids — including the locale-dependent zh-CN date formats 27–36 and 50–58 — arrive
 * as numbers, which the standard reads as Excel serial dates anyway.
 */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** A custom number format is a date format when it has any of y m d h M s b outside brackets and quotes. */
export function isDateFormat(code: string | undefined): boolean {
  if (!code) return false;
  const bare = code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]+/.test(bare);
}

/** An Excel serial number (days since 1899-12-30, or since 1904-01-01) as a UTC Date, to the millisecond. */
function excelToDate(v: number, date1904: boolean): Date {
  return new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

/** A `t="d"` cell: an ISO 8601 date or date-time, read as UTC when it names no zone; else its text. */
function isoDate(text: string): CellValue {
  const t = text.trim();
  if (t === '') return undefined;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(t) || !t.includes('T') ? t : `${t}Z`;
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T00:00:00Z` : zoned);
  return Number.isNaN(d.getTime()) ? t : d;
}

/** The column number (A = 1) of a cell reference such as `AB12`; only capital letters count. */
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

/** A relationship target of the workbook (relative to `xl/`, or absolute) as an archive path. */
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
  source: RandomAccessSource,
  entry: ZipEntry,
  handler: XmlHandler,
  opts: { onCompressed?: (bytes: number) => void; afterChunk?: () => void | Promise<void> } = {},
): Promise<void> {
  const decoder = new TextDecoder('utf-8');
  const scanner = new XmlScanner(handler);
  await forEachChunk(entryStream(source, entry, opts.onCompressed), entry.name, (chunk) => {
    scanner.push(decoder.decode(chunk, { stream: true }));
    return opts.afterChunk?.();
  });
  scanner.push(decoder.decode());
  scanner.end();
}

interface Workbook {
  firstSheet: { name: string; rId: string | undefined } | null;
  date1904: boolean;
}

async function readWorkbook(source: RandomAccessSource, entry: ZipEntry | undefined): Promise<Workbook> {
  const wb: Workbook = { firstSheet: null, date1904: false };
  if (!entry) return wb;
  await scanEntry(source, entry, {
    open(name, attrs) {
      if (name === 'sheet' && !wb.firstSheet)
        wb.firstSheet = { name: attribute(attrs, 'name') ?? '', rId: attribute(attrs, 'r:id') };
      else if (name === 'workbookPr') wb.date1904 = /^(1|true)$/.test(attribute(attrs, 'date1904') ?? '');
    },
    close: () => undefined,
    text: () => undefined,
  });
  return wb;
}

interface Relationship {
  readonly type: string;
  readonly target: string;
}

async function readRelationships(
  source: RandomAccessSource,
  entry: ZipEntry | undefined,
): Promise<Map<string, Relationship>> {
  const rels = new Map<string, Relationship>();
  if (!entry) return rels;
  await scanEntry(source, entry, {
    open(name, attrs) {
      if (name === 'Relationship') {
        const id = attribute(attrs, 'Id');
        const target = attribute(attrs, 'Target');
        if (id !== undefined && target !== undefined)
          rels.set(id, { type: attribute(attrs, 'Type') ?? '', target });
      }
    },
    close: () => undefined,
    text: () => undefined,
  });
  return rels;
}

/** Per cell style (index into `cellXfs`): are its numbers dates? */
async function readDateStyles(source: RandomAccessSource, entry: ZipEntry | undefined): Promise<boolean[]> {
  const custom = new Map<number, string>();
  const xfs: number[] = [];
  if (!entry) return [];
  let inCellXfs = false;
  await scanEntry(source, entry, {
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
 * Collects the text of a string item (`<si>` of the shared strings, `<is>` of an inline string): its `<t>`,
 * or its rich-text runs' `<t>` joined. Phonetic guides (`<rPh>`, e.g. pinyin or furigana over the text) are
 * not part of the value. An item without any `<t>` is no value; an empty `<t/>` is the empty string.
 */
class StringItem {
  private text: string | null = null;
  private inT = false;
  private phonetic = 0;

  start(): void {
    this.text = null;
    this.inT = false;
    this.phonetic = 0;
  }
  open(name: string): void {
    if (name === 'rPh') this.phonetic++;
    else if (name === 't' && this.phonetic === 0) {
      this.inT = true;
      if (this.text === null) this.text = '';
    }
  }
  close(name: string): void {
    if (name === 'rPh') this.phonetic--;
    else if (name === 't') this.inT = false;
  }
  add(value: string): void {
    if (this.inT) this.text += value;
  }
  value(): string | undefined {
    return this.text ?? undefined;
  }
}

/**
 * The shared strings table, held in memory (the sheet refers to it by index): bounded by the entry's size
 * (`checkInMemoryEntry`). Empty strings are kept as such; the reader turns them into no value.
 */
async function readSharedStrings(
  source: RandomAccessSource,
  entry: ZipEntry | undefined,
): Promise<(string | undefined)[]> {
  const strings: (string | undefined)[] = [];
  if (!entry) return strings;
  const item = new StringItem();
  let inItem = false;
  await scanEntry(source, entry, {
    open(name) {
      if (name === 'si') {
        inItem = true;
        item.start();
      } else if (inItem) item.open(name);
    },
    close(name) {
      if (name === 'si') {
        inItem = false;
        strings.push(item.value());
      } else if (inItem) item.close(name);
    },
    text(value) {
      if (inItem) item.add(value);
    },
  });
  return strings;
}

interface OpenCell {
  ref: string | undefined;
  style: number;
  type: string | undefined;
  /** The text of `<v>`, or null when the cell has none. */
  v: string | null;
  formula: boolean;
}

/**
 * Reads the first worksheet of an XLSX (first in the workbook's order; without a usable workbook part, the
 * first worksheet in the archive) row by row, streaming its XML — only the shared strings and the styles are
 * held — and hands the rows to `sink`: strings, numbers, booleans, Dates (numbers in a date format), formula
 * results (the cached value), error codes as text (`#N/A`), the sheet's own row numbers (blank rows skipped
 * keep the numbering right). The sheet's first `<row>` is the header. Empty cells and empty strings are no
 * value (`undefined`). The archive is read through `source` by byte ranges, from its central directory, so
 * the order of the parts in the archive does not matter; the zip guard (`ZipLimits`) applies throughout.
 * Anything unreadable is an `UnreadableFileError` (one STR-010).
 */
export async function readXlsx(
  source: RandomAccessSource,
  sink: XlsxRowSink,
  opts: XlsxReadOptions = {},
): Promise<void> {
  const limits = opts.limits ?? DEFAULT_ZIP_LIMITS;
  const entries = await openZip(source, limits);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const workbookEntry = byName.get('xl/workbook.xml');
  const relsEntry = byName.get('xl/_rels/workbook.xml.rels');

  const workbook = await readWorkbook(source, workbookEntry);
  const rels = await readRelationships(source, relsEntry);
  const part = (type: string, fallback: string): ZipEntry | undefined => {
    for (const r of rels.values())
      if (r.type.endsWith(`/${type}`)) {
        const e = byName.get(resolveTarget(r.target));
        if (e) return e;
      }
    return byName.get(fallback);
  };
  const stylesEntry = part('styles', 'xl/styles.xml');
  const stringsEntry = part('sharedStrings', 'xl/sharedStrings.xml');
  if (stylesEntry) checkInMemoryEntry(stylesEntry, limits);
  if (stringsEntry) checkInMemoryEntry(stringsEntry, limits, true);

  const rId = workbook.firstSheet?.rId;
  const target = rId !== undefined ? rels.get(rId)?.target : undefined;
  const sheet =
    (target !== undefined ? byName.get(resolveTarget(target)) : undefined) ??
    entries.find((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name));
  // Every part not read is inflated once, to prove it holds what it declares (the zip guard) — first, so an
  // archive that lies is named as such even when it holds no worksheet.
  const read = new Set([workbookEntry, relsEntry, stylesEntry, stringsEntry, sheet]);
  for (const e of entries) if (!read.has(e)) await verifyEntry(source, e);
  if (!sheet) {
    for (const e of [stylesEntry, stringsEntry]) if (e) await verifyEntry(source, e);
    throw unreadable('format', 'XLSX 文件中没有工作表', 'the XLSX file has no worksheet');
  }
  const dateStyles = await readDateStyles(source, stylesEntry);
  const sharedStrings = await readSharedStrings(source, stringsEntry);

  let compressedRead = 0;
  const progress = () => opts.onProgress?.(Math.min(source.size, sheet.dataStart + compressedRead));

  let inRows = false;
  let row: { number: number; cells: CellValue[] } | null = null;
  let c: OpenCell | null = null;
  /** Collecting `<v>` (or, in a formula cell, `<f>` is skipped). */
  let inV = false;
  /** An inline string (`<is>`) being read. */
  let inline: StringItem | null = null;
  const inlineItem = new StringItem();
  let seenHeader = false;
  let lastRow = 0;

  const cellValue = (cell: OpenCell, inlineText: string | undefined): CellValue => {
    if (cell.type === 'inlineStr') return inlineText;
    const text = cell.v;
    if (text === null) return undefined;
    switch (cell.type) {
      case 's': {
        const i = Number(text);
        if (!Number.isInteger(i) || i < 0 || i >= sharedStrings.length)
          throw unreadable(
            'format',
            `XLSX 单元格 ${cell.ref ?? ''} 引用了不存在的共享字符串 ${text.slice(0, 16)}`,
            `XLSX cell ${cell.ref ?? ''} refers to a shared string that does not exist (${text.slice(0, 16)})`,
          );
        return sharedStrings[i];
      }
      case 'str':
      case 'e':
        return text;
      case 'b':
        return parseInt(text, 10) !== 0;
      case 'd':
        return isoDate(text);
      default: {
        if (text.trim() === '') return undefined;
        const n = Number(text);
        // a number cell that holds no number: its text, for the validator to name
        if (!Number.isFinite(n)) return text;
        return cell.style && dateStyles[cell.style] ? excelToDate(n, workbook.date1904) : n;
      }
    }
  };

  await scanEntry(
    source,
    sheet,
    {
      open(name, attrs) {
        if (inline) {
          inline.open(name);
          return;
        }
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
                v: null,
                formula: false,
              };
            break;
          case 'f':
            if (c) c.formula = true;
            break;
          case 'v':
            if (c) {
              inV = true;
              c.v = '';
            }
            break;
          case 'is':
            if (c) {
              inline = inlineItem;
              inline.start();
            }
            break;
        }
      },
      text(value) {
        if (inline) inline.add(value);
        else if (inV && c) c.v += value;
      },
      close(name) {
        if (inline) {
          if (name === 'is') inline = null;
          else inline.close(name);
          return;
        }
        switch (name) {
          case 'sheetData':
            inRows = false;
            break;
          case 'v':
            inV = false;
            break;
          case 'row':
            if (row) {
              lastRow = row.number;
              if (!seenHeader) {
                seenHeader = true;
                sink.header(row.cells);
              } else sink.row(row.cells, row.number);
              row = null;
            }
            break;
          case 'c':
            if (row && c) {
              const value = cellValue(c, c.type === 'inlineStr' ? inlineItem.value() : undefined);
              const col = columnOf(c.ref);
              if (value !== undefined && value !== null && value !== '') row.cells[col - 1] = value;
              else if (col <= row.cells.length) row.cells[col - 1] = undefined;
              c = null;
            }
            break;
        }
      },
    },
    {
      onCompressed: (bytes) => {
        compressedRead += bytes;
      },
      afterChunk: () => {
        progress();
        return sink.drain?.();
      },
    },
  );
  progress();
}
