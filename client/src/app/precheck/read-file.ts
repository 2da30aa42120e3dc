import { readCsv } from './read-csv';
import type { ReadOptions, RowSink } from './row-sink';
import { blobSource, readXlsx, sniffFormat, SNIFF_BYTES, type TextEncoding } from '@portal/file-formats';

export interface ReadResult {
  readonly format: 'csv' | 'csv.gz' | 'xlsx';
  /** The CSV text encoding (null for XLSX, and for CSV that was pure ASCII). */
  readonly encoding: TextEncoding | null;
}

/**
 * Reads any accepted file and hands its rows to `sink`, as the server's `readRows` does: the format is
 * decided by content (gzip → CSV inside, zip → XLSX, otherwise CSV text), never by the file name. Anything
 * unreadable is an `UnreadableFileError` (one STR-010), thrown as soon as it is seen.
 */
export async function readFile(file: Blob, sink: RowSink, opts: ReadOptions = {}): Promise<ReadResult> {
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  const format = sniffFormat(head);
  if (format === 'xlsx') {
    await readXlsx(blobSource(file), sink, {
      onProgress: opts.onChunk && ((bytesRead) => opts.onChunk?.({ bytesRead })),
    });
    return { format, encoding: null };
  }
  const encoding = await readCsv(file, format === 'gzip', sink, opts);
  return { format: format === 'gzip' ? 'csv.gz' : 'csv', encoding };
}
