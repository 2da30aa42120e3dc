import { makeIssue } from '@portal/reporting-standard';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { copyUnescape } from './copy-text';
import { boundIssueText, IssueSpill, MAX_ISSUE_PARAM, MAX_ISSUE_TEXT } from './issue-spill';

describe('issue spill: bounded report texts', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'issue-spill-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps short values as they are and cuts long ones, marked with …', () => {
    expect(boundIssueText('P-0001')).toBe('P-0001');
    expect(boundIssueText('x'.repeat(MAX_ISSUE_TEXT))).toBe('x'.repeat(MAX_ISSUE_TEXT));
    expect(boundIssueText('x'.repeat(600_000))).toBe('x'.repeat(MAX_ISSUE_TEXT) + '…');
  });

  it('keeps no reference to the huge value it was cut from', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    // 40 distinct flat 1 MB values: a cut that is a view into its value would keep all 40 MB alive.
    const cuts = Array.from({ length: 40 }, (_, k) =>
      boundIssueText((String(k) + 'x'.repeat(1024 * 1024)).split('').join('')),
    );
    gc();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(10 * 1024 * 1024);
    expect(cuts[39]).toBe('39' + 'x'.repeat(MAX_ISSUE_TEXT - 2) + '…');
  });

  it('never splits a surrogate pair', () => {
    const cut = boundIssueText('a'.repeat(MAX_ISSUE_TEXT - 1) + '😀'.repeat(10));
    expect(cut).toBe('a'.repeat(MAX_ISSUE_TEXT - 1) + '…');
    expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(cut)).toBe(false);
  });

  it('masks what the cut turns into an identifier (a long digit run is none as a whole)', () => {
    // 16 digits are no mobile number; their first 11, right at the cut, are.
    const text = 'x'.repeat(MAX_ISSUE_TEXT - 11) + '1391234567890123';
    const cut = boundIssueText(text);
    expect(cut).not.toContain('13912345678');
    expect(cut.endsWith('139****5678…')).toBe(true);
  });

  it('writes a huge value and parameter bounded, so a page or download of issues stays small', async () => {
    const spill = new IssueSpill(join(dir, 'issues'));
    const issue = makeIssue(7, 'category', 'X'.repeat(600_000), 'STR-004', 'error', {
      'value.outcome': 'O'.repeat(2 * 1024 * 1024),
      position: 3,
    });
    spill.add(issue, 7);
    await spill.close();
    const line = readFileSync(spill.path, 'utf8');
    expect(line.length).toBeLessThan(MAX_ISSUE_TEXT + MAX_ISSUE_PARAM + 200);
    const [position, row, column, value, rule, severity, params] = line.trimEnd().split('\t');
    expect([position, row, column, rule, severity]).toEqual(['7', '7', 'category', 'STR-004', 'error']);
    expect(copyUnescape(value)).toBe('X'.repeat(MAX_ISSUE_TEXT) + '…');
    expect(JSON.parse(copyUnescape(params) ?? 'null')).toEqual({
      'value.outcome': 'O'.repeat(MAX_ISSUE_PARAM) + '…',
      position: 3,
    });
  });
});
