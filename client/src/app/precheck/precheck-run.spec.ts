/**
 * @jest-environment node
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { gzipSync } from 'node:zlib';
import type { RuleDto } from './catalog-from-api';
import { runPrecheck, type PrecheckProgress, type PrecheckRequest } from './precheck-run';
import {
  CALLBACK_HEADERS_ZH,
  CALLBACK_KEYS,
  callbackCells,
  callbacksCsv,
  EXPECTED_COUNTS,
  MOBILE,
  ORG_CODE,
  OTHER_ORG_CODE,
} from './testing/callback-fixtures';

const REQUEST: PrecheckRequest = {
  kind: 'callbacks',
  period: '2026H1',
  orgCode: ORG_CODE,
  uploadDate: '2026-07-10',
  catalogVersion: 1,
  rules: [],
  schedules: [],
};

const blob = (bytes: Uint8Array | string) => new Blob([bytes]);

async function xlsxOf(header: readonly string[], rows: readonly (readonly unknown[])[]): Promise<Blob> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('回访明细');
  ws.addRow([...header]);
  for (const r of rows) ws.addRow([...r]);
  return new Blob([new Uint8Array(await wb.xlsx.writeBuffer())]);
}

describe('runPrecheck (the browser pre-check, same library as the server)', () => {
  it('counts every problem of a CSV file per rule, with masked values and messages', async () => {
    const r = await runPrecheck(blob(callbacksCsv()), REQUEST);
    expect(r.format).toBe('csv');
    expect(r.encoding).toBeNull();
    expect(r.rows).toBe(7);
    expect(r.countsByRule).toEqual(EXPECTED_COUNTS);
    expect(r.errors).toBe(4);
    expect(r.findings).toBe(1);
    expect(r.warnings).toBe(0);
    expect(r.sample.map((i) => [i.row, i.rule])).toEqual([
      [3, 'CB-04'],
      [5, 'STR-004'],
      [6, 'STR-005'],
      [7, 'PII-001'],
      [8, 'STR-006'],
    ]);
    const pii = r.sample.find((i) => i.rule === 'PII-001')!;
    expect(pii.value).not.toContain(MOBILE);
    expect(JSON.stringify(r)).not.toContain(MOBILE);
    expect(pii.message.zh).toContain('第7行');
    expect(pii.message.en).toContain('Row 7');
  });

  it('reads the same counts from gzip, from GB18030 with Chinese headers, from LF line ends and from XLSX', async () => {
    const gz = await runPrecheck(blob(new Uint8Array(gzipSync(callbacksCsv()))), REQUEST);
    expect([gz.format, gz.countsByRule, gz.rows]).toEqual(['csv.gz', EXPECTED_COUNTS, 7]);

    const gbk = new Uint8Array(iconv.encode(callbacksCsv({ zh: true }), 'gb18030'));
    const zh = await runPrecheck(blob(gbk), REQUEST);
    expect([zh.encoding, zh.countsByRule, zh.rows]).toEqual(['gb18030', EXPECTED_COUNTS, 7]);

    const lf = await runPrecheck(blob(callbacksCsv({ eol: '\n' })), REQUEST);
    expect(lf.countsByRule).toEqual(EXPECTED_COUNTS);

    const xlsx = await runPrecheck(await xlsxOf(CALLBACK_HEADERS_ZH, callbackCells()), REQUEST);
    expect([xlsx.format, xlsx.countsByRule, xlsx.rows]).toEqual(['xlsx', EXPECTED_COUNTS, 7]);
  });

  it('reads real Excel date cells as dates', async () => {
    const rows = callbackCells().map((cells) =>
      cells.map((v, i) => (CALLBACK_KEYS[i].endsWith('_on') && v ? new Date(`${v}T00:00:00Z`) : v)),
    );
    const file = await xlsxOf(CALLBACK_KEYS, rows);
    const r = await runPrecheck(file, REQUEST);
    expect(r.countsByRule).toEqual(EXPECTED_COUNTS);
  });

  it('reports an unreadable file as one STR-010 and nothing else', async () => {
    for (const bytes of [
      '%PDF-1.7\n...',
      new Uint8Array([0xff, 0xfe, 0x61, 0x00]),
      new Uint8Array(gzipSync(callbacksCsv())).subarray(0, 200),
      callbacksCsv() + '"unclosed,quote\r\n',
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]),
    ]) {
      const r = await runPrecheck(blob(bytes), REQUEST);
      expect(r.countsByRule).toEqual({ 'STR-010': 1 });
      expect([r.errors, r.warnings, r.findings]).toEqual([1, 0, 0]);
      expect(r.sample).toHaveLength(1);
      expect(r.sample[0].message.zh).toContain('STR-010');
    }
  });

  it('reports an empty file and a header without rows as the library does', async () => {
    expect((await runPrecheck(blob(''), REQUEST)).countsByRule).toEqual({ 'STR-010': 1 });
    const headerOnly = CALLBACK_KEYS.join(',') + '\r\n';
    expect((await runPrecheck(blob(headerOnly), REQUEST)).countsByRule).toEqual({ 'WARN-002': 1 });
  });

  it('checks a profile against the submitting insurer (STR-011)', async () => {
    const csv =
      'org_code,premium_income,new_policies,policies_in_force,insured_persons,sales_staff,employees\r\n' +
      `${OTHER_ORG_CODE},123456.78,1000,50000,60000,300,120\r\n`;
    const r = await runPrecheck(blob(csv), { ...REQUEST, kind: 'profile' });
    expect(r.countsByRule).toEqual({ 'STR-011': 1 });
    const own = await runPrecheck(blob(csv.replace(OTHER_ORG_CODE, ORG_CODE)), {
      ...REQUEST,
      kind: 'profile',
    });
    expect(own.countsByRule).toEqual({});
  });

  it('applies the catalog version the server serves (a switched-off rule, a parameter)', async () => {
    const rules: RuleDto[] = [
      {
        code: 'CB-04',
        title: { zh: '', en: '' },
        severity: 'finding',
        scope: 'record',
        citation: { zh: '', en: '' },
        params: { minTermMonths: 12 },
        enabled: false,
      },
      {
        code: 'XX-99',
        title: { zh: '地方规则', en: 'local rule' },
        severity: 'finding',
        scope: 'record',
        citation: { zh: '', en: '' },
        params: {},
      },
    ];
    const r = await runPrecheck(blob(callbacksCsv()), { ...REQUEST, catalogVersion: 2, rules });
    expect(r.countsByRule).toEqual(
      Object.fromEntries(Object.entries(EXPECTED_COUNTS).filter(([rule]) => rule !== 'CB-04')),
    );
    expect(r.unknownRules).toEqual(['XX-99']);
    expect(r.catalogVersion).toBe(2);

    // the CB rules only look at terms above minTermMonths: raised to 120, the 120-month row is out of scope
    const raised = await runPrecheck(blob(callbacksCsv()), {
      ...REQUEST,
      catalogVersion: 2,
      rules: [{ ...rules[0], enabled: true, params: { minTermMonths: 120 } }],
    });
    expect(raised.countsByRule['CB-04']).toBeUndefined();
  });

  it('posts progress while reading, ending with every row', async () => {
    const many = callbacksCsv() + Array.from({ length: 3000 }, (_, i) => `claim,X-${i},C-${i}`).join('\r\n');
    const seen: PrecheckProgress[] = [];
    let clock = 0;
    const r = await runPrecheck(
      blob(many),
      REQUEST,
      (p) => seen.push(p),
      () => (clock += 1000),
    );
    expect(seen.length).toBeGreaterThan(0);
    const last = seen[seen.length - 1];
    expect(last.rows).toBe(r.rows);
    expect(last.bytesRead).toBe(last.totalBytes);
    for (let i = 1; i < seen.length; i++) expect(seen[i].rows).toBeGreaterThanOrEqual(seen[i - 1].rows);
  });
});
