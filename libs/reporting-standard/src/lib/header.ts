/**
 * Header row → columns. Each header cell may be the English key (case-insensitive) or the Chinese name
 * (full-width brackets accepted: `保险期间（月）`), in any order, with surrounding whitespace and a UTF-8 BOM
 * stripped.
 *
 * - STR-001: one issue naming every missing always-required column. Conditionally required and optional
 *   columns may be left out of the header; a row that needs a value of an absent conditional column then
 *   gets STR-006.
 * - STR-002: one issue per unknown column; a column given twice (`policy_no` and `保单号`) is STR-002 with
 *   `params.variant = 'duplicate'`. Empty header cells are ignored (spreadsheets often carry them).
 * - STR-010 (`noHeader`): the row has no cell at all, or not a single cell names a column of the kind —
 *   one message instead of one STR-002 per cell, because the first row is then data, not a header.
 */
import { columnsOf, type ColumnDef } from './columns';
import { foldForLookup } from './enums';
import { makeIssue } from './issues';
import { cellText } from './parsers';
import type { CellValue, Issue, Kind } from './types';

/** Position marker: the header cell is empty. */
export const EMPTY_HEADER = -2;
/** Position marker: the header cell is unknown or a duplicate (its values are ignored). */
export const IGNORED_HEADER = -1;

export interface HeaderResolution {
  readonly kind: Kind;
  /** Per header position: the index of the column in `columnsOf(kind)`, `IGNORED_HEADER` or `EMPTY_HEADER`. */
  readonly positions: readonly number[];
  /** Per column index of the kind: its header position, or -1 when the column is absent. */
  readonly columnPositions: readonly number[];
  /** Per header position: the column key, or null. */
  readonly keys: readonly (string | null)[];
  readonly issues: Issue[];
  /**
   * False when rows cannot be checked reliably (a required column is missing, a column is duplicated, or
   * there is no header): a file validator then counts rows without checking them.
   */
  readonly usable: boolean;
}

const lookupByKind = new Map<Kind, ReadonlyMap<string, number>>();

function lookupFor(kind: Kind): ReadonlyMap<string, number> {
  let map = lookupByKind.get(kind);
  if (!map) {
    const m = new Map<string, number>();
    columnsOf(kind).forEach((c, i) => {
      m.set(c.key, i);
      m.set(foldForLookup(c.key), i);
      m.set(c.header, i);
      m.set(foldForLookup(c.header), i);
    });
    lookupByKind.set(kind, (map = m));
  }
  return map;
}

/** The column a header cell names, or undefined. */
export function matchHeaderCell(kind: Kind, cell: CellValue): ColumnDef | undefined {
  const i = lookupFor(kind).get(normalizeHeaderCell(cell));
  return i === undefined ? undefined : columnsOf(kind)[i];
}

function normalizeHeaderCell(cell: CellValue): string {
  let s = cellText(cell);
  while (s.charCodeAt(0) === 0xfeff) s = s.slice(1).trim();
  return s;
}

export function resolveHeader(kind: Kind, cells: readonly CellValue[]): HeaderResolution {
  const columns = columnsOf(kind);
  const lookup = lookupFor(kind);
  const positions: number[] = new Array(cells.length).fill(EMPTY_HEADER);
  const columnPositions: number[] = new Array(columns.length).fill(-1);
  const keys: (string | null)[] = new Array(cells.length).fill(null);
  const issues: Issue[] = [];
  let nonEmpty = 0;
  let matched = 0;
  let duplicated = false;
  const unknown: Issue[] = [];

  for (let p = 0; p < cells.length; p++) {
    const text = normalizeHeaderCell(cells[p]);
    if (text.length === 0) continue;
    nonEmpty++;
    const i = lookup.get(text) ?? lookup.get(foldForLookup(text));
    if (i === undefined) {
      positions[p] = IGNORED_HEADER;
      unknown.push(
        makeIssue(1, null, text, 'STR-002', 'error', { variant: 'unknown', position: p + 1, kind }),
      );
      continue;
    }
    matched++;
    const key = columns[i].key;
    if (columnPositions[i] >= 0) {
      positions[p] = IGNORED_HEADER;
      duplicated = true;
      unknown.push(
        makeIssue(1, key, text, 'STR-002', 'error', {
          variant: 'duplicate',
          position: p + 1,
          firstPosition: columnPositions[i] + 1,
        }),
      );
      continue;
    }
    positions[p] = i;
    columnPositions[i] = p;
    keys[p] = key;
  }

  if (nonEmpty === 0 || matched === 0) {
    issues.push(makeIssue(1, null, null, 'STR-010', 'error', { variant: 'noHeader', kind }));
    return { kind, positions, columnPositions, keys, issues, usable: false };
  }

  const missing = columns
    .filter((c, i) => c.required === 'always' && columnPositions[i] < 0)
    .map((c) => c.key);
  if (missing.length > 0) {
    issues.push(
      makeIssue(1, null, null, 'STR-001', 'error', { columns: missing.join(','), count: missing.length }),
    );
  }
  issues.push(...unknown);
  return { kind, positions, columnPositions, keys, issues, usable: missing.length === 0 && !duplicated };
}
