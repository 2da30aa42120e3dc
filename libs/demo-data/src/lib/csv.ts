/**
 * CSV writing: RFC 4180 quoting, English or Chinese headers, optional Chinese enumeration labels,
 * and a writer that honours stream backpressure (awaits 'drain'), so any number of rows streams in
 * constant memory.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { once } from 'node:events';
import { LIST_COLUMNS, ZH_HEADERS, ZH_VALUE_LABELS } from './standard';

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field: quoted when it holds a comma, a quote, CR or LF; quotes doubled. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(cells: readonly string[], eol = '\r\n'): string {
  let s = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) s += ',';
    s += csvField(cells[i]);
  }
  return s + eol;
}

export interface CsvOptions {
  /** column keys in output order; default: the keys of the first row */
  columns?: readonly string[];
  /** header names: the English keys (default) or the standard's 中文列名 */
  headers?: 'en' | 'zh';
  /** write enumeration values and booleans as their Chinese labels (是/否, 新单回访, …) */
  zhLabels?: boolean;
  /** line ending, default CRLF (RFC 4180) */
  eol?: string;
  /** start with a UTF-8 byte order mark */
  bom?: boolean;
  /** characters buffered before each stream.write (default 64 KiB) */
  chunkSize?: number;
  /** called after each chunk is handed to the stream, with the rows written so far */
  onProgress?: (rows: number) => void;
}

export interface CsvWriteResult {
  rows: number;
}

function labelValue(column: string, value: string): string {
  const labels = ZH_VALUE_LABELS[column];
  if (!labels || value === '') return value;
  if (LIST_COLUMNS.has(column)) {
    return value
      .split(';')
      .map((v) => labels[v] ?? v)
      .join(';');
  }
  return labels[value] ?? value;
}

/** The header line for `columns`. */
export function csvHeader(
  columns: readonly string[],
  opts: Pick<CsvOptions, 'headers' | 'eol'> = {},
): string {
  const names = opts.headers === 'zh' ? columns.map((c) => ZH_HEADERS[c] ?? c) : columns;
  return csvLine(names, opts.eol ?? '\r\n');
}

/** Formats one row (a record keyed by column) as a CSV line. */
export function csvRow(
  row: Readonly<Record<string, string>>,
  columns: readonly string[],
  opts: Pick<CsvOptions, 'zhLabels' | 'eol'> = {},
): string {
  const eol = opts.eol ?? '\r\n';
  let s = '';
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i];
    let v = row[c] ?? '';
    if (opts.zhLabels) v = labelValue(c, v);
    if (i > 0) s += ',';
    s += NEEDS_QUOTES.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }
  return s + eol;
}

/**
 * Writes rows as CSV to `stream`, waiting for 'drain' whenever `write` returns false. Does not end
 * the stream. Works with sync and async iterables.
 */
export async function writeCsv(
  rows: Iterable<Readonly<Record<string, string>>> | AsyncIterable<Readonly<Record<string, string>>>,
  stream: Writable,
  opts: CsvOptions = {},
): Promise<CsvWriteResult> {
  const eol = opts.eol ?? '\r\n';
  const chunkSize = opts.chunkSize ?? 65536;
  let columns = opts.columns;
  let buf = opts.bom ? '\ufeff' : '';
  let count = 0;
  if (columns) buf += csvHeader(columns, { headers: opts.headers, eol });

  const flush = async (): Promise<void> => {
    const chunk = buf;
    buf = '';
    if (!stream.write(chunk)) await once(stream, 'drain');
    opts.onProgress?.(count);
  };

  for await (const row of rows as AsyncIterable<Readonly<Record<string, string>>>) {
    if (!columns) {
      columns = Object.keys(row);
      buf += csvHeader(columns, { headers: opts.headers, eol });
    }
    buf += csvRow(row, columns, { zhLabels: opts.zhLabels, eol });
    count++;
    if (buf.length >= chunkSize) await flush();
  }
  if (buf.length > 0 || count === 0) await flush();
  return { rows: count };
}

/** Synchronous helper for tests and small files. */
export function toCsvString(rows: Iterable<Readonly<Record<string, string>>>, opts: CsvOptions = {}): string {
  const eol = opts.eol ?? '\r\n';
  let columns = opts.columns;
  let out = opts.bom ? '\ufeff' : '';
  if (columns) out += csvHeader(columns, { headers: opts.headers, eol });
  for (const row of rows) {
    if (!columns) {
      columns = Object.keys(row);
      out += csvHeader(columns, { headers: opts.headers, eol });
    }
    out += csvRow(row, columns, { zhLabels: opts.zhLabels, eol });
  }
  return out;
}

export interface FileSink {
  /** write CSV text here (the head of the pipeline: gzip or the file) */
  stream: Writable;
  /** ends the stream, waits until every byte is on disk; returns size and sha256 of the file */
  finish(): Promise<{ bytes: number; sha256: string }>;
}

/** Opens `path` for writing (creating directories), optionally gzip-compressed, hashing the bytes written. */
export async function openFileSink(path: string, opts: { gzip?: boolean } = {}): Promise<FileSink> {
  await mkdir(dirname(path), { recursive: true });
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  const file = createWriteStream(path);
  const gzip = opts.gzip ? createGzip() : null;
  const head: Writable = gzip ?? tap;
  const done = gzip ? pipeline(gzip, tap, file) : pipeline(tap, file);
  // keep an early failure from becoming an unhandled rejection before finish() is awaited
  done.catch(() => undefined);
  return {
    stream: head,
    async finish() {
      head.end();
      await done;
      return { bytes, sha256: hash.digest('hex') };
    },
  };
}
