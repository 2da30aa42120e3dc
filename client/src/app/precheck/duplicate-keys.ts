import {
  callbackKey,
  cellText,
  codePointLength,
  columnPattern,
  columnsOf,
  detectPii,
  duplicateKeyIssue,
  isEmptyCell,
  parseEnumValue,
  resolveHeader,
  type CellValue,
  type ColumnDef,
  type Issue,
  type TypedRecord,
} from '@portal/reporting-standard';

type KeyedKind = 'callbacks' | 'complaints';

/**
 * STR-005 for files of millions of rows, exactly as the library's tracker (and the server's set-based check
 * in SQL) finds it, in a fraction of the memory. The library's `DuplicateKeyTracker` keeps every key as a
 * JavaScript string in a Map — about 340 bytes a row here, 3 GB for a 10-million-row file, more than a
 * browser worker may use. This keeps the keys as UTF-8 bytes in one growing buffer with an open-addressing
 * table beside it (under 100 bytes a row, outside the JavaScript heap), and compares whole keys, so nothing
 * is guessed from a hash.
 *
 * Which rows have a key follows the library: a row with a typed record has the key of its record; a row with
 * a data error still has one when its key columns themselves are valid (read here as the library reads
 * them: text trimmed, no PII, within length and pattern; an enumeration code or label; an empty `case_no`
 * counts as empty). `duplicate-keys.spec.ts` checks this against the library's own tracker.
 */
export class DuplicateKeys {
  private readonly parts: readonly { def: ColumnDef; position: number; optional: boolean }[];
  /** False when the header is unusable: the library then checks no rows, and no keys are tracked. */
  readonly usable: boolean;
  private readonly index = new CompactKeyIndex();

  constructor(
    readonly kind: KeyedKind,
    headerCells: readonly CellValue[],
  ) {
    const header = resolveHeader(kind, headerCells);
    const columns = columnsOf(kind);
    const keyColumns = kind === 'callbacks' ? ['callback_type', 'policy_no', 'case_no'] : ['complaint_no'];
    this.usable = header.usable;
    this.parts = keyColumns.map((key) => {
      const at = columns.findIndex((c) => c.key === key);
      return { def: columns[at], position: header.columnPositions[at], optional: key === 'case_no' };
    });
  }

  /**
   * The STR-005 issue of a row just checked by a `FileValidator` built with `trackDuplicates: false`, or
   * null: `record` is its `lastRecord`, `hadIssues` whether it had any issue.
   */
  check(
    cells: readonly CellValue[],
    rowNo: number,
    record: TypedRecord | null,
    hadIssues: boolean,
  ): Issue | null {
    if (!this.usable) return null;
    let key: string | null = null;
    if (record) {
      const r = record as unknown as Record<string, string | null>;
      key =
        this.kind === 'callbacks'
          ? callbackKey(r['callback_type'] as string, r['policy_no'] as string, r['case_no'] || null)
          : (r['complaint_no'] as string);
    } else if (hadIssues) {
      const parts = this.ofErrorRow(cells);
      if (parts)
        key = this.kind === 'callbacks' ? callbackKey(parts[0], parts[1], parts[2] || null) : parts[0];
    }
    if (key === null) return null;
    const first = this.index.firstRowOf(key, rowNo);
    return first < 0 ? null : duplicateKeyIssue(this.kind, rowNo, key, first);
  }

  /** Bytes held for the keys (for measurements). */
  get bytes(): number {
    return this.index.bytes;
  }

  private ofErrorRow(cells: readonly CellValue[]): string[] | null {
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

function readKeyCell(def: ColumnDef, raw: CellValue): string | null {
  const s = typeof raw === 'string' ? raw.trim() : cellText(raw);
  if (def.type === 'enum') return def.enumDef ? (parseEnumValue(def.enumDef, s) ?? null) : null;
  if (def.piiScan && detectPii(s) !== null) return null;
  const max = def.maxLength ?? Number.MAX_SAFE_INTEGER;
  if (s.length > max && codePointLength(s) > max) return null;
  const pattern = columnPattern(def);
  if (pattern && !pattern.test(s)) return null;
  return s;
}

/**
 * A set of strings, each remembered with the first row it was seen in: UTF-8 bytes in one buffer, an
 * open-addressing table (linear probing, FNV-1a hashes) of entry numbers, parallel typed arrays per entry.
 */
export class CompactKeyIndex {
  private arena = new Uint8Array(1 << 16);
  private used = 0;
  private offsets = new Uint32Array(1024);
  private lengths = new Uint32Array(1024);
  private hashes = new Uint32Array(1024);
  private rows = new Uint32Array(1024);
  private count = 0;
  private slots = new Int32Array(2048).fill(-1);
  private scratch = new Uint8Array(256);
  private readonly encoder = new TextEncoder();

  get size(): number {
    return this.count;
  }

  get bytes(): number {
    return (
      this.arena.byteLength +
      this.offsets.byteLength +
      this.lengths.byteLength +
      this.hashes.byteLength +
      this.rows.byteLength +
      this.slots.byteLength
    );
  }

  /** The first row of `key` when it was seen before; otherwise remembers `row` for it and returns -1. */
  firstRowOf(key: string, row: number): number {
    const n = this.encode(key);
    const bytes = this.scratch;
    let h = 0x811c9dc5;
    for (let i = 0; i < n; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
    h >>>= 0;
    const mask = this.slots.length - 1;
    let slot = h & mask;
    for (;;) {
      const e = this.slots[slot];
      if (e < 0) break;
      if (this.hashes[e] === h && this.lengths[e] === n && this.same(this.offsets[e], n)) return this.rows[e];
      slot = (slot + 1) & mask;
    }
    if (this.count === this.offsets.length) this.growEntries();
    if (this.used + n > this.arena.length) this.growArena(this.used + n);
    const e = this.count++;
    this.arena.set(bytes.subarray(0, n), this.used);
    this.offsets[e] = this.used;
    this.lengths[e] = n;
    this.hashes[e] = h;
    this.rows[e] = row;
    this.used += n;
    this.slots[slot] = e;
    if (this.count * 2 > this.slots.length) this.rehash();
    return -1;
  }

  private encode(key: string): number {
    for (;;) {
      const { read, written } = this.encoder.encodeInto(key, this.scratch);
      if (read === key.length) return written;
      this.scratch = new Uint8Array(Math.max(this.scratch.length * 2, key.length * 3));
    }
  }

  private same(offset: number, n: number): boolean {
    const a = this.arena;
    const b = this.scratch;
    for (let i = 0; i < n; i++) if (a[offset + i] !== b[i]) return false;
    return true;
  }

  private growEntries(): void {
    const size = this.offsets.length * 2;
    const grow = (a: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> => {
      const b = new Uint32Array(size);
      b.set(a);
      return b;
    };
    this.offsets = grow(this.offsets);
    this.lengths = grow(this.lengths);
    this.hashes = grow(this.hashes);
    this.rows = grow(this.rows);
  }

  private growArena(needed: number): void {
    let size = this.arena.length * 2;
    while (size < needed) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.arena.subarray(0, this.used));
    this.arena = next;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let e = 0; e < this.count; e++) {
      let slot = this.hashes[e] & mask;
      while (slots[slot] >= 0) slot = (slot + 1) & mask;
      slots[slot] = e;
    }
    this.slots = slots;
  }
}
