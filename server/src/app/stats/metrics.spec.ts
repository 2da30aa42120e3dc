import { CATALOG_V1, resolveCatalog } from '@portal/reporting-standard';
import { companyKeys, figureParams, previousPeriod, RATE_DEFS, unflatten } from './metrics';

describe('statistics metrics', () => {
  it('lists every METRICS.md key of an insurer', () => {
    const keys = companyKeys(CATALOG_V1);
    for (const k of [
      'callbacks.due',
      'callbacks.successRate',
      'callbacks.byMethod.letter',
      'callbacks.visitLetterShare',
      'callbacks.violations.CB-11',
      'callbacks.violations.CL-01',
      'callbacks.byType.claim.onTime',
      'profile.marketShare',
      'profile.foundedOn',
      'complaints.share',
      'complaints.per10kInsured',
      'complaints.byCategory.service_quality',
      'complaints.decidedWithinLimit',
      'complaints.forwarded.callbackRate',
      'complaints.complaintIndex',
      'findings.CB-C1',
      'findings.CP-C1',
    ]) {
      expect(keys).toContain(k);
    }
    expect(new Set(keys).size).toBe(keys.length);
    // Data errors are not listed with zeros (a submitted file has none).
    expect(keys).not.toContain('callbacks.violations.STR-003');
  });

  it('nests flat keys, keeping rule codes whole and filling missing ones with null', () => {
    expect(unflatten({ 'a.b': 1, 'a.v.CB-01': 2 }, ['a.b', 'a.c', 'a.v.CB-01'])).toEqual({
      a: { b: 1, c: null, v: { 'CB-01': 2 } },
    });
  });

  it('takes the figure parameters from the catalog in force', () => {
    expect(figureParams(CATALOG_V1)).toEqual({
      minTermMonths: 12,
      claimWorkingDays: 5,
      limitDays: 15,
      complexLimitDays: 30,
      especiallyComplexLimitDays: 60,
      forwardWorkingDays: 15,
    });
    const v2 = resolveCatalog(CATALOG_V1, {
      version: 2,
      rules: { 'CL-01': { params: { claimCallbackWorkingDays: 3 } } },
    });
    expect(figureParams(v2).claimWorkingDays).toBe(3);
  });

  it('names the previous half-year', () => {
    expect(previousPeriod('2026H1')).toBe('2025H2');
    expect(previousPeriod('2026H2')).toBe('2026H1');
  });

  it('defines every rate from counts that exist', () => {
    const keys = new Set(companyKeys(CATALOG_V1));
    for (const r of RATE_DEFS) {
      expect(keys.has(r.key)).toBe(true);
      for (const [k] of [...r.num, ...r.den]) expect(keys.has(k)).toBe(true);
    }
  });
});
