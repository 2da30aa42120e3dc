import {
  CsvParser,
  MAX_RECORD_CHARS,
  sniffFormat,
  SNIFF_BYTES,
  TextDecoding,
  type TextEncoding,
  unreadable,
} from '@portal/file-formats';
import type { ReadOptions, RowSink } from './row-sink';

export const DEFAULT_MAX_INFLATED_BYTES = 64 * 1024 ** 3;

/**
 * Reads a CSV file (plain or gzip-compressed: `gzipped`) from a Blob and hands its rows to `sink`, in
 * constant memory whatever its size: `Blob.stream()` → `DecompressionStream('gzip')` (for .gz) → encoding
 * detection (UTF-8, else GB18030) → the streaming CSV parser. Anything unreadable is an `UnreadableFileError`
 * (one STR-010), thrown as soon as it is seen. Returns the text encoding (null for pure ASCII).
 */
export async function readCsv(
  file: Blob,
  gzipped: boolean,
  sink: RowSink,
  opts: ReadOptions = {},
): Promise<TextEncoding | null> {
  const maxInflated = opts.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES;
  let fileBytes = 0;
  const counted = file.stream().pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        fileBytes += chunk.length;
        controller.enqueue(chunk);
      },
    }),
  );
  const input: ReadableStream<Uint8Array> = gzipped
    ? counted.pipeThrough(
        new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>,
      )
    : counted;

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

  const reader = input.getReader();
  let bytes = 0;
  // gzip: the decompressed content is sniffed like an upload, only CSV text may be inside
  let head: Uint8Array | null = gzipped ? new Uint8Array(0) : null;
  try {
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await reader.read();
      } catch (e) {
        // corrupt or truncated gzip data (a TypeError in browsers, a zlib error in Node); a file that cannot
        // be read at all (moved, permissions) is a DOMException and not a problem of its content
        if (gzipped && !(e instanceof DOMException))
          throw unreadable(
            'format',
            'gzip 压缩数据损坏或不完整（文件被截断？）',
            'the gzip data is corrupt or incomplete (truncated file?)',
          );
        throw e;
      }
      if (step.done) break;
      const chunk = step.value;
      bytes += chunk.length;
      if (gzipped && bytes > maxInflated) {
        const gb = Math.round(maxInflated / 1024 ** 3);
        throw unreadable(
          'format',
          `gzip 解压后超过 ${gb} GB（疑似压缩炸弹）`,
          `the gzip data inflates to more than ${gb} GB (gzip bomb?)`,
        );
      }
      let data = chunk;
      if (head !== null) {
        head = join(head, chunk);
        if (head.length < SNIFF_BYTES) continue;
        checkGzipContent(head);
        data = head;
        head = null;
      }
      feed(decoding.push(data));
      opts.onChunk?.({ bytesRead: fileBytes });
    }
    if (head !== null) {
      if (head.length === 0) return null;
      checkGzipContent(head);
      feed(decoding.push(head));
    }
    feed(decoding.end());
    parser.end();
    opts.onChunk?.({ bytesRead: fileBytes });
  } catch (e) {
    await reader.cancel().catch(() => undefined);
    throw e;
  }
  return decoding.encoding;
}

function join(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function checkGzipContent(head: Uint8Array): void {
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
