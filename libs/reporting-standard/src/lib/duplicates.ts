/**
 * STR-005: duplicate keys within a file.
 * - callbacks: (callback_type, policy_no, case_no) — an absent case_no counts as empty;
 * - complaints: complaint_no;
 * - profile: one data row per file, so every row has the same key and a second row is STR-005
 *   (`params.variant = 'profile'`).
 * Keys compare exactly (policy numbers are case-sensitive identifiers).
 *
 * The browser pre-check keeps every key in memory (about 100 bytes per row); the server runs the same check
 * set-based in SQL for huge files.
 */
import { makeIssue } from './issues';
import type { RecordByKind, TypedRecord } from './records';
import type { Issue, Kind } from './types';

const SEP = '\u001f';

/** The key of a callbacks row from its parts. */
export function callbackKey(callbackType: string, policyNo: string, caseNo: string | null): string {
  return callbackType + SEP + policyNo + SEP + (caseNo ?? '');
}

/** The STR-005 key of a typed record. */
export function recordKey<K extends Kind>(kind: K, record: RecordByKind[K]): string;
export function recordKey(kind: Kind, record: TypedRecord): string;
export function recordKey(kind: Kind, record: TypedRecord): string {
  switch (kind) {
    case 'callbacks': {
      const r = record as RecordByKind['callbacks'];
      return callbackKey(r.callback_type, r.policy_no, r.case_no);
    }
    case 'complaints':
      return (record as RecordByKind['complaints']).complaint_no;
    case 'profile':
      return '';
  }
}

/** The key as shown in a message: `new_business / P-001 / C-9`. */
export function displayKey(key: string): string {
  return key
    .split(SEP)
    .filter((p) => p !== '')
    .join(' / ');
}

const KEY_COLUMN: Readonly<Record<Kind, string | null>> = {
  callbacks: 'policy_no',
  complaints: 'complaint_no',
  profile: null,
};
const KEY_COLUMNS: Readonly<Record<Kind, string>> = {
  callbacks: 'callback_type,policy_no,case_no',
  complaints: 'complaint_no',
  profile: '',
};

/**
 * The STR-005 issue for `row`, whose key was first seen in `firstRow`. The server's set-based check (SQL)
 * builds its issues with this too, so both report the same thing.
 */
export function duplicateKeyIssue(kind: Kind, row: number, key: string, firstRow: number): Issue {
  if (kind === 'profile')
    return makeIssue(row, null, null, 'STR-005', 'error', { variant: 'profile', firstRow });
  const shown = displayKey(key);
  return makeIssue(row, KEY_COLUMN[kind], shown, 'STR-005', 'error', {
    keyColumns: KEY_COLUMNS[kind],
    firstRow,
  });
}

/** Remembers the first row of every key; reports later rows with the same key. */
export class DuplicateKeyTracker {
  private readonly firstRow = new Map<string, number>();

  constructor(readonly kind: Kind) {}

  /** STR-005 naming the first row when `key` was seen before, else `null` (and the row is remembered). */
  check(key: string, row: number): Issue | null {
    const first = this.firstRow.get(key);
    if (first === undefined) {
      this.firstRow.set(key, row);
      return null;
    }
    return duplicateKeyIssue(this.kind, row, key, first);
  }

  get size(): number {
    return this.firstRow.size;
  }
}
