import { CATALOG_V1, resolveCatalog } from './catalog';
import { columnsOf } from './columns';
import { DuplicateKeyTracker, recordKey } from './duplicates';
import { FileValidator } from './file-check';
import { formatMessage } from './messages';
import { CLAIM, COMPLAINT, MOBILE, NEW_BUSINESS, PROFILE, makeContext, type Cells } from './testing/fixtures';
import type { CellValue, Kind } from './types';
import { validateRow } from './validate-row';

const ctx = makeContext();
const header = (kind: Kind) => columnsOf(kind).map((c) => c.key);
const cellsOf = (kind: Kind, row: Cells): CellValue[] => columnsOf(kind).map((c) => row[c.key] ?? '');

describe('STR-005 duplicate keys', () => {
  it('keys callbacks by (callback_type, policy_no, case_no)', () => {
    const a = validateRow('callbacks', NEW_BUSINESS, 2, ctx).record!;
    const b = validateRow('callbacks', CLAIM, 3, ctx).record!;
    expect(recordKey('callbacks', a)).not.toBe(recordKey('callbacks', { ...a, case_no: 'X' }));
    expect(recordKey('callbacks', b)).not.toBe(
      recordKey('callbacks', { ...b, callback_type: 'policy_service' }),
    );
    expect(recordKey('complaints', validateRow('complaints', COMPLAINT, 2, ctx).record!)).toBe('C-0001');
  });

  it('names the first row that had the key', () => {
    const v = new FileValidator('callbacks', ctx);
    v.header(header('callbacks'));
    expect(v.row(cellsOf('callbacks', NEW_BUSINESS))).toEqual([]);
    expect(v.row(cellsOf('callbacks', { ...NEW_BUSINESS, case_no: 'X1' }))).toEqual([]); // another case_no
    expect(v.row(cellsOf('callbacks', { ...NEW_BUSINESS, callback_type: 'satisfaction' }))).toEqual([]); // another type
    const issues = v.row(cellsOf('callbacks', { ...NEW_BUSINESS, callback_type: '新单回访' }));
    expect(issues).toEqual([
      {
        row: 5,
        column: 'policy_no',
        value: 'new_business / P-0001',
        rule: 'STR-005',
        severity: 'error',
        params: { keyColumns: 'callback_type,policy_no,case_no', firstRow: 2 },
      },
    ]);
    expect(v.lastRecord).toBeNull();
    expect(formatMessage(issues[0], CATALOG_V1, 'zh')).toContain('与第2行重复');
    expect(formatMessage(issues[0], CATALOG_V1, 'zh')).toContain(
      '回访类型(callback_type)、保单号(policy_no)、案件号(case_no)',
    );
  });

  it('checks complaint numbers, also on rows with other errors', () => {
    const v = new FileValidator('complaints', ctx);
    v.header(header('complaints'));
    v.row(cellsOf('complaints', COMPLAINT));
    const issues = v.row(cellsOf('complaints', { ...COMPLAINT, outcome: 'bad' }));
    expect(issues.map((i) => i.rule)).toEqual(['STR-004', 'STR-005']);
    expect(issues[1]).toMatchObject({ column: 'complaint_no', value: 'C-0001', params: { firstRow: 2 } });
  });

  it('allows one profile row only', () => {
    const v = new FileValidator('profile', ctx);
    v.header(header('profile'));
    expect(v.row(cellsOf('profile', PROFILE))).toEqual([]);
    expect(v.row(cellsOf('profile', PROFILE))).toEqual([
      {
        row: 3,
        column: null,
        value: null,
        rule: 'STR-005',
        severity: 'error',
        params: { variant: 'profile', firstRow: 2 },
      },
    ]);
  });

  it('masks PII in a duplicate key', () => {
    const t = new DuplicateKeyTracker('complaints');
    expect(t.check(`C${MOBILE}`, 2)).toBeNull();
    expect(JSON.stringify(t.check(`C${MOBILE}`, 3))).not.toContain(MOBILE);
    expect(t.size).toBe(1);
  });

  it('can leave duplicates to the server', () => {
    const v = new FileValidator('complaints', ctx, { trackDuplicates: false });
    v.header(header('complaints'));
    v.row(cellsOf('complaints', COMPLAINT));
    expect(v.row(cellsOf('complaints', COMPLAINT))).toEqual([]);
  });
});

