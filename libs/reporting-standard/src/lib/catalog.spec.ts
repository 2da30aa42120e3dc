import {
  CATALOG_V1,
  CATALOG_VERSION,
  CatalogOverrideError,
  findRule,
  resolveCatalog,
  ruleApplies,
} from './catalog';
import { NEW_BUSINESS, COMPLAINT, makeContext } from './testing/fixtures';
import { IMPLEMENTED_RECORD_RULES, validateRow } from './validate-row';

/** Every code of RULES.md. */
const RULES_MD_CODES = [
  'STR-001',
  'STR-002',
  'STR-003',
  'STR-004',
  'STR-005',
  'STR-006',
  'STR-007',
  'STR-008',
  'STR-009',
  'STR-010',
  'STR-011',
  'PII-001',
  'CB-01',
  'CB-02',
  'CB-03',
  'CB-04',
  'CB-05',
  'CB-06',
  'CB-07',
  'CB-08',
  'CB-09',
  'CB-10',
  'CB-11',
  'CB-C1',
  'CB-C2',
  'CP-C1',
  'CL-01',
  'CP-01',
  'CP-02',
  'CP-03',
];

describe('rule catalog v1', () => {
  it('is version 1 and holds every RULES.md code, plus CAL-001 and two warnings', () => {
    expect(CATALOG_VERSION).toBe(1);
    expect(CATALOG_V1.version).toBe(1);
    const codes = CATALOG_V1.rules.map((r) => r.code);
    for (const code of RULES_MD_CODES) expect(codes).toContain(code);
    expect(codes.filter((c) => !RULES_MD_CODES.includes(c))).toEqual(['CAL-001', 'WARN-001', 'WARN-002']);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('gives every rule a bilingual title, citation and message, and a valid scope and severity', () => {
    for (const r of CATALOG_V1.rules) {
      for (const t of [r.title, r.citation, r.message]) {
        expect(t.zh.length).toBeGreaterThan(0);
        expect(t.en.length).toBeGreaterThan(0);
      }
      expect(['record', 'company', 'file']).toContain(r.scope);
      expect(['error', 'warning', 'finding']).toContain(r.severity);
      expect(r.kinds.length).toBeGreaterThan(0);
      expect(r.enabled).toBe(true);
      expect(Object.keys(r.params).sort()).toEqual(Object.keys(r.paramSpecs).sort());
    }
  });

  it('has the severities and scopes of RULES.md', () => {
    const sev = (code: string) => findRule(CATALOG_V1, code)!.severity;
    for (const code of RULES_MD_CODES)
      expect(sev(code)).toBe(code.startsWith('STR') || code === 'PII-001' ? 'error' : 'finding');
    expect(sev('WARN-001')).toBe('warning');
    expect(findRule(CATALOG_V1, 'CB-C1')!.scope).toBe('company');
    expect(findRule(CATALOG_V1, 'STR-001')!.scope).toBe('file');
    expect(findRule(CATALOG_V1, 'CP-02')!.scope).toBe('record');
  });

  it('cites the regulations of RULES.md', () => {
    const zh = (code: string) => findRule(CATALOG_V1, code)!.citation.zh;
    expect(zh('CB-01')).toBe('人身保险业务基本服务规定 第十五条；京保监发[2008]294号 一');
    expect(zh('CB-02')).toBe('人身保险业务基本服务规定 第十五条');
    expect(zh('CB-03')).toBe(
      '人身保险业务基本服务规定 第十五条 (一)–(七)；保险销售行为可回溯管理暂行办法 第十一条',
    );
    expect(zh('CB-04')).toContain('保险销售行为管理办法(2023) 第三十五条');
    expect(zh('CB-05')).toContain('电子化回访通知 六');
    expect(zh('CB-06')).toBe('电子化回访通知 四');
    expect(zh('CB-07')).toBe('中国人寿客户回访管理办法 第五条；电子化回访通知 六');
    expect(zh('CB-08')).toBe('中国人寿客户回访管理办法 第五条 (二)');
    expect(zh('CB-09')).toContain('人身保险业务基本服务规定 第十八条');
    expect(zh('CB-10')).toBe('保险销售行为可回溯管理暂行办法 第五、六条');
    expect(zh('CB-11')).toBe('健康保险管理办法(2019) 第十五条；保监发〔2014〕3号');
    expect(zh('CB-C1')).toBe('中国人寿客户回访管理办法 第七条');
    expect(zh('CB-C2')).toBe('中国人寿客户回访管理办法 第五条');
    expect(zh('CP-C1')).toBe('北京保险业信访回访和督查制度 第五、九条');
    expect(zh('CL-01')).toBe('保险公司理赔申请回访制度 三 1.2');
    expect(zh('CP-01')).toBe('银行业保险业消费投诉处理管理办法 (银保监会令2020年第3号) 第十八、四十三条');
    expect(zh('CP-02')).toBe('北京保险业信访回访和督查制度 第六条');
    expect(zh('CP-03')).toBe('北京保险业信访回访和督查制度 第五、九条');
  });

  it('has the default parameters of RULES.md', () => {
    const p = (code: string) => findRule(CATALOG_V1, code)!.params;
    for (const code of [
      'CB-01',
      'CB-02',
      'CB-03',
      'CB-04',
      'CB-05',
      'CB-06',
      'CB-07',
      'CB-08',
      'CB-09',
      'CB-10',
      'CB-11',
      'CB-C1',
      'CB-C2',
    ]) {
      expect(p(code)['minTermMonths']).toBe(12);
    }
    expect(p('CB-03')).toMatchObject({
      alwaysItems: ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6'],
      periodicItems: ['Q7'],
      salesRecordedItems: ['Q8'],
      newTypeItems: ['Q9'],
      requireQ9ForNewType: false,
      newTypeProducts: ['dividend', 'universal', 'unit_linked'],
    });
    expect(p('CB-09')['problemDeadlineWorkingDays']).toBe(15);
    expect(p('CB-10')['seniorAge']).toBe(60);
    expect(p('CB-11')).toMatchObject({
      minCoolingOffDays: 15,
      coolingOffProductTypes: ['health'],
      coolingOffChannels: ['bancassurance'],
    });
    expect(p('CB-C1')['minSuccessRate']).toBe(0.9);
    expect(p('CB-C2')['maxVisitLetterShare']).toBe(0.1);
    expect(p('CP-C1')['minForwardedCallbackRate']).toBe(1);
    expect(p('CL-01')['claimCallbackWorkingDays']).toBe(5);
    expect(p('CP-01')).toEqual({ limitDays: 15, complexLimitDays: 30, especiallyComplexLimitDays: 60 });
    expect(p('CP-02')['forwardWorkingDays']).toBe(15);
  });

  it('implements every record-level finding and warning of the catalog', () => {
    const record = CATALOG_V1.rules
      .filter((r) => r.scope === 'record' && r.severity !== 'error')
      .map((r) => r.code);
    expect([...IMPLEMENTED_RECORD_RULES].sort()).toEqual(record.sort());
  });

  it('is plain, frozen JSON (served as GET /api/rules)', () => {
    expect(JSON.parse(JSON.stringify(CATALOG_V1))).toEqual(CATALOG_V1);
    expect(Object.isFrozen(CATALOG_V1.rules[0].params)).toBe(true);
    expect(() => {
      (CATALOG_V1.rules[0] as { enabled: boolean }).enabled = false;
    }).toThrow();
  });
});

describe('resolveCatalog', () => {
  it('switches a rule off: it is no longer reported', () => {
    const v2 = resolveCatalog(CATALOG_V1, { version: 2, rules: { 'CB-04': { enabled: false } } });
    const row = { ...NEW_BUSINESS, recording_ref: '' };
    expect(validateRow('callbacks', row, 2, makeContext()).issues.map((i) => i.rule)).toEqual(['CB-04']);
    expect(validateRow('callbacks', row, 2, makeContext({}, v2)).issues).toEqual([]);
    expect(v2.version).toBe(2);
    expect(v2.basedOn).toBe(1);
    expect(findRule(CATALOG_V1, 'CB-04')!.enabled).toBe(true);
  });

  it('changes a parameter: the boundary moves', () => {
    const v2 = resolveCatalog(CATALOG_V1, { version: 2, rules: { 'CP-01': { params: { limitDays: 20 } } } });
    const late = { ...COMPLAINT, decided_on: '2026-03-18' }; // 16 days
    expect(validateRow('complaints', late, 2, makeContext()).issues.map((i) => i.rule)).toEqual(['CP-01']);
    expect(validateRow('complaints', late, 2, makeContext({}, v2)).issues).toEqual([]);
    expect(findRule(v2, 'CP-01')!.params).toEqual({
      limitDays: 20,
      complexLimitDays: 30,
      especiallyComplexLimitDays: 60,
    });
  });

  it('applies effective dates to periods', () => {
    const v2 = resolveCatalog(CATALOG_V1, {
      version: 2,
      rules: { 'CB-04': { effectiveFrom: '2026-07-01' } },
    });
    const row = { ...NEW_BUSINESS, recording_ref: '' };
    expect(validateRow('callbacks', row, 2, makeContext({}, v2)).issues).toEqual([]);
    expect(ruleApplies(findRule(v2, 'CB-04')!, { startsOn: '2026-07-01', endsOn: '2026-12-31' })).toBe(true);
  });

  it('builds on a derived version', () => {
    const v2 = resolveCatalog(CATALOG_V1, { version: 2, rules: { 'CB-04': { enabled: false } } });
    const v3 = resolveCatalog(v2, {
      version: 3,
      rules: { 'CB-04': { enabled: true }, 'CB-10': { params: { seniorAge: 65 } } },
    });
    expect(findRule(v3, 'CB-04')!.enabled).toBe(true);
    expect(findRule(v3, 'CB-10')!.params['seniorAge']).toBe(65);
    expect(v3.basedOn).toBe(2);
  });

  it.each([
    [{ version: 1 }, /version must be a whole number greater than 1/],
    [{ version: 2.5 }, /version/],
    [{ version: 2, rules: { 'CB-99': { enabled: false } } }, /unknown rule CB-99/],
    [
      { version: 2, rules: { 'STR-009': { enabled: false } } },
      /STR-009 is a data error and cannot be switched off/,
    ],
    [{ version: 2, rules: { 'PII-001': { enabled: false } } }, /cannot be switched off/],
    [{ version: 2, rules: { 'CB-09': { params: { deadline: 3 } } } }, /unknown parameter deadline/],
    [
      { version: 2, rules: { 'CB-09': { params: { problemDeadlineWorkingDays: 2.5 } } } },
      /must be an integer/,
    ],
    [{ version: 2, rules: { 'CB-09': { params: { problemDeadlineWorkingDays: 0 } } } }, /between 1 and 250/],
    [{ version: 2, rules: { 'CB-C1': { params: { minSuccessRate: 1.5 } } } }, /between 0 and 1/],
    [{ version: 2, rules: { 'CB-C1': { params: { minSuccessRate: '0.9' } } } }, /must be a number/],
    [{ version: 2, rules: { 'CB-03': { params: { requireQ9ForNewType: 'yes' } } } }, /true or false/],
    [{ version: 2, rules: { 'CB-03': { params: { alwaysItems: ['Q1', 'Q10'] } } } }, /unknown code\(s\) Q10/],
    [
      { version: 2, rules: { 'CB-11': { params: { coolingOffChannels: ['bank'] } } } },
      /unknown code\(s\) bank/,
    ],
    [{ version: 2, rules: { 'CB-01': { enabled: 'no' } } }, /enabled must be true or false/],
    [{ version: 2, rules: { 'CB-01': { severity: 'error' } } }, /CB-01.severity must be warning or finding/],
    [{ version: 2, rules: { 'STR-001': { severity: 'warning' } } }, /data error: its severity cannot change/],
    [{ version: 2, rules: { 'CB-01': { effectiveFrom: '2026-02-30' } } }, /effectiveFrom must be a date/],
  ])('rejects invalid overrides %#', (overrides, message) => {
    expect(() => resolveCatalog(CATALOG_V1, overrides as never)).toThrow(CatalogOverrideError);
    expect(() => resolveCatalog(CATALOG_V1, overrides as never)).toThrow(message);
  });

  it('lists every problem at once', () => {
    try {
      resolveCatalog(CATALOG_V1, { version: 0, rules: { X: {}, 'CB-09': { params: { a: 1 } } } });
      throw new Error('no error');
    } catch (e) {
      expect((e as CatalogOverrideError).problems).toHaveLength(3);
    }
  });
});
