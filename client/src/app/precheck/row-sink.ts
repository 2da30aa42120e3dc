import type { CellValue } from '@portal/reporting-standard';

/** Where a reader hands the rows of a file: the header once, then every data row with its row number (header = 1). */
export interface RowSink {
  header(cells: CellValue[]): void;
  row(cells: CellValue[], rowNo: number): void;
}

export interface ReadProgress {
  /** Bytes of the file read so far (compressed bytes for .gz and .xlsx). */
  readonly bytesRead: number;
}

export interface ReadOptions {
  /** Bound on the decompressed size of a gzip file (a gzip bomb is STR-010). */
  readonly maxInflatedBytes?: number;
  readonly maxRecordChars?: number;
  /** Called after every chunk read. */
  readonly onChunk?: (p: ReadProgress) => void;
}
