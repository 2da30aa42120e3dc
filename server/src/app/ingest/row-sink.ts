import type { CellValue } from '@portal/reporting-standard';

/**
 * Where a reader hands the rows of a file: the header once, then every data row with its row number as in
 * the file (header = 1). `row` is synchronous (the hot path); the reader awaits `drain` between chunks so a
 * slow consumer (the COPY into PostgreSQL) holds the reading back — memory stays constant.
 */
export interface RowSink {
  header(cells: CellValue[]): void;
  row(cells: CellValue[], rowNo: number): void;
  drain(): void | Promise<void>;
}
