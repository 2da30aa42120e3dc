import { CATALOG_V1, resolveCatalog } from './catalog';
import { formatMessage } from './messages';
import { evaluateCompanyRules } from './rules/company-rules';

describe('company-level findings', () => {
  it('CB-C1 breaks under 90%, passes at 90%', () => {
    const [issue] = evaluateCompanyRules({ successRate: 0.8999 }, CATALOG_V1);
    expect(issue).toMatchObject({
      rule: 'CB-C1',
      severity: 'finding',
      row: null,
      column: null,
      params: { successRate: '89.99%', minSuccessRate: '90.00%' },
    });
    expect(formatMessage(issue, CATALOG_V1, 'zh')).toContain('中国人寿客户回访管理办法 第七条');
    expect(evaluateCompanyRules({ successRate: 0.9 }, CATALOG_V1)).toEqual([]);
  });

  it('shows enough decimals to tell value and threshold apart', () => {
    const [issue] = evaluateCompanyRules({ successRate: 0.899996 }, CATALOG_V1);
    expect(issue.params).toMatchObject({ successRate: '89.9996%', minSuccessRate: '90.0000%' });
  });

  it('CB-C2 breaks above 10%, passes at 10%', () => {
    expect(evaluateCompanyRules({ visitLetterShare: 0.1001 }, CATALOG_V1).map((i) => i.rule)).toEqual([
      'CB-C2',
    ]);
    expect(evaluateCompanyRules({ visitLetterShare: 0.1 }, CATALOG_V1)).toEqual([]);
  });

  it('CP-C1 breaks under 100%', () => {
    expect(evaluateCompanyRules({ forwardedCallbackRate: 0.99 }, CATALOG_V1).map((i) => i.rule)).toEqual([
      'CP-C1',
    ]);
    expect(evaluateCompanyRules({ forwardedCallbackRate: 1 }, CATALOG_V1)).toEqual([]);
  });

  it('yields nothing for a missing figure (null, never 0)', () => {
    expect(
      evaluateCompanyRules(
        { successRate: null, visitLetterShare: null, forwardedCallbackRate: null },
        CATALOG_V1,
      ),
    ).toEqual([]);
    expect(evaluateCompanyRules({}, CATALOG_V1)).toEqual([]);
  });

  it('follows catalog overrides', () => {
    const v2 = resolveCatalog(CATALOG_V1, {
      version: 2,
      rules: { 'CB-C1': { params: { minSuccessRate: 0.85 } }, 'CB-C2': { enabled: false } },
    });
    expect(evaluateCompanyRules({ successRate: 0.86, visitLetterShare: 0.5 }, v2)).toEqual([]);
    expect(evaluateCompanyRules({ successRate: 0.84 }, v2).map((i) => i.rule)).toEqual(['CB-C1']);
  });
});
