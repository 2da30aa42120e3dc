import {
  callbackKey,
  cellText,
  codePointLength,
  columnPattern,
  columnsOf,
  detectPii,
  isEmptyCell,
  parseEnumValue,
  resolveHeader,
  type CellValue,
  type ColumnDef,
  type Kind,
  type TypedRecord,
} from '@portal/reporting-standard';

/**
 * The STR-005 key of a row, for the set-based duplicate check in SQL (callbacks and complaints files can
 * hold ten million rows, too many keys to hold in memory).
 *
 * A row with a typed record has its key in the record table already. A row with a data error
 * has no record, yet the library's own tracker still counts its key when the key columns themselves are valid
 * (a later row repeating it is STR-005, and so is the erroneous row repeating an earlier one). For those rows
 * the key columns are read here exactly as the library reads them — text: trimmed, no PII, within length and
 * pattern; enum: a code or label; an empty `case_no` counts as empty. `row-keys.spec.ts` checks this against
 * the library's in-memory tracker, so the SQL check reports exactly the same STR-005 issues.
 */
export class RowKeys {
  private readonly parts: readonly { def: ColumnDef; position: number; optional: boolean }[];

  constructor(
    readonly kind: Exclude<Kind, 'profile'>,
    headerCells: readonly CellValue[],
  ) {
    const header = resolveHeader(kind, headerCells);
    const columns = columnsOf(kind);
    const keyColumns = kind === 'callbacks' ? ['callback_type', 'policy_no', 'case_no'] : ['complaint_no'];
    this.usable = header.usable;
    this.parts = keyColumns.map((key) => {
      const index = columns.findIndex((c) => c.key === key);
      return { def: columns[index], position: header.columnPositions[index], optional: key === 'case_no' };
    });
  }

  /** False when the header is unusable: the library then checks no rows, and no keys are tracked. */
  readonly usable: boolean;

  /** Key parts of a row without a typed record, or null when its key columns are not all valid. */
  ofErrorRow(cells: readonly CellValue[]): string[] | null {
    const out: string[] = [];
    for (const part of this.parts) {
      const raw = part.position >= 0 && part.position < cells.length ? cells[part.position] : undefined;
      if (isEmptyCell(raw)) {
        if (!part.optional) return null;
        out.push('');
        continue;
      }
      const value = readKeyCell(part.def, raw);
      if (value === null) return null;
      out.push(value);
    }
    return out;
  }
}

/** Key parts of a typed record (the same parts the SQL reads from the record table). */
export function keyPartsOfRecord(kind: Exclude<Kind, 'profile'>, record: TypedRecord): string[] {
  const r = record as unknown as Record<string, string | null>;
  return kind === 'callbacks'
    ? [r['callback_type'] as string, r['policy_no'] as string, r['case_no'] ?? '']
    : [r['complaint_no'] as string];
}

/** The library's key string of key parts (as `recordKey` builds it), for `duplicateKeyIssue`. */
export function keyOfParts(kind: Exclude<Kind, 'profile'>, parts: readonly string[]): string {
  return kind === 'callbacks' ? callbackKey(parts[0], parts[1], parts[2] || null) : parts[0];
}

function readKeyCell(def: ColumnDef, raw: CellValue): string | null {
  const s = typeof raw === 'string' ? raw.trim() : cellText(raw);
  if (def.type === 'enum') {
    return def.enumDef ? (parseEnumValue(def.enumDef, s) ?? null) : null;
  }
  if (def.piiScan && detectPii(s) !== null) return null;
  const max = def.maxLength ?? Number.MAX_SAFE_INTEGER;
  if (s.length > max && codePointLength(s) > max) return null;
  const pattern = columnPattern(def);
  if (pattern && !pattern.test(s)) return null;
  return s;
}
