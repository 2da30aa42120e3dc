import {
  CALLBACK_STATUS,
  CALLBACK_TYPE,
  CONFIRMED_ITEM,
  CONFIRMED_ITEMS,
  ENUMS,
  EXTENSION,
  IDENTITY_CHECK,
  parseEnumValue,
  enumLabel,
  COMPLAINT_SOURCE,
} from './enums';

describe('enumerations', () => {
  it('parses the English code or the Chinese label, trimmed', () => {
    expect(parseEnumValue(CALLBACK_TYPE, 'new_business')).toBe('new_business');
    expect(parseEnumValue(CALLBACK_TYPE, '新单回访')).toBe('new_business');
    expect(parseEnumValue(CALLBACK_TYPE, ' 理赔回访 ')).toBe('claim');
    expect(parseEnumValue(COMPLAINT_SOURCE, '12378热线转办')).toBe('hotline');
  });

  it('matches codes case-insensitively and labels with full-width brackets', () => {
    expect(parseEnumValue(CALLBACK_TYPE, 'New_Business')).toBe('new_business');
    expect(parseEnumValue(CALLBACK_STATUS, '未成功(联系不上等)')).toBe('failed');
    expect(parseEnumValue(CALLBACK_STATUS, '未成功（联系不上等）')).toBe('failed');
    expect(parseEnumValue(EXTENSION, '特别复杂（再延长30日）')).toBe('especially_complex');
    expect(parseEnumValue(CONFIRMED_ITEM, 'q7')).toBe('Q7');
  });

  it('rejects anything else', () => {
    expect(parseEnumValue(CALLBACK_TYPE, 'newbusiness')).toBeUndefined();
    expect(parseEnumValue(CALLBACK_TYPE, '新单')).toBeUndefined();
    expect(parseEnumValue(IDENTITY_CHECK, 'password')).toBeUndefined();
  });

  it('round-trips every code and label of every enumeration', () => {
    for (const def of Object.values(ENUMS)) {
      const labels = new Set<string>();
      for (const v of def.values) {
        expect(parseEnumValue(def, v.code)).toBe(v.code);
        expect(parseEnumValue(def, v.label)).toBe(v.code);
        expect(v.en.length).toBeGreaterThan(0);
        labels.add(v.label);
      }
      expect(labels.size).toBe(def.values.length);
    }
  });

  it('has the standard enumerations and their sizes', () => {
    const sizes = Object.fromEntries(Object.entries(ENUMS).map(([k, d]) => [k, d.codes.length]));
    expect(sizes).toEqual({
      callback_type: 6,
      product_type: 9,
      channel: 6,
      payment_mode: 2,
      status: 5,
      method: 4,
      identity_check: 4,
      confirmed_items: 9,
      problems: 6,
      problem_resolution: 4,
      source: 4,
      category: 8,
      extension: 3,
      outcome: 5,
      satisfaction: 4,
    });
  });

  it('describes the confirmed items Q1–Q9 with their source', () => {
    expect(CONFIRMED_ITEMS.map((i) => i.code)).toEqual([
      'Q1',
      'Q2',
      'Q3',
      'Q4',
      'Q5',
      'Q6',
      'Q7',
      'Q8',
      'Q9',
    ]);
    expect(CONFIRMED_ITEMS[6].source.zh).toBe('人身保险业务基本服务规定 第十五条 (七)');
    expect(CONFIRMED_ITEMS[7].source.zh).toBe('保险销售行为可回溯管理暂行办法 第十一条');
    expect(CONFIRMED_ITEMS[8].source.zh).toBe('人身保险新型产品信息披露管理办法(2009)');
    expect(CONFIRMED_ITEMS[0].content.zh).toBe('受访人是否为投保人本人');
  });

  it('gives labels in both languages', () => {
    expect(enumLabel(CALLBACK_TYPE, 'claim', 'zh')).toBe('理赔回访');
    expect(enumLabel(CALLBACK_TYPE, 'claim', 'en')).toBe('claim callback');
    expect(enumLabel(CALLBACK_TYPE, 'unknown', 'en')).toBe('unknown');
  });
});