describe('FileValidator', () => {
  it('counts rows and issues per rule exactly', () => {
    const v = new FileValidator('callbacks', ctx);
    expect(
      v.header(header('callbacks').map((k, i) => (i % 2 ? columnsOf('callbacks')[i].header : k))),
    ).toEqual([]);
    const rows: Cells[] = [
      NEW_BUSINESS,
      { ...NEW_BUSINESS, policy_no: 'P-2', recording_ref: '' }, // CB-04
      { ...NEW_BUSINESS, policy_no: 'P-3', recording_ref: '', completed_on: '2026-03-18' }, // CB-02, CB-04
      { ...NEW_BUSINESS, policy_no: 'P-4', term_months: 'x', policyholder_age: 'y' }, // one STR-003
      { ...NEW_BUSINESS, policy_no: MOBILE }, // PII-001
      CLAIM,
      NEW_BUSINESS, // STR-005
    ];
    const all = rows.flatMap((r) => v.row(cellsOf('callbacks', r)));
    const summary = v.finish();
    expect(summary).toEqual({
      rows: 7,
      countsByRule: { 'CB-04': 2, 'CB-02': 1, 'STR-003': 1, 'PII-001': 1, 'STR-005': 1 },
      errors: 3,
      warnings: 0,
      findings: 3,
      finishIssues: [],
    });
    expect(all.map((i) => i.row)).toEqual([3, 4, 4, 5, 6, 8]);
    expect(JSON.stringify(all)).not.toContain(MOBILE);
  });

  it('maps cells by header position (any order) and exposes the typed record', () => {
    const keys = [...header('complaints')].reverse();
    const v = new FileValidator('complaints', ctx);
    v.header(keys);
    expect(v.row(keys.map((k) => COMPLAINT[k] ?? null))).toEqual([]);
    expect(v.lastRecord).toMatchObject({ complaint_no: 'C-0001', decided_on: '2026-03-10' });
  });

  it('skips blank rows but keeps row numbers, and accepts explicit row numbers', () => {
    const v = new FileValidator('complaints', ctx);
    v.header(header('complaints'));
    expect(v.row(['', null, undefined, '  '])).toEqual([]);
    expect(v.row(cellsOf('complaints', { ...COMPLAINT, outcome: 'x' }))[0].row).toBe(3);
    expect(v.row(cellsOf('complaints', { ...COMPLAINT, complaint_no: 'C-2', outcome: 'x' }), 10)[0].row).toBe(
      10,
    );
    expect(v.row(cellsOf('complaints', { ...COMPLAINT, complaint_no: 'C-3', outcome: 'x' }))[0].row).toBe(11);
    expect(v.finish().rows).toBe(3);
  });

  it('treats missing trailing cells as empty', () => {
    const v = new FileValidator('complaints', ctx);
    v.header([...header('complaints')]);
    const short = cellsOf('complaints', COMPLAINT).slice(0, 11); // up to outcome; no callback columns, no repeat_complaint
    expect(v.row(short)).toMatchObject([{ rule: 'STR-006', column: 'repeat_complaint' }]);
  });

  it('reports a value in a column without header', () => {
    const v = new FileValidator('complaints', ctx);
    v.header([...header('complaints'), '']);
    expect(v.row([...cellsOf('complaints', COMPLAINT), ''])).toEqual([]);
    const issues = v.row([...cellsOf('complaints', { ...COMPLAINT, complaint_no: 'C-2' }), 'note', 'more']);
    expect(issues).toMatchObject([
      { rule: 'STR-002', row: 3, value: 'note', params: { variant: 'noHeader', position: 16 } },
    ]);
    expect(v.lastRecord).toBeNull();
  });

  it('ignores the values of unknown columns (reported once at the header)', () => {
    const v = new FileValidator('complaints', ctx);
    expect(v.header([...header('complaints'), 'remark']).map((i) => i.rule)).toEqual(['STR-002']);
    expect(v.row([...cellsOf('complaints', COMPLAINT), 'anything'])).toEqual([]);
    expect(v.finish().countsByRule).toEqual({ 'STR-002': 1 });
  });

  it('counts but does not check rows under an unusable header', () => {
    const v = new FileValidator('callbacks', ctx);
    expect(v.header(['callback_type', 'policy_no']).map((i) => i.rule)).toEqual(['STR-001']);
    expect(v.row(['new_business', 'P-1'])).toEqual([]);
    expect(v.finish()).toMatchObject({ rows: 1, countsByRule: { 'STR-001': 1 }, errors: 1 });
  });

  it('reports an empty file (no header) as STR-010', () => {
    const summary = new FileValidator('callbacks', ctx).finish();
    expect(summary.finishIssues).toEqual([
      {
        row: null,
        column: null,
        value: null,
        rule: 'STR-010',
        severity: 'error',
        params: { variant: 'empty', kind: 'callbacks' },
      },
    ]);
    expect(summary).toMatchObject({ rows: 0, errors: 1, countsByRule: { 'STR-010': 1 } });
    expect(formatMessage(summary.finishIssues[0], CATALOG_V1, 'zh')).toContain('文件为空');
  });

  it('warns (WARN-002) on a callbacks or complaints file with a header only', () => {
    for (const kind of ['callbacks', 'complaints'] as const) {
      const v = new FileValidator(kind, ctx);
      v.header(header(kind));
      v.row([]); // a blank line is not a data row
      const summary = v.finish();
      expect(summary).toMatchObject({ rows: 0, errors: 0, warnings: 1, countsByRule: { 'WARN-002': 1 } });
    }
  });

  it('reports a profile without its data row as STR-010', () => {
    const v = new FileValidator('profile', ctx);
    v.header(header('profile'));
    expect(v.finish().finishIssues).toMatchObject([
      { rule: 'STR-010', severity: 'error', params: { variant: 'noRows' } },
    ]);
  });

  it('lets a reader report an unreadable file once', () => {
    const v = new FileValidator('callbacks', ctx);
    const issue = v.fileProblem('encoding', 'bytes are neither UTF-8 nor GB18030');
    expect(issue).toMatchObject({ rule: 'STR-010', params: { variant: 'encoding' } });
    expect(formatMessage(issue, CATALOG_V1, 'zh')).toContain('文件编码无法识别');
    expect(v.finish()).toMatchObject({ errors: 1, countsByRule: { 'STR-010': 1 }, finishIssues: [] });
  });

  it('respects a warning that is not yet effective for the period', () => {
    const c = makeContext(
      {},
      resolveCatalog(CATALOG_V1, { version: 2, rules: { 'WARN-002': { effectiveFrom: '2026-07-01' } } }),
    );
    const v = new FileValidator('complaints', c);
    v.header(header('complaints'));
    expect(v.finish().warnings).toBe(0);
  });

  it('respects a disabled warning', () => {
    const c = makeContext(
      {},
      resolveCatalog(CATALOG_V1, { version: 2, rules: { 'WARN-002': { enabled: false } } }),
    );
    const v = new FileValidator('complaints', c);
    v.header(header('complaints'));
    expect(v.finish().warnings).toBe(0);
  });

  it('guards its protocol', () => {
    const v = new FileValidator('complaints', ctx);
    expect(() => v.row([])).toThrow(/before header/);
    v.header(header('complaints'));
    expect(() => v.header(header('complaints'))).toThrow(/twice/);
    v.finish();
    expect(() => v.finish()).toThrow(/twice/);
  });
});
