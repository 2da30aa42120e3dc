import type { FileHandle } from 'node:fs/promises';
import type { RandomAccessSource } from '@portal/file-formats';

/**
 * An open file as a random-access source for the shared XLSX reader (`@portal/file-formats`): each read is
 * one positioned `FileHandle.read` of the range asked for, so the file is never loaded whole. The caller
 * opens and closes the handle.
 */
export function fileSource(fh: FileHandle, size: number): RandomAccessSource {
  return {
    size,
    async read(position, length) {
      const want = Math.max(0, Math.min(length, size - position));
      const buf = Buffer.allocUnsafeSlow(want);
      let done = 0;
      while (done < want) {
        const { bytesRead } = await fh.read(buf, done, want - done, position + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done === want ? buf : buf.subarray(0, done);
    },
  };
}
