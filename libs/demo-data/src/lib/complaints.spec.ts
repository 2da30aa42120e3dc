import { ComplaintTally, generateComplaintRecords, generateComplaints } from './complaints';
import { toCsvString } from './csv';
import { fmtDay, parsePeriod } from './dates';
import { fileRows } from './demo';
import { DEMO_ORGS, findOrg } from './orgs';
import { COMPLAINT_COLUMNS, PROFILE_COLUMNS } from './standard';
import { checkComplaintRule, complaintDataErrors, standardKeys } from './testing';
import { profileRow } from './profile';

describe('complaints', () => {
  it('uses exactly the standard column keys (complaints and profile)', () => {
    expect([...COMPLAINT_COLUMNS]).toEqual([
      'complaint_no',
      'source',
      'forward_no',
      'forwarded_on',
      'received_on',
      'product_type',
      'category',
      'channel',
      'decided_on',
      'extension',
      'outcome',
      'callback_on',
      'callback_method',
      'satisfaction',
      'repeat_complaint',
    ]);
    expect([...PROFILE_COLUMNS]).toEqual([
      'org_code',
      'premium_income',
      'new_policies',
      'policies_in_force',
      'insured_persons',
      'sales_staff',
      'employees',
    ]);
    const c = standardKeys('complaints');
    if (c) expect([...COMPLAINT_COLUMNS]).toEqual(c);
    const p = standardKeys('profile');
    if (p) expect([...PROFILE_COLUMNS]).toEqual(p);
  });

  it('is deterministic', () => {
    const o = { seed: 3, org: DEMO_ORGS[0], period: '2026H1', rows: 500 };
    expect(toCsvString(generateComplaints(o))).toBe(toCsvString(generateComplaints(o)));
    expect(toCsvString(generateComplaints(o))).not.toBe(toCsvString(generateComplaints({ ...o, seed: 4 })));
  });

  const cases = DEMO_ORGS.flatMap((org) =>
    ['2025H2', '2026H1'].map((period) => [org.tag, period, org] as const),
  );
  it.each(cases)(
    '%s %s: each row is clean or breaks exactly its one rule, and is valid data',
    (_t, period, org) => {
      const p = parsePeriod(period);
      const span = { start: fmtDay(p.start), end: fmtDay(p.end) };
      const nos = new Set<string>();
      const problems: unknown[] = [];
      // several times the demo size, to reach the rarer branches
      for (const rec of generateComplaintRecords({
        seed: 42,
        org,
        period,
        rows: fileRows(org, period, 'complaints') * 4,
      })) {
        const check = checkComplaintRule(rec.row, span.end);
        const want = rec.broken ? [rec.broken] : [];
        const errors = complaintDataErrors(rec.row, span);
        if (
          check.ambiguous.length ||
          check.rules.join() !== want.join() ||
          errors.length ||
          nos.has(rec.row.complaint_no)
        ) {
          problems.push({ row: rec.row, want, got: check, errors });
        }
        nos.add(rec.row.complaint_no);
      }
      expect(problems.slice(0, 3)).toEqual([]);
    },
  );

  it('builds CP-C1 exactly for the orgs made to show it', () => {
    for (const org of DEMO_ORGS) {
      const t = new ComplaintTally();
      for (const r of generateComplaintRecords({
        seed: 42,
        org,
        period: '2026H1',
        rows: fileRows(org, '2026H1', 'complaints'),
      }))
        t.add(r);
      expect(t.companyFindings()['CP-C1']).toBe(org.tag === 'MHRS' || org.tag === 'MQCX');
      const f = t.figures();
      expect(f.total).toBe(t.rows);
      expect(Object.values(f.byCategory).reduce((a, b) => a + b, 0)).toBe(f.total);
      expect(f.forwarded.total).toBeGreaterThan(0);
      expect(f.forwarded.total - f.forwarded.withCallback).toBe(t.findings['CP-03']);
    }
  });

  it('the property profile row is well-formed', () => {
    const row = profileRow({ seed: 42, org: findOrg('XYCX')!, period: '2026H1' });
    expect(row.org_code).toBe(findOrg('XYCX')!.code);
    expect(row.premium_income).toMatch(/^\d+\.\d{2}$/);
    for (const k of [
      'new_policies',
      'policies_in_force',
      'insured_persons',
      'sales_staff',
      'employees',
    ] as const)
      expect(row[k]).toMatch(/^\d+$/);
  });
});
