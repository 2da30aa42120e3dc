import {
  CallbackTally,
  generateCallbackRecords,
  generateCallbacks,
  planCallbacks,
  type CallbackRecord,
} from './callbacks';
import { toCsvString } from './csv';
import { fmtDay, parsePeriod } from './dates';
import { fileRows } from './demo';
import { DEMO_ORGS, findOrg, LIFE_ORGS } from './orgs';
import { CALLBACK_COLUMNS, RECORD_RULES } from './standard';
import { callbackDataErrors, checkCallbackRule, parseCsvRecords, standardKeys } from './testing';

const STANDARD_CALLBACK_KEYS = [
  'callback_type',
  'policy_no',
  'case_no',
  'product_type',
  'channel',
  'term_months',
  'payment_mode',
  'policyholder_age',
  'underwritten_on',
  'receipt_signed_on',
  'cooling_off_days',
  'sales_recorded',
  'case_closed_on',
  'status',
  'method',
  'methods_tried',
  'first_attempt_on',
  'completed_on',
  'recording_ref',
  'receipt_ref',
  'identity_check',
  'confirmed_items',
  'caller_is_sales',
  'problems',
  'problem_resolved_on',
  'problem_resolution',
];

function collect(org = LIFE_ORGS[0], period = '2026H1', rows = 4000, seed = 1): CallbackRecord[] {
  return [...generateCallbackRecords({ seed, org, period, rows })];
}

describe('callbacks columns', () => {
  it('uses exactly the standard column keys', () => {
    expect([...CALLBACK_COLUMNS]).toEqual(STANDARD_CALLBACK_KEYS);
    const fromDoc = standardKeys('callbacks');
    if (fromDoc) expect([...CALLBACK_COLUMNS]).toEqual(fromDoc);
    const row = generateCallbacks({ seed: 1, org: LIFE_ORGS[0], period: '2026H1', rows: 1 }).next().value;
    expect(Object.keys(row as object)).toEqual(STANDARD_CALLBACK_KEYS);
  });
});

