import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import {
  CsvParser,
  DEFAULT_ZIP_LIMITS,
  MAX_RECORD_CHARS,
  sniffFormat,
  SNIFF_BYTES,
  type SniffedFormat,
  TextDecoding,
  type TextEncoding,
  unreadable,
  UnreadableFileError,
  type ZipLimits,
} from '@portal/file-formats';
import type { RowSink } from './row-sink';
import { readXlsx } from './xlsx-rows';

export interface ReadOptions {
  /** Bound on the decompressed size of a gzip file (a gzip bomb is STR-010, not a full disk of rows). */
  readonly maxInflatedBytes?: number;
  readonly maxRecordChars?: number;
  readonly zipLimits?: ZipLimits;
}

export interface ReadResult {
  readonly format: SniffedFormat | 'csv.gz';
  /** The CSV text encoding (null for XLSX, and for CSV that was pure ASCII). */
  readonly encoding: TextEncoding | null;
}

export const DEFAULT_MAX_INFLATED_BYTES = 64 * 1024 ** 3;
/**
 * Bytes per read. Kept below V8's large-object threshold (128 KiB), so that the decoded text and the strings
 * cut from it are young-generation garbage collected at once, rather than old-generation objects that let the
 * heap (and the RSS) grow until a full collection.
 */
const READ_CHUNK = 64 * 1024;

/**
 * Reads an uploaded file from disk and hands its rows to `sink`, in constant memory whatever its size.
 * Format by content (gzip → CSV inside, zip → XLSX, otherwise CSV text); CSV encoding detected (UTF-8 or
 * GB18030); anything unreadable is an `UnreadableFileError` (→ one STR-010), thrown as soon as it is seen.
 */
export async function readRows(path: string, sink: RowSink, opts: ReadOptions = {}): Promise<ReadResult> {
  const head = await readHead(path);
  const format = sniffFormat(head);
  if (format === 'xlsx') {
    await readXlsx(path, sink, opts.zipLimits ?? DEFAULT_ZIP_LIMITS);
    return { format, encoding: null };
  }
  const file = createReadStream(path, { highWaterMark: READ_CHUNK });
  if (format === 'csv') {
    const encoding = await readCsvText(file, sink, opts);
    return { format, encoding };
  }
  const gunzip = createGunzip({ chunkSize: READ_CHUNK });
  file.on('error', (e) => gunzip.destroy(e));
  file.pipe(gunzip);
  try {
    const encoding = await readCsvText(gunzip, sink, opts, true);
    return { format: 'csv.gz', encoding };
  } finally {
    file.destroy();
    gunzip.destroy();
  }
}

async function readHead(path: string): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function readCsvText(
  input: Readable,
  sink: RowSink,
  opts: ReadOptions,
  gzipped = false,
): Promise<TextEncoding | null> {
  const maxInflated = opts.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES;
  const decoding = new TextDecoding();
  let rowNo = 0;
  const parser = new CsvParser((cells) => {
    rowNo++;
    if (rowNo === 1) sink.header(cells);
    else sink.row(cells, rowNo);
  }, opts.maxRecordChars ?? MAX_RECORD_CHARS);
  const feed = (text: string) => {
    if (text.length === 0) return;
    if (text.indexOf('\0') >= 0)
      throw unreadable(
        'format',
        '文件含有 NUL 字符（二进制数据？）',
        'the file holds NUL characters (binary data?)',
      );
    parser.push(text);
  };

  let bytes = 0;
  let head: Buffer | null = gzipped ? Buffer.alloc(0) : null;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (gzipped && bytes > maxInflated)
        throw unreadable(
          'format',
          `gzip 解压后超过 ${Math.round(maxInflated / 1024 ** 3)} GB（疑似压缩炸弹）`,
          `the gzip data inflates to more than ${Math.round(maxInflated / 1024 ** 3)} GB (gzip bomb?)`,
        );
      let data = chunk;
      if (head !== null) {
        // The decompressed content is sniffed like an upload: only CSV text may be inside.
        head = Buffer.concat([head, chunk]);
        if (head.length < SNIFF_BYTES) continue;
        checkGzipContent(head);
        data = head;
        head = null;
      }
      feed(decoding.push(data));
      await sink.drain();
    }
    if (head !== null) {
      if (head.length === 0) return null;
      checkGzipContent(head);
      feed(decoding.push(head));
    }
    feed(decoding.end());
    parser.end();
  } catch (e) {
    if (e instanceof UnreadableFileError) throw e;
    const code = (e as { code?: string }).code;
    if (gzipped && typeof code === 'string' && code.startsWith('Z_'))
      throw unreadable(
        'format',
        'gzip 压缩数据损坏或不完整（文件被截断？）',
        'the gzip data is corrupt or incomplete (truncated file?)',
      );
    throw e;
  }
  return decoding.encoding;
}

function checkGzipContent(head: Buffer): void {
  const inner = sniffFormat(head);
  if (inner === 'gzip')
    throw unreadable('format', 'gzip 文件内又是 gzip 文件', 'a gzip file inside a gzip file');
  if (inner === 'xlsx')
    throw unreadable(
      'format',
      'gzip 内是 XLSX 文件：请直接上传 .xlsx',
      'an XLSX file inside gzip: upload the .xlsx itself',
    );
}
