import { officialCalendar } from '@portal/calendar';
import {
  CATALOG_V1,
  duplicateKeyIssue,
  FileValidator,
  periodFromCode,
  type CellValue,
  type Issue,
  type RowContext,
} from '@portal/reporting-standard';
import { keyOfParts, keyPartsOfRecord, RowKeys } from './row-keys';

const ctx: RowContext = {
  period: periodFromCode('2026H1')!,
  uploadDate: '2026-07-10',
  orgCode: '914403007109307395',
  catalog: CATALOG_V1,
  workingDays: officialCalendar(),
};

const HEADER = [
  'callback_type',
  'policy_no',
  'case_no',
  'product_type',
  'channel',
  'term_months',
  'payment_mode',
  'policyholder_age',
  'underwritten_on',
  'status',
  'caller_is_sales',
  'method',
  'first_attempt_on',
];
const ok = (type: string, policy: string, caseNo: string, extra: Partial<Record<string, string>> = {}) => {
  const base: Record<string, string> = {
    callback_type: type,
    policy_no: policy,
    case_no: caseNo,
    product_type: 'health',
    channel: 'agent',
    term_months: '6',
    payment_mode: 'single',
    policyholder_age: '40',
    underwritten_on: '2026-01-05',
    status: 'not_attempted',
    caller_is_sales: 'N',
    method: '',
    first_attempt_on: '',
    ...extra,
  };
  return HEADER.map((h) => base[h]);
};

/** The STR-005 issues as the server finds them: library validator without tracker + RowKeys + grouping. */
function serverDuplicates(header: CellValue[], rows: CellValue[][]): Issue[] {
  const v = new FileValidator('callbacks', ctx, { trackDuplicates: false });
  v.header(header);
  const keys = new RowKeys('callbacks', header);
  const seen: { row: number; parts: string[] }[] = [];
  rows.forEach((cells, i) => {
    const row = i + 2;
    const issues = v.row(cells, row);
    const rec = v.lastRecord;
    if (rec) seen.push({ row, parts: keyPartsOfRecord('callbacks', rec) });
    else if (issues.length > 0 && keys.usable) {
      const parts = keys.ofErrorRow(cells);
      if (parts) seen.push({ row, parts });
    }
  });
  // What the SQL does: group by key parts, every row after the first of its key.
  const first = new Map<string, number>();
  for (const s of seen) {
    const k = s.parts.join('\u0000');
    if (!first.has(k) || first.get(k)! > s.row) first.set(k, s.row);
  }
  return seen
    .filter((s) => first.get(s.parts.join('\u0000'))! < s.row)
    .map((s) =>
      duplicateKeyIssue(
        'callbacks',
        s.row,
        keyOfParts('callbacks', s.parts),
        first.get(s.parts.join('\u0000'))!,
      ),
    );
}

function libraryDuplicates(header: CellValue[], rows: CellValue[][]): Issue[] {
  const v = new FileValidator('callbacks', ctx);
  v.header(header);
  return rows.flatMap((cells, i) => v.row(cells, i + 2).filter((x) => x.rule === 'STR-005'));
}

describe('RowKeys (set-based STR-005 = the library tracker)', () => {
  it('finds exactly the duplicates the library finds, including rows with other data errors', () => {
    const rows: CellValue[][] = [
      ok('claim', 'P-1', 'C-1', { status: 'success', method: 'phone' }), // error row (missing dates) with a valid key
      ok('claim', 'P-1', 'C-1'), // repeats the error row's key
      ok('new_business', 'P-2', ''),
      ok('新单回访', ' P-2 ', ''), // label and spaces: the same key
      ok('new_business', 'P-2', '', { term_months: 'abc' }), // another error, same key
      ok('new_business', '13812345678', ''), // policy_no holding a mobile number: no key
      ok('new_business', '13812345678', ''),
      ok('bogus', 'P-3', ''), // invalid type: no key
      ok('bogus', 'P-3', ''),
      ok('claim', 'P-4', 'C/1 with space'),
      ok('claim', 'P-4', 'C/1 with space'),
      ok('renewal', 'p-5', ''),
      ok('renewal', 'P-5', ''), // keys compare exactly
      ok('new_business', 'P-6', '', {}),
      [],
      ok('new_business', 'P-6', 'X'.repeat(65)), // case_no too long: no key
      ok('new_business', 'P-6', 'X'.repeat(65)),
    ];
    const lib = libraryDuplicates(HEADER, rows);
    expect(lib.map((i) => [i.row, i.params?.['firstRow']])).toEqual([
      [3, 2],
      [5, 4],
      [6, 4],
      [12, 11],
    ]);
    expect(serverDuplicates(HEADER, rows)).toEqual(lib);
  });

  it('tracks nothing when the header is unusable, like the library', () => {
    const header = HEADER.filter((h) => h !== 'channel');
    const rows = [ok('claim', 'P-1', 'C-1'), ok('claim', 'P-1', 'C-1')].map((r) => r.slice(0, header.length));
    expect(libraryDuplicates(header, rows)).toEqual([]);
    expect(new RowKeys('callbacks', header).usable).toBe(false);
  });
});