describe('callbacks determinism', () => {
  it('same seed → same rows; other seed → other rows', () => {
    const a = toCsvString(generateCallbacks({ seed: 5, org: LIFE_ORGS[1], period: '2025H2', rows: 2000 }));
    const b = toCsvString(generateCallbacks({ seed: 5, org: LIFE_ORGS[1], period: '2025H2', rows: 2000 }));
    const c = toCsvString(generateCallbacks({ seed: 6, org: LIFE_ORGS[1], period: '2025H2', rows: 2000 }));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('produces exactly the requested number of rows, including 0 and 1', () => {
    for (const n of [0, 1, 2, 17, 999]) {
      expect([...generateCallbacks({ seed: 1, org: LIFE_ORGS[2], period: '2026H1', rows: n })]).toHaveLength(
        n,
      );
    }
  });
});

describe('callbacks rule breaks', () => {
  const cases = DEMO_ORGS.flatMap((org) => ['2025H2', '2026H1'].map((period) => ({ org, period })));

  it.each(cases.map((c) => [c.org.tag, c.period, c] as const))(
    '%s %s: each row is clean or breaks exactly its one rule, and is valid data',
    (_t, _p, { org, period }) => {
      const p = parsePeriod(period);
      const span = { start: fmtDay(p.start), end: fmtDay(p.end) };
      const keys = new Set<string>();
      const problems: unknown[] = [];
      const rows = Math.min(fileRows(org, period, 'callbacks', 1), 8000);
      for (const rec of generateCallbackRecords({ seed: 42, org, period, rows })) {
        const check = checkCallbackRule(rec.row);
        const want = rec.broken ? [rec.broken] : [];
        const errors = callbackDataErrors(rec.row, span);
        const key = `${rec.row.callback_type}|${rec.row.policy_no}|${rec.row.case_no}`;
        if (check.ambiguous.length || check.rules.join() !== want.join() || errors.length || keys.has(key)) {
          problems.push({ row: rec.row, want, got: check, errors, duplicate: keys.has(key) });
        }
        keys.add(key);
      }
      expect(problems.slice(0, 3)).toEqual([]);
    },
  );

  it('the counts of CB-02 and CB-04, recomputed from the CSV text, match the tally', () => {
    const org = findOrg('CJRS')!;
    const recs = collect(org, '2026H1', 20000, 42);
    const tally = new CallbackTally();
    recs.forEach((r) => tally.add(r));
    const { records } = parseCsvRecords(
      toCsvString(
        recs.map((r) => r.row),
        { columns: CALLBACK_COLUMNS },
      ),
    );
    let cb02 = 0;
    let cb04 = 0;
    for (const r of records) {
      if (r.callback_type !== 'new_business' || Number(r.term_months) <= 12) continue;
      const receipt = Date.parse(r.receipt_signed_on) / 86400000;
      if (
        r.status === 'success' &&
        Date.parse(r.completed_on) / 86400000 > receipt + Number(r.cooling_off_days)
      )
        cb02++;
      const tried = (r.methods_tried || r.method).split(';');
      if ((r.method === 'phone' || tried.includes('phone')) && r.recording_ref === '') cb04++;
    }
    expect(cb02).toBe(tally.findings['CB-02']);
    expect(cb04).toBe(tally.findings['CB-04']);
    expect(cb02).toBeGreaterThan(0);
    expect(cb04).toBeGreaterThan(0);
  });

  it('every record rule of the CB family and CL-01 is broken somewhere in the demo', () => {
    const total: Record<string, number> = {};
    for (const org of LIFE_ORGS) {
      const t = new CallbackTally();
      for (const r of generateCallbackRecords({
        seed: 42,
        org,
        period: '2026H1',
        rows: fileRows(org, '2026H1', 'callbacks'),
      }))
        t.add(r);
      for (const [k, v] of Object.entries(t.findings)) total[k] = (total[k] ?? 0) + v;
    }
    for (const rule of RECORD_RULES.filter((r) => r.startsWith('CB') || r === 'CL-01'))
      expect(total[rule]).toBeGreaterThan(0);
  });
});

describe('callbacks figures', () => {
  it('match an independent count from the rows', () => {
    const recs = collect(findOrg('JCRS')!, '2025H2', 8000, 9);
    const t = new CallbackTally();
    recs.forEach((r) => t.add(r));
    const f = t.figures();
    const nb = recs
      .map((r) => r.row)
      .filter((r) => r.callback_type === 'new_business' && Number(r.term_months) > 12);
    expect(f.due).toBe(nb.length);
    const by = (s: string) => nb.filter((r) => r.status === s).length;
    expect(f.succeeded).toBe(by('success'));
    expect(f.refused).toBe(by('refused'));
    expect(f.cancelledBefore).toBe(by('cancelled_before'));
    expect(f.notAttempted).toBe(by('not_attempted'));
    expect(f.notAttempted).toBe(t.findings['CB-01']);
    expect(f.onTime).toBe(f.succeeded - t.findings['CB-02']);
    const m = (x: string) => nb.filter((r) => r.status === 'success' && r.method === x).length;
    expect(f.byMethod).toEqual({
      phone: m('phone'),
      electronic: m('electronic'),
      visit: m('visit'),
      letter: m('letter'),
    });
    expect(f.successRate).toBeCloseTo(f.succeeded / (f.due - f.refused - f.cancelledBefore), 12);
  });

  it('builds the planned company-level results at demo size', () => {
    for (const org of LIFE_ORGS) {
      for (const period of ['2025H2', '2026H1']) {
        const t = new CallbackTally();
        for (const r of generateCallbackRecords({
          seed: 42,
          org,
          period,
          rows: fileRows(org, period, 'callbacks'),
        }))
          t.add(r);
        const f = t.figures();
        const c = t.companyFindings();
        expect(c['CB-C1']).toBe(org.tag === 'CJRS');
        expect(c['CB-C2']).toBe(org.tag === 'JCRS');
        expect(f.successRate!).toBeGreaterThan(0.84);
        expect(f.successRate!).toBeLessThan(0.99);
      }
    }
  });

  it('plans exact status counts (success rate by construction)', () => {
    const org = findOrg('CJRS')!;
    const plan = planCallbacks(org, 1_000_000);
    const s = plan.nbStatus;
    const rate = s.success / (s.success + s.failed + s.not_attempted);
    expect(Math.abs(rate - org.callbacks.successRate)).toBeLessThan(1e-4);
    expect(Object.values(plan.kinds).reduce((a, b) => a + b, 0)).toBe(1_000_000);
  });

  it('gives property insurers no in-scope new business, only short-term', () => {
    const t = new CallbackTally();
    for (const r of generateCallbackRecords({ seed: 1, org: findOrg('XYCX')!, period: '2026H1', rows: 3000 }))
      t.add(r);
    const f = t.figures();
    expect(f.due).toBe(0);
    expect(f.successRate).toBeNull();
    expect(f.shortTermNewBusiness).toBeGreaterThan(0);
    expect(f.byType.claim.count).toBeGreaterThan(f.byType.satisfaction.count);
  });
});
