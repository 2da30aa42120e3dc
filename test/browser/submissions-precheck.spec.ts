import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { mkdtemp, readFile as readFs, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { generateDemo, type DemoManifest, type ManifestFile } from '@portal/demo-data';
import type { CellValue } from '@portal/reporting-standard';
import { parseCsv } from '../../libs/demo-data/src/lib/testing';
import { readRows } from '../../server/src/app/ingest/read-rows';
import { UnreadableFileError } from '@portal/file-formats';
import { runPrecheck, type PrecheckRequest } from '../../client/src/app/precheck/precheck-run';
import { readFile } from '../../client/src/app/precheck/read-file';
import { bytesSource, openZip, readEntry } from '@portal/file-formats';
import { buildZip, minimalXlsx } from '@portal/file-formats/testing';

/**
 * The browser pre-check reads files exactly as the server does. The client's reader (`readFile`: sniffing,
 * gzip, UTF-8/GB18030 detection, the RFC 4180 parser, the XLSX reader) and the server's `readRows` (Node
 * streams, zlib) run over the same bytes — demo files in every variant, spreadsheets with every
 * cell type, broken files — and must deliver the same header, the same rows with the same row numbers and
 * cell values, or refuse the same files. (Both read XLSX with the shared reader of `@portal/file-formats`,
 * the server from disk by byte ranges, the browser from a Blob; the rest of the readers differ.) Then the pre-check's counts per rule are held against the demo
 * generator's known answers. (Not a browser test: it runs the worker's code in Node, next to the journey.)
 */

type Outcome =
  | { rows: [number | 'header', string[]][]; format: string; encoding: string | null }
  | { unreadable: string };

function show(v: CellValue): string {
  if (v === undefined || v === null) return '∅';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'D:invalid' : `D:${v.toISOString()}`;
  return `${typeof v}:${String(v)}`;
}

function normalise(cells: readonly CellValue[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < cells.length; i++) out.push(show(cells[i]));
  while (out.length > 0 && out[out.length - 1] === '∅') out.pop();
  return out;
}

async function serverRead(path: string): Promise<Outcome> {
  const rows: [number | 'header', string[]][] = [];
  try {
    const r = await readRows(path, {
      header: (cells) => rows.push(['header', normalise(cells)]),
      row: (cells, rowNo) => rows.push([rowNo, normalise(cells)]),
      drain: () => undefined,
    });
    return { rows, format: r.format, encoding: r.encoding };
  } catch (e) {
    if (e instanceof UnreadableFileError) return { unreadable: e.variant };
    throw e;
  }
}

async function clientRead(bytes: Uint8Array): Promise<Outcome> {
  const rows: [number | 'header', string[]][] = [];
  try {
    const r = await readFile(new Blob([new Uint8Array(bytes)]), {
      header: (cells) => rows.push(['header', normalise(cells)]),
      row: (cells, rowNo) => rows.push([rowNo, normalise(cells)]),
    });
    return { rows, format: r.format, encoding: r.encoding };
  } catch (e) {
    if (e instanceof UnreadableFileError) return { unreadable: e.variant };
    throw e;
  }
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const deflate = (d: Uint8Array) => new Uint8Array(deflateRawSync(d));

/** Spreadsheet parts with every cell type and the reader quirks the server has (exceljs). */
const QUIRKS = {
  styles: `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${NS}">
<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/><numFmt numFmtId="165" formatCode="[$-409]0.00"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="14"/><xf numFmtId="31"/><xf numFmtId="165"/><xf numFmtId="22"/></cellXfs>
</styleSheet>`,
  sharedStrings: `<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="${NS}">
  <si><t>a</t></si>
  <si><r><t>a</t></r><r><rPr><b/></rPr><t>b</t></r></si>
  <si><t>主</t><rPh sb="0" eb="1"><t>zhu</t></rPh></si>
  <si><t/></si>
  <si><t xml:space="preserve">  spaced &amp; &#x4E2D; </t></si>
</sst>`,
  sheetData: `
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>b</t></is></c><c r="C1" t="str"><v>c &amp;amp; d</v></c></row>
<row r="3" spans="1:16"><c r="A3" s="1"><v>46113</v></c><c r="B3" s="2"><v>46113.5</v></c><c r="C3" s="3"><v>46113</v></c><c r="D3" t="b"><v>1</v></c><c r="E3" t="e"><v>#N/A</v></c><c r="F3"><f>1+1</f><v>2</v></c><c r="G3" t="str"><f>"x"</f><v>x</v></c><c r="H3" t="s"><v>1</v></c><c r="I3" t="s"><v>2</v></c><c r="K3" t="s"><v>3</v></c><c r="L3" s="1"/><c r="M3" t="inlineStr"><is><r><t>x</t></r><r><t>y</t></r></is></c><c r="N3"><v>0012</v></c><c r="O3" s="4"><v>3.5</v></c><c r="P3" t="s"><v>4</v></c></row>
<row r="4"/>
<row r="6"><c r="B6" t="inlineStr"><is><t xml:space="preserve"> two
lines </t></is></c><c r="C6" s="5"><v>46113.25</v></c><c r="D6" t="b"><f>TRUE()</f><v>1</v></c><c r="E6" s="1"><f>DATE(2026,4,1)</f><v>46113</v></c></row>`,
};

describe('the browser pre-check reads files exactly as the server does', () => {
  let dir: string;
  const cases = new Map<string, Uint8Array>();
  const demo: { manifest: DemoManifest; root: string }[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'precheck-parity-'));
    const variants = [
      { name: 'en', opts: {}, knownAnswers: true },
      { name: 'zh-bom', opts: { headers: 'zh' as const, bom: true }, knownAnswers: true },
      { name: 'gzip', opts: { gzip: true }, knownAnswers: true },
      { name: 'zh-labels', opts: { headers: 'zh' as const, zhLabels: true }, knownAnswers: true },
    ];
    for (const v of variants) {
      const root = join(dir, v.name);
      const manifest = await generateDemo({
        outDir: root,
        orgs: ['MHRS', 'MQCX'],
        periods: ['2026H1'],
        scale: 0.15,
        ...v.opts,
      });
      if (v.knownAnswers) demo.push({ manifest, root });
      for (const f of manifest.files)
        cases.set(`${v.name}:${f.path}`, new Uint8Array(await readFs(join(root, f.path))));
    }
    // GB18030 (what Excel on a Chinese Windows writes), CRLF and LF
    for (const [name, bytes] of [...cases]) {
      if (!name.startsWith('zh-bom:')) continue;
      const text = new TextDecoder().decode(bytes);
      cases.set(`gb18030:${name}`, new Uint8Array(iconv.encode(text, 'gb18030')));
      cases.set(`lf:${name}`, new TextEncoder().encode(text.replace(/\r\n/g, '\n')));
    }
    // XLSX: a demo callbacks file as a spreadsheet, dates as real date cells, numbers as numbers
    const callbacks = [...cases].find(
      ([n]) => n.startsWith('en:') && n.endsWith('-callbacks.v1-invalid.csv'),
    );
    if (!callbacks) throw new Error('the demo has no invalid callbacks file');
    const table = parseCsv(new TextDecoder().decode(callbacks[1]));
    for (const dateFormat of ['yyyy-mm-dd', 'mm-dd-yy']) {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('回访明细');
      const header = table[0];
      ws.addRow(header);
      for (const row of table.slice(1)) {
        ws.addRow(
          row.map((v, i) => {
            if (header[i].endsWith('_on') && /^\d{4}-\d{2}-\d{2}$/.test(v)) return new Date(`${v}T00:00:00Z`);
            if (/^(term_months|policyholder_age|cooling_off_days)$/.test(header[i]) && /^\d+$/.test(v))
              return Number(v);
            return v === '' ? null : v;
          }),
        );
      }
      header.forEach((h, i) => {
        if (h.endsWith('_on')) ws.getColumn(i + 1).numFmt = dateFormat;
      });
      cases.set(`xlsx-${dateFormat}`, new Uint8Array(await wb.xlsx.writeBuffer()));
    }
    // the worksheet before sharedStrings.xml and styles.xml in the archive, stored (as Excel and exceljs
    // order them; exceljs' streaming reader, the server's reader before, sometimes read such a file with
    // empty shared strings and dates as numbers)
    const excelWritten = bytesSource(cases.get('xlsx-yyyy-mm-dd')!);
    const parts: { name: string; data: Uint8Array }[] = [];
    for (const e of await openZip(excelWritten))
      parts.push({ name: e.name, data: await readEntry(excelWritten, e) });
    const sheetFirst = [
      ...parts.filter((p) => p.name === 'xl/workbook.xml' || p.name.startsWith('xl/worksheets/')),
      ...parts.filter((p) => !(p.name === 'xl/workbook.xml' || p.name.startsWith('xl/worksheets/'))),
    ];
    cases.set('xlsx-sheet-before-shared-strings-stored', buildZip(sheetFirst));
    cases.set('xlsx-sheet-before-shared-strings-deflated', buildZip(sheetFirst, deflate));
    cases.set('xlsx-quirks-stored', minimalXlsx(QUIRKS));
    cases.set('xlsx-quirks-deflated', minimalXlsx({ ...QUIRKS, deflate }));
    cases.set(
      'xlsx-first-sheet-not-first-part',
      minimalXlsx({
        sheetData: '<row r="1"><c r="A1" t="inlineStr"><is><t>second</t></is></c></row>',
        otherSheetData: '<row r="2"><c r="B2" t="inlineStr"><is><t>first</t></is></c></row>',
        deflate,
      }),
    );

    // broken files: each must be refused by both
    const csv = callbacks[1];
    const enc = new TextEncoder();
    cases.set(
      'broken:unclosed-quote',
      enc.encode(new TextDecoder().decode(csv) + '"never closed,\r\n1,2\r\n'),
    );
    cases.set('broken:text-after-quote', enc.encode('a,b\r\n"x"y,1\r\n'));
    cases.set(
      'broken:mixed-encodings',
      new Uint8Array([
        ...enc.encode('回访类型,保单号\r\n' + 'x'.repeat(9000) + '\r\n'),
        ...iconv.encode('新单回访,P\r\n', 'gbk'),
      ]),
    );
    cases.set('broken:neither-encoding', new Uint8Array([0x61, 0x2c, 0x80, 0xff, 0x0d, 0x0a]));
    cases.set('broken:utf16', new Uint8Array(iconv.encode('\ufeffa,b\r\n', 'utf16-le')));
    cases.set('broken:pdf', enc.encode('%PDF-1.7\n'));
    cases.set(
      'broken:nul-later',
      new Uint8Array([...enc.encode('a,b\r\n' + 'x'.repeat(5000)), 0, ...enc.encode('\r\n')]),
    );
    cases.set('broken:truncated-gzip', new Uint8Array(gzipSync(csv)).subarray(0, 500));
    cases.set('broken:gzip-in-gzip', new Uint8Array(gzipSync(gzipSync(csv))));
    cases.set('broken:xlsx-in-gzip', new Uint8Array(gzipSync(minimalXlsx({ ...QUIRKS, deflate }))));
    const good = minimalXlsx({ ...QUIRKS, deflate });
    cases.set('broken:truncated-xlsx', good.subarray(0, good.length - 40));
    const lying = good.slice();
    const view = new DataView(lying.buffer);
    const cd = view.getUint32(lying.length - 22 + 16, true);
    view.setUint32(cd + 24, view.getUint32(cd + 24, true) - 1, true);
    view.setUint32(22, view.getUint32(22, true) - 1, true);
    cases.set('broken:xlsx-size-lie', lying);
    cases.set('broken:xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    cases.set('empty', new Uint8Array(0));
    cases.set('header-only-lf-no-eol', enc.encode('callback_type,policy_no'));
  }, 120_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('delivers the same rows, or refuses the same files, for every case', async () => {
    expect(cases.size).toBeGreaterThan(30);
    let rows = 0;
    let refused = 0;
    let n = 0;
    const sheetFirstReads: Outcome[] = [];
    const written = async (name: string) => {
      const path = join(dir, `again-${n++}.bin`);
      await writeFile(path, cases.get(name)!);
      return path;
    };
    for (const [name, bytes] of cases) {
      const path = join(dir, `case-${n++}.bin`);
      await writeFile(path, bytes);
      const [server, client] = [await serverRead(path), await clientRead(bytes)];
      // one failure message naming the case is worth more than a diff of thousands of rows
      if (JSON.stringify(server) !== JSON.stringify(client)) {
        expect({ name, client }).toEqual({ name, client: server });
      }
      if (name.startsWith('xlsx-sheet-before-shared-strings')) sheetFirstReads.push(server);
      if ('unreadable' in server) {
        refused++;
        expect(name.startsWith('broken:')).toBe(true);
      } else {
        rows += server.rows.length;
        expect(name.startsWith('broken:')).toBe(false);
      }
    }
    expect(refused).toBe([...cases.keys()].filter((n) => n.startsWith('broken:')).length);
    // the reordered archives read exactly as the original: strings and real date cells present
    const original = await serverRead(await written('xlsx-yyyy-mm-dd'));
    expect(sheetFirstReads).toEqual([original, original]);
    expect(JSON.stringify(original)).toContain('"string:');
    expect(JSON.stringify(original)).toContain('"D:2026-');
    expect(rows).toBeGreaterThan(5_000);
  });

  it('counts what the demo generator planted: its findings, and the errors of the invalid first versions', async () => {
    let checked = 0;
    for (const { manifest, root } of demo) {
      for (const f of manifest.files as ManifestFile[]) {
        const org = manifest.orgs.find((o) => o.code === f.orgCode)!;
        const request: PrecheckRequest = {
          kind: f.kind,
          period: f.period,
          orgCode: org.code,
          uploadDate: '2026-11-25',
          catalogVersion: 1,
          rules: [],
          schedules: [],
        };
        const r = await runPrecheck(new Blob([new Uint8Array(await readFs(join(root, f.path)))]), request);
        expect([f.path, r.rows]).toEqual([f.path, f.rows]);
        const findings = Object.fromEntries(
          Object.entries(r.countsByRule).filter(([rule]) => !/^(STR|PII|CAL|WARN)-/.test(rule)),
        );
        const errors = Object.fromEntries(
          Object.entries(r.countsByRule).filter(([rule]) => /^(STR|PII|CAL)-/.test(rule)),
        );
        if (f.valid) {
          const expected = Object.fromEntries(
            Object.entries(f.expected?.findings ?? {}).filter(([, n]) => n > 0),
          );
          expect([f.path, findings, errors]).toEqual([f.path, expected, {}]);
        } else {
          const planted: Record<string, number> = {};
          for (const e of f.expectedErrors ?? []) planted[e.rule] = (planted[e.rule] ?? 0) + 1;
          expect([f.path, errors]).toEqual([f.path, planted]);
          expect(r.sample.filter((i) => i.severity === 'error').map((i) => i.row)).toEqual(
            (f.expectedErrors ?? []).map((e) => e.row).sort((a, b) => a - b),
          );
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(15);
  });
});
