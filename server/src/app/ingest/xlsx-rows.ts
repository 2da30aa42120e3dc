import { open } from 'node:fs/promises';
import { DEFAULT_ZIP_LIMITS, readXlsx as readXlsxSource, type ZipLimits } from '@portal/file-formats';
import { fileSource } from './file-source';
import type { RowSink } from './row-sink';

/**
 * Reads the first worksheet of the XLSX file at `path` row by row with the shared reader
 * (`@portal/file-formats`, the same code as the browser pre-check): the archive is read by byte ranges from
 * its central directory (the order of its parts does not matter), under the zip guard `limits`; the sheet's
 * XML is streamed, only its shared strings and styles are held. `sink.drain()` is awaited after each chunk.
 * Anything unreadable is an `UnreadableFileError` (one STR-010).
 */
export async function readXlsx(
  path: string,
  sink: RowSink,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<void> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    await readXlsxSource(fileSource(fh, size), sink, { limits });
  } finally {
    await fh.close();
  }
}
