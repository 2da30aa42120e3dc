/**
 * A file read by byte ranges: what the zip reader needs (an XLSX is read from its central directory at the
 * end, then entry by entry wherever they are). The browser passes a `Blob` (`blobSource`), the server a
 * small adapter over `FileHandle.read` (server/src/app/ingest/file-source.ts), tests a `Uint8Array`
 * (`bytesSource`). Nothing here holds the whole file.
 */
export interface RandomAccessSource {
  /** Size of the file in bytes. */
  readonly size: number;
  /**
   * `length` bytes from `position`. May return fewer only at the end of the file; the reader treats a short
   * read inside the file as a truncated file. Errors (the file could not be read) propagate unchanged.
   */
  read(position: number, length: number): Promise<Uint8Array>;
}

/** A Blob (a browser `File`) as a random-access source: `Blob.slice` reads only the range asked for. */
export function blobSource(blob: Blob): RandomAccessSource {
  return {
    size: blob.size,
    read: async (position, length) =>
      new Uint8Array(await blob.slice(position, Math.min(blob.size, position + length)).arrayBuffer()),
  };
}

/** Bytes already in memory (tests, small files) as a random-access source. */
export function bytesSource(bytes: Uint8Array): RandomAccessSource {
  return {
    size: bytes.length,
    read: async (position, length) => bytes.subarray(position, Math.min(bytes.length, position + length)),
  };
}
