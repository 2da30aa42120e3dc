import {
  CATALOG_V1,
  CatalogOverrideError,
  catalogFor,
  findRule,
  resolveCatalog,
  type CatalogOverrides,
  type LocalPack,
} from './catalog';
import { NEW_BUSINESS, makeContext } from './testing/fixtures';
import { validateRow } from './validate-row';
import type { Catalog } from './catalog';

/**
 * The Beijing example: 京保监发[2008]294号 一 requires 100% callback of individual new business
 * ("各公司应严格执行个人人身保险业务新单100%回访规定"), with no "term over one year" limit as in the national
 * 人身保险业务基本服务规定 第十五条 — so in Beijing CB-01 covers every new-business policy (minTermMonths 0).
 */
const BEIJING: LocalPack = {
  name: { zh: '北京地方规则包', en: 'Beijing local pack' },
  citation: {
    zh: '京保监发[2008]294号 一（个人人身保险业务新单100%回访）',
    en: 'Beijing CIRC Bureau notice 京保监发[2008]294号, item 1 (100% callback of individual new business)',
  },
  overrides: { rules: { 'CB-01': { params: { minTermMonths: 0 } } } },
};

const rulesOf = (kind: 'callbacks', cells: Record<string, string>, catalog: Catalog) =>
  validateRow(kind, cells, 2, makeContext({}, catalog)).issues.map((i) => `${i.rule}:${i.severity}`);

/** A new-business policy of exactly 12 months that was never called back. */
const SHORT_NOT_CALLED: Record<string, string> = {
  ...(NEW_BUSINESS as Record<string, string>),
  term_months: '12',
  status: 'not_attempted',
  method: '',
  first_attempt_on: '',
  completed_on: '',
  recording_ref: '',
};

function version(overrides: Omit<CatalogOverrides, 'version'>, base: Catalog = CATALOG_V1): Catalog {
  return resolveCatalog(base, { version: base.version + 1, ...overrides });
}

function problemsOf(overrides: Omit<CatalogOverrides, 'version'>): { zh: string; en: string }[] {
  try {
    version(overrides);
  } catch (e) {
    expect(e).toBeInstanceOf(CatalogOverrideError);
    return [...(e as CatalogOverrideError).details];
  }
  throw new Error('no error');
}

describe('catalogFor: local packs', () => {
  const v2 = version({ localPacks: { '110000': BEIJING } });

  it('overrides a parameter for insurers of the jurisdiction only', () => {
    expect(rulesOf('callbacks', SHORT_NOT_CALLED, v2)).toEqual([]);
    const beijing = catalogFor(v2, '110000');
    expect(rulesOf('callbacks', SHORT_NOT_CALLED, beijing)).toEqual(['CB-01:finding']);
    expect(findRule(beijing, 'CB-01')!.params['minTermMonths']).toBe(0);
    expect(findRule(v2, 'CB-01')!.params['minTermMonths']).toBe(12);
    // Other CB rules keep their own national scope.
    expect(findRule(beijing, 'CB-02')!.params['minTermMonths']).toBe(12);
    expect(beijing).toMatchObject({ version: 2, basedOn: 1, jurisdiction: '110000' });
    expect(Object.keys(beijing.localPacks!)).toEqual(['110000']);
    expect(Object.isFrozen(findRule(beijing, 'CB-01')!.params)).toBe(true);
  });

  it('switches on a rule the national catalog has off ("adds" a rule for the jurisdiction)', () => {
    const v = version({
      rules: { 'CB-04': { enabled: false } },
      localPacks: {
        '110000': { ...BEIJING, overrides: { rules: { 'CB-04': { enabled: true } } } },
      },
    });
    const unrecorded = { ...(NEW_BUSINESS as Record<string, string>), recording_ref: '' };
    expect(rulesOf('callbacks', unrecorded, v)).toEqual([]);
    expect(rulesOf('callbacks', unrecorded, catalogFor(v, '110000'))).toEqual(['CB-04:finding']);
  });

  it('switches a rule off, and changes a severity between finding and warning', () => {
    const unrecorded = { ...(NEW_BUSINESS as Record<string, string>), recording_ref: '' };
    const off = version({
      localPacks: { '110000': { ...BEIJING, overrides: { rules: { 'CB-04': { enabled: false } } } } },
    });
    expect(rulesOf('callbacks', unrecorded, off)).toEqual(['CB-04:finding']);
    expect(rulesOf('callbacks', unrecorded, catalogFor(off, '110000'))).toEqual([]);
    const warn = version({
      localPacks: { '110000': { ...BEIJING, overrides: { rules: { 'CB-04': { severity: 'warning' } } } } },
    });
    expect(rulesOf('callbacks', unrecorded, catalogFor(warn, '110000'))).toEqual(['CB-04:warning']);
  });

  it('gives the national catalog itself to no jurisdiction and to one without a pack', () => {
    expect(catalogFor(v2, null)).toBe(v2);
    expect(catalogFor(v2, undefined)).toBe(v2);
    expect(catalogFor(v2, '310000')).toBe(v2);
    expect(catalogFor(v2, 'constructor')).toBe(v2);
    expect(catalogFor(CATALOG_V1, '110000')).toBe(CATALOG_V1);
    expect(v2.jurisdiction).toBeUndefined();
  });

  it('is memoised and never applies a second pack on top of a first', () => {
    const beijing = catalogFor(v2, '110000');
    expect(catalogFor(v2, '110000')).toBe(beijing);
    expect(catalogFor(beijing, '110000')).toBe(beijing);
    expect(() => catalogFor(beijing, '310000')).toThrow(/already the effective catalog of 110000/);
  });

  it('carries packs into later versions; a pack given again replaces that jurisdiction only', () => {
    const shanghai: LocalPack = {
      name: { zh: '上海', en: 'Shanghai' },
      citation: { zh: '示例', en: 'example' },
      overrides: { rules: { 'CB-11': { enabled: false } } },
    };
    const v3 = version({ localPacks: { '310000': shanghai } }, v2);
    expect(Object.keys(v3.localPacks!).sort()).toEqual(['110000', '310000']);
    const v4 = version(
      {
        localPacks: {
          '110000': { ...BEIJING, overrides: { rules: { 'CB-01': { params: { minTermMonths: 6 } } } } },
        },
      },
      v3,
    );
    expect(findRule(catalogFor(v4, '110000'), 'CB-01')!.params['minTermMonths']).toBe(6);
    expect(findRule(catalogFor(v4, '310000'), 'CB-11')!.enabled).toBe(false);
  });

  it('resolves packs that came through JSON (as stored by the server)', () => {
    const stored = JSON.parse(JSON.stringify({ version: 2, localPacks: { '110000': BEIJING } }));
    const v = resolveCatalog(CATALOG_V1, stored);
    expect(findRule(catalogFor(v, '110000'), 'CB-01')!.params['minTermMonths']).toBe(0);
  });
});

