/**
 * A streaming-friendly check of a whole file: header once, then rows one at a time, then a summary with
 * exact counts per rule. Nothing of the file is kept except the duplicate keys (optional).
 *
 * Division of work with the readers (CSV/XLSX/gzip, encoding detection), which live outside this library:
 * - a reader that cannot read the bytes (not CSV/XLSX/gzip, unknown encoding, broken quoting) reports it
 *   through `fileProblem(variant, reason)` — STR-010, one issue, and stops;
 * - this class reports what it can see: no header at all (`finish()` without `header()`: STR-010 `empty`),
 *   a first row that names no column (STR-010 `noHeader`), a profile without its data row (STR-010 `noRows`),
 *   and a callbacks/complaints file with a header but no data rows (WARN-002, does not block: an insurer may
 *   really have had no complaints in a half year).
 * Rows whose cells are all empty are skipped (not counted, no issue), as spreadsheets often end with them.
 * When the header is unusable (a required column missing, a duplicated column, no header), rows are counted
 * but not checked: their issues would only repeat the header problem.
 */
import { findRule, ruleApplies } from './catalog';
import type { RowContext } from './context';
import { DuplicateKeyTracker } from './duplicates';
import { EMPTY_HEADER, resolveHeader, type HeaderResolution } from './header';
import { makeIssue } from './issues';
import { cellText, isEmptyCell } from './parsers';
import type { TypedRecord } from './records';
import type { CellValue, Issue, Kind, Severity } from './types';
import { checkScratchRow, lastKey, lastRecord, prepareContext, rawScratch } from './validate-row';

export interface FileSummary {
  /** Data rows seen (blank rows excluded). */
  readonly rows: number;
  /** Issues per rule code; one issue per row per rule, so for row rules these are row counts. */
  readonly countsByRule: Readonly<Record<string, number>>;
  /** Issues by severity (the sum of `countsByRule` over the rules of that severity). */
  readonly errors: number;
  readonly warnings: number;
  readonly findings: number;
  /** File-level issues raised by `finish()` itself (already counted above). */
  readonly finishIssues: readonly Issue[];
}

export type FileProblem = 'format' | 'encoding' | 'quoting' | 'other';

export interface FileValidatorOptions {
  /** Keep keys in memory for STR-005 (default true; the server may check duplicates in SQL instead). */
  readonly trackDuplicates?: boolean;
}

const NO_ISSUES: readonly Issue[] = Object.freeze([]) as readonly Issue[];

export class FileValidator {
  private resolution: HeaderResolution | null = null;
  private readonly duplicates: DuplicateKeyTracker | null;
  private readonly counts: Record<string, number> = Object.create(null);
  private errors = 0;
  private warnings = 0;
  private findings = 0;
  private dataRows = 0;
  private nextRow = 2;
  private record: TypedRecord | null = null;
  private finished = false;
  /** Positions of non-empty cells without a column (empty header cells). */
  private headerless: readonly number[] = [];
  private fatal = false;

  constructor(
    readonly kind: Kind,
    private readonly ctx: RowContext,
    options: FileValidatorOptions = {},
  ) {
    prepareContext(ctx);
    this.duplicates = options.trackDuplicates === false ? null : new DuplicateKeyTracker(kind);
  }

  /** Resolves the header row (row 1). Returns its issues. */
  header(cells: readonly CellValue[]): Issue[] {
    if (this.resolution) throw new Error('FileValidator.header() called twice');
    const res = resolveHeader(this.kind, cells);
    this.resolution = res;
    this.headerless = res.positions.flatMap((p, i) => (p === EMPTY_HEADER ? [i] : []));
    this.count(res.issues);
    return res.issues;
  }

