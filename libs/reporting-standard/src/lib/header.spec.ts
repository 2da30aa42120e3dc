import { CALLBACK_COLUMNS, COMPLAINT_COLUMNS, PROFILE_COLUMNS } from './columns';
import { CATALOG_V1 } from './catalog';
import { EMPTY_HEADER, IGNORED_HEADER, resolveHeader } from './header';
import { formatMessage } from './messages';

const requiredKeys = (cols: typeof CALLBACK_COLUMNS) =>
  cols.filter((c) => c.required === 'always').map((c) => c.key);

describe('resolveHeader', () => {
  it('maps English keys in any order', () => {
    const keys = CALLBACK_COLUMNS.map((c) => c.key).reverse();
    const res = resolveHeader('callbacks', keys);
    expect(res.issues).toEqual([]);
    expect(res.usable).toBe(true);
    expect(res.keys).toEqual(keys);
    expect(res.columnPositions[0]).toBe(keys.length - 1);
  });

  it('maps Chinese headers, and a mix of both', () => {
    const zh = COMPLAINT_COLUMNS.map((c) => c.header);
    expect(resolveHeader('complaints', zh).issues).toEqual([]);
    const mixed = COMPLAINT_COLUMNS.map((c, i) => (i % 2 ? c.header : c.key));
    const res = resolveHeader('complaints', mixed);
    expect(res.issues).toEqual([]);
    expect(res.keys).toEqual(COMPLAINT_COLUMNS.map((c) => c.key));
  });

  it('strips a BOM and whitespace, matches keys case-insensitively and full-width brackets', () => {
    const cells = [
      '\uFEFFcallback_type',
      ' POLICY_NO ',
      'Product_Type',
      '销售渠道',
      '保险期间（月）',
      'payment_mode',
      '投保人年龄',
      'underwritten_on',
      'status',
      'caller_is_sales',
    ];
    const res = resolveHeader('callbacks', cells);
    expect(res.issues).toEqual([]);
    expect(res.keys).toEqual([
      'callback_type',
      'policy_no',
      'product_type',
      'channel',
      'term_months',
      'payment_mode',
      'policyholder_age',
      'underwritten_on',
      'status',
      'caller_is_sales',
    ]);
  });

  it('lets conditional and optional columns be left out', () => {
    const res = resolveHeader('callbacks', requiredKeys(CALLBACK_COLUMNS));
    expect(res.issues).toEqual([]);
    expect(res.usable).toBe(true);
  });

  it('reports ONE STR-001 naming every missing required column', () => {
    const res = resolveHeader('callbacks', ['callback_type', '保单号', 'status']);
    expect(res.issues).toHaveLength(1);
    const [issue] = res.issues;
    expect(issue).toMatchObject({ row: 1, rule: 'STR-001', severity: 'error' });
    expect(issue.params?.['columns']).toBe(
      'product_type,channel,term_months,payment_mode,policyholder_age,underwritten_on,caller_is_sales',
    );
    expect(res.usable).toBe(false);
    const zh = formatMessage(issue, CATALOG_V1, 'zh');
    for (const header of ['产品类型(product_type)', '销售渠道(channel)', '回访人为销售人员(caller_is_sales)'])
      expect(zh).toContain(header);
    expect(formatMessage(issue, CATALOG_V1, 'en')).toContain('term_months');
  });

  it('reports each unknown column as STR-002 and still uses the others', () => {
    const res = resolveHeader('profile', [...PROFILE_COLUMNS.map((c) => c.key), '备注', 'extra']);
    expect(res.issues.map((i) => [i.rule, i.value, i.params?.['position']])).toEqual([
      ['STR-002', '备注', 8],
      ['STR-002', 'extra', 9],
    ]);
    expect(res.usable).toBe(true);
    expect(res.positions.slice(-2)).toEqual([IGNORED_HEADER, IGNORED_HEADER]);
  });

  it('reports a duplicated column (key and Chinese name) as an error', () => {
    const res = resolveHeader('profile', [...PROFILE_COLUMNS.map((c) => c.key), '机构代码']);
    expect(res.issues).toHaveLength(1);
    expect(res.issues[0]).toMatchObject({
      rule: 'STR-002',
      column: 'org_code',
      severity: 'error',
      params: { variant: 'duplicate', position: 8, firstPosition: 1 },
    });
    expect(res.usable).toBe(false);
    expect(formatMessage(res.issues[0], CATALOG_V1, 'zh')).toContain('与第1列重复');
  });

  it('ignores empty header cells', () => {
    const res = resolveHeader('profile', [...PROFILE_COLUMNS.map((c) => c.key), '', null]);
    expect(res.issues).toEqual([]);
    expect(res.positions.slice(-2)).toEqual([EMPTY_HEADER, EMPTY_HEADER]);
  });

  it('reports STR-010 once when the first row is data, not a header', () => {
    const res = resolveHeader('callbacks', ['new_business', 'P-1', 'traditional']);
    expect(res.issues).toHaveLength(1);
    expect(res.issues[0]).toMatchObject({ rule: 'STR-010', params: { variant: 'noHeader' } });
    expect(resolveHeader('callbacks', []).issues[0].rule).toBe('STR-010');
  });

  it('never echoes PII from a header cell', () => {
    const res = resolveHeader('profile', [...PROFILE_COLUMNS.map((c) => c.key), '13812345678']);
    expect(JSON.stringify(res.issues)).not.toContain('13812345678');
    expect(res.issues[0].value).toBe('138****5678');
  });
});