describe('local packs are validated like national overrides', () => {
  const pack = (rules: unknown): LocalPack => ({ ...BEIJING, overrides: { rules: rules as never } });

  it('refuses unknown rules and badly typed parameters, naming the pack in Chinese and English', () => {
    const problems = problemsOf({
      localPacks: {
        '110000': pack({ 'XX-1': {}, 'CB-01': { params: { minTermMonths: 'all' } } }),
      },
    });
    expect(problems).toEqual([
      { zh: '地方规则包 110000：未知规则 XX-1', en: 'local pack 110000: unknown rule XX-1' },
      {
        zh: '地方规则包 110000：CB-01.minTermMonths 应为整数',
        en: 'local pack 110000: CB-01.minTermMonths must be an integer',
      },
    ]);
  });

  it.each([
    [
      { '110000': pack({ 'STR-003': { enabled: false } }) },
      /STR-003 is a data error and cannot be switched off/,
    ],
    [{ '110000': pack({ 'STR-003': { severity: 'warning' } }) }, /STR-003 is a data error: its severity/],
    [{ '110000': pack({ 'CB-02': { severity: 'error' } }) }, /CB-02\.severity must be warning or finding/],
    [{ '110000': pack({ 'CB-02': { params: { minTermMonths: -1 } } }) }, /between 0 and 1200/],
    [{ '110000': pack({ 'CB-02': { note: 'x' } }) }, /CB-02: unknown setting note/],
    [{ '110000': pack({}) }, /local pack 110000: must change at least one rule/],
    [{ '110000': pack('all') }, /rules must be an object keyed by rule code/],
    [{ beijing: BEIJING }, /local pack beijing: the jurisdiction must be a 6-digit/],
    [{ '110000': { ...BEIJING, citation: { zh: '', en: 'x' } } }, /citation \(the local regulation\)/],
    [{ '110000': { name: BEIJING.name, overrides: BEIJING.overrides } }, /citation/],
    [
      { '110000': { ...BEIJING, overrides: { version: 3, rules: {} } } },
      /overrides: unknown setting version/,
    ],
    [{ '110000': null }, /must be an object \{name, citation, overrides\}/],
  ])('refuses invalid pack %#', (localPacks, message) => {
    const problems = problemsOf({ localPacks: localPacks as never });
    expect(problems.map((p) => p.en).join('; ')).toMatch(message);
    for (const p of problems) expect(p.zh).toMatch(/^地方规则包 /);
  });

  it('lists national and pack problems together', () => {
    const problems = problemsOf({
      rules: { 'CB-99': { enabled: false } },
      localPacks: { '110000': pack({ 'CB-98': {} }) },
    });
    expect(problems.map((p) => p.en)).toEqual([
      'unknown rule CB-99',
      'local pack 110000: unknown rule CB-98',
    ]);
  });
});