  /**
   * Checks one data row, given as the cells in header order. `rowNo` defaults to the row after the
   * previous one (an xlsx reader that skips blank rows should pass the sheet's row number).
   * Returns the row's issues; the typed record is then in `lastRecord`.
   */
  row(cells: readonly CellValue[], rowNo?: number): readonly Issue[] {
    const res = this.resolution;
    if (!res) throw new Error('FileValidator.row() before header()');
    const row = rowNo ?? this.nextRow;
    this.nextRow = row + 1;
    this.record = null;
    let blank = true;
    for (let p = 0; p < cells.length; p++) {
      if (!isEmptyCell(cells[p])) {
        blank = false;
        break;
      }
    }
    if (blank) return NO_ISSUES;
    this.dataRows++;
    if (!res.usable) return NO_ISSUES;

    const raw = rawScratch(this.kind);
    const positions = res.columnPositions;
    for (let i = 0; i < positions.length; i++) {
      const p = positions[i];
      raw[i] = p >= 0 && p < cells.length ? cells[p] : undefined;
    }
    let issues = checkScratchRow(this.kind, this.ctx, row);
    this.record = lastRecord(this.kind);

    const extra = this.extraCell(cells, res.positions.length);
    if (extra >= 0) {
      const issue = makeIssue(row, null, cellText(cells[extra]), 'STR-002', 'error', {
        variant: 'noHeader',
        position: extra + 1,
      });
      (issues ??= []).unshift(issue);
      this.record = null;
    }

    if (this.duplicates) {
      const key = lastKey(this.kind);
      if (key !== null) {
        const dup = this.duplicates.check(key, row);
        if (dup) {
          (issues ??= []).push(dup);
          this.record = null;
        }
      }
    }
    if (issues === null) return NO_ISSUES;
    this.count(issues);
    return issues;
  }

  /** The first non-empty cell without a column header, or -1. */
  private extraCell(cells: readonly CellValue[], headerLength: number): number {
    for (const p of this.headerless) if (p < cells.length && !isEmptyCell(cells[p])) return p;
    for (let p = headerLength; p < cells.length; p++) if (!isEmptyCell(cells[p])) return p;
    return -1;
  }

  /** The typed record of the last row (null when it had a data error, a duplicate key, or was blank). */
  get lastRecord(): TypedRecord | null {
    return this.record;
  }

  /** Rows seen so far (blank rows excluded). */
  get rows(): number {
    return this.dataRows;
  }

  /** For a reader that cannot read the file: STR-010, counted like any other issue. */
  fileProblem(variant: FileProblem, reason: string): Issue {
    const issue = makeIssue(
      null,
      null,
      null,
      'STR-010',
      'error',
      variant === 'other' ? { reason } : { variant, reason },
    );
    this.fatal = true;
    this.count([issue]);
    return issue;
  }

  /** Ends the file and returns the summary. */
  finish(): FileSummary {
    if (this.finished) throw new Error('FileValidator.finish() called twice');
    this.finished = true;
    const finishIssues: Issue[] = [];
    if (!this.fatal) {
      if (!this.resolution) {
        finishIssues.push(
          makeIssue(null, null, null, 'STR-010', 'error', { variant: 'empty', kind: this.kind }),
        );
      } else if (this.resolution.usable && this.dataRows === 0) {
        if (this.kind === 'profile') {
          finishIssues.push(
            makeIssue(null, null, null, 'STR-010', 'error', { variant: 'noRows', kind: this.kind }),
          );
        } else {
          const warn = findRule(this.ctx.catalog, 'WARN-002');
          if (warn && ruleApplies(warn, this.ctx.period))
            finishIssues.push(makeIssue(null, null, null, 'WARN-002', warn.severity, { kind: this.kind }));
        }
      }
    }
    this.count(finishIssues);
    return {
      rows: this.dataRows,
      countsByRule: { ...this.counts },
      errors: this.errors,
      warnings: this.warnings,
      findings: this.findings,
      finishIssues,
    };
  }

  private count(issues: readonly Issue[]): void {
    for (let k = 0; k < issues.length; k++) {
      const issue = issues[k];
      this.counts[issue.rule] = (this.counts[issue.rule] ?? 0) + 1;
      const s: Severity = issue.severity;
      if (s === 'error') this.errors++;
      else if (s === 'warning') this.warnings++;
      else this.findings++;
    }
  }
}

/** STR-010 for a reader that fails before any validator exists. */
export function fileProblemIssue(variant: FileProblem | 'empty', reason?: string): Issue {
  return makeIssue(
    null,
    null,
    null,
    'STR-010',
    'error',
    variant === 'other' ? { reason: reason ?? '' } : { variant, reason: reason ?? '' },
  );
}
