/**
 * Words shared by every part of the reporting standard. Pure types: this library runs unchanged on the
 * server (Node) and in a browser Web Worker, so nothing here may depend on Node, Nest or Angular.
 */

/** The three kinds of file an insurer submits (REPORTING-STANDARD.md, "Files, encodings, periods"). */
export type Kind = 'callbacks' | 'complaints' | 'profile';
export const KINDS: readonly Kind[] = ['callbacks', 'complaints', 'profile'];

export type Lang = 'zh' | 'en';

/** A text in Chinese with its English variant. */
export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

/**
 * `error` blocks a submission, `warning` is suspicious but possible data, `finding` is well-formed data
 * showing that a rule was broken (never blocks).
 */
export type Severity = 'error' | 'warning' | 'finding';

/** One problem in a report. Row numbers are as in the file: header = 1, first data row = 2. */
export interface Issue {
  readonly row: number | null;
  readonly column: string | null;
  /** The offending value, always passed through `maskPii` (a PII value never appears in full). */
  readonly value: string | null;
  readonly rule: string;
  readonly severity: Severity;
  readonly params?: Readonly<Record<string, string | number>>;
}

/**
 * One cell as a reader delivers it: CSV gives strings; an xlsx reader may give numbers (also Excel serial
 * dates), booleans and Date objects (exceljs: UTC midnight of the calendar date).
 */
export type CellValue = string | number | boolean | Date | null | undefined;
