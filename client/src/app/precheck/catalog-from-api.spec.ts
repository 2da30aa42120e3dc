import {
  CATALOG_V1,
  catalogFor,
  findRule,
  resolveCatalog,
  type Catalog,
  type RuleDefinition,
} from '@portal/reporting-standard';
import { catalogFromApi, type RuleDto } from './catalog-from-api';

/** A rule as the server's `toRuleDto` serves it. */
const dto = (r: RuleDefinition): RuleDto => ({
  code: r.code,
  title: r.title,
  severity: r.severity,
  scope: r.scope,
  citation: r.citation,
  params: { ...r.params },
  kinds: [...r.kinds],
  enabled: r.enabled,
  effectiveFrom: r.effectiveFrom,
  effectiveTo: r.effectiveTo,
});

const settings = (c: Catalog) =>
  c.rules.map((r) => ({
    code: r.code,
    enabled: r.enabled,
    severity: r.severity,
    params: r.params,
    from: r.effectiveFrom,
    to: r.effectiveTo,
  }));

describe('catalogFromApi', () => {
  it('rebuilds an effective catalog with a local pack exactly (parameters, switches, severities)', () => {
    const v2 = resolveCatalog(CATALOG_V1, {
      version: 2,
      rules: { 'CB-04': { enabled: false }, 'CB-C1': { params: { minSuccessRate: 0.95 } } },
      localPacks: {
        '110000': {
          name: { zh: '北京地方规则包', en: 'Beijing local pack' },
          citation: { zh: '京保监发[2008]294号 一', en: '京保监发[2008]294号, item 1' },
          overrides: {
            rules: {
              'CB-01': { params: { minTermMonths: 0 } },
              'CB-04': { enabled: true },
              'CB-11': { severity: 'warning' },
            },
          },
        },
      },
    });
    const beijing = catalogFor(v2, '110000');
    const rebuilt = catalogFromApi(2, beijing.rules.map(dto));
    expect(rebuilt.unknownRules).toEqual([]);
    expect(settings(rebuilt.catalog)).toEqual(settings(beijing));
    expect(findRule(rebuilt.catalog, 'CB-11')!.severity).toBe('warning');
    expect(findRule(rebuilt.catalog, 'CB-01')!.params['minTermMonths']).toBe(0);
    // The national catalog of the same version differs in exactly those rules.
    expect(settings(catalogFromApi(2, v2.rules.map(dto)).catalog)).toEqual(settings(v2));
  });
});
