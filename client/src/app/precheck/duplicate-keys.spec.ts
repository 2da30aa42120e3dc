/**
 * @jest-environment node
 */
import { officialCalendar } from '@portal/calendar';
import {
  CATALOG_V1,
  FileValidator,
  periodFromCode,
  type CellValue,
  type Issue,
  type Kind,
  type RowContext,
} from '@portal/reporting-standard';
import { CompactKeyIndex, DuplicateKeys } from './duplicate-keys';
import { CALLBACK_KEYS, callbackCells, ORG_CODE } from './testing/callback-fixtures';

const ctx: RowContext = {
  period: periodFromCode('2026H1')!,
  uploadDate: '2026-07-10',
  orgCode: ORG_CODE,
  catalog: CATALOG_V1,
  workingDays: officialCalendar(),
};

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** STR-005 issues as the library's own tracker reports them, and as DuplicateKeys does. */
function both(kind: Exclude<Kind, 'profile'>, header: CellValue[], rows: CellValue[][]): [Issue[], Issue[]] {
  const library = new FileValidator(kind, ctx);
  library.header(header);
  const lib = rows.flatMap((cells, i) => library.row(cells, i + 2).filter((x) => x.rule === 'STR-005'));
  const v = new FileValidator(kind, ctx, { trackDuplicates: false });
  v.header(header);
  const keys = new DuplicateKeys(kind, header);
  const ours: Issue[] = [];
  rows.forEach((cells, i) => {
    const issues = v.row(cells, i + 2);
    const dup = keys.check(cells, i + 2, v.lastRecord, issues.length > 0);
    if (dup) ours.push(dup);
  });
  return [lib, ours];
}

describe('DuplicateKeys (STR-005 in compact memory, exactly as the library finds it)', () => {
  it('agrees with the library on random callbacks, error rows included', () => {
    const base = callbackCells()[0];
    const at = (k: string) => CALLBACK_KEYS.indexOf(k as (typeof CALLBACK_KEYS)[number]);
    const types = ['new_business', 'claim', '新单回访', 'NEW_BUSINESS', 'bogus', ''];
    const policies = ['P-1', ' P-1 ', 'P-2', 'P 3', '13912345678', '', 'P-' + 'x'.repeat(70), '保单'];
    const cases = ['', 'C-1', ' C-1', '11010519491231002X', 'C-2'];
    for (let seed = 1; seed <= 20; seed++) {
      const next = rng(seed);
      const pick = <T>(a: readonly T[]) => a[Math.floor(next() * a.length)];
      const rows: CellValue[][] = [];
      for (let i = 0; i < 300; i++) {
        const cells: CellValue[] = [...base];
        cells[at('callback_type')] = pick(types);
        cells[at('policy_no')] = pick(policies);
        cells[at('case_no')] = pick(cases);
        if (next() < 0.2) cells[at('term_months')] = 'many'; // another data error in the row
        if (next() < 0.05) cells.push('extra'); // a cell without a column (STR-002)
        if (next() < 0.03) cells.fill(''); // a blank row
        rows.push(cells);
      }
      const [lib, ours] = both('callbacks', [...CALLBACK_KEYS], rows);
      expect(lib.length).toBeGreaterThan(10);
      expect(ours).toEqual(lib);
    }
  });

  it('agrees on complaints, and tracks nothing while the header is unusable', () => {
    const header = [
      'complaint_no',
      'source',
      'received_on',
      'product_type',
      'category',
      'extension',
      'outcome',
      'repeat_complaint',
    ];
    const row = (no: string) => [no, 'direct', '2026-03-02', 'health', 'sales', 'none', 'pending', 'N'];
    const rows = ['A', 'B', 'A', ' A', 'a', '', 'B', '13912345678', '13912345678'].map(row);
    const [lib, ours] = both('complaints', header, rows);
    expect(lib.map((i) => i.row)).toEqual([4, 5, 8]);
    expect(ours).toEqual(lib);
    const [libBad, oursBad] = both('complaints', header.slice(1), rows);
    expect(libBad).toEqual([]);
    expect(oursBad).toEqual([]);
  });

  it('keeps 300,000 keys in a fraction of the memory of a Map of strings', () => {
    const index = new CompactKeyIndex();
    let seenBefore = 0;
    for (let i = 0; i < 300_000; i++)
      if (index.firstRowOf(`new_business\u001fP2026-${i}\u001f`, i + 2) >= 0) seenBefore++;
    expect(seenBefore).toBe(0);
    expect(index.size).toBe(300_000);
    expect(index.firstRowOf('new_business\u001fP2026-123456\u001f', 5)).toBe(123_458);
    expect(index.firstRowOf('新单\u001f保单-1', 7)).toBe(-1);
    expect(index.firstRowOf('新单\u001f保单-1', 8)).toBe(7);
    expect(index.bytes).toBeLessThan(32 * 1024 * 1024);
  });
});
