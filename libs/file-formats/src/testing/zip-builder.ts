/**
 * Test support: builds a zip (an XLSX is one) from named parts, in plain TypeScript. Entries are stored
 * unless a `deflate` function is given (tests pass Node's `deflateRawSync`).
 */
export interface ZipPart {
  readonly name: string;
  readonly data: Uint8Array | string;
  /** Declare this uncompressed size instead of the true one (a lying archive). */
  readonly declaredSize?: number;
  /** Store this part even when the others are deflated. */
  readonly stored?: boolean;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function buildZip(parts: readonly ZipPart[], deflate?: (data: Uint8Array) => Uint8Array): Uint8Array {
  const enc = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const part of parts) {
    const data = typeof part.data === 'string' ? enc.encode(part.data) : part.data;
    const name = enc.encode(part.name);
    const compress = part.stored ? undefined : deflate;
    const body = compress ? compress(data) : data;
    const method = compress ? 8 : 0;
    const size = part.declaredSize ?? data.length;
    const crc = crc32(data);
    const local = new Uint8Array(30 + name.length + body.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, method, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, body.length, true);
    lv.setUint32(22, size, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    local.set(body, 30 + name.length);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, method, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, body.length, true);
    cv.setUint32(24, size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const cdSize = centrals.reduce((n, c) => n + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, parts.length, true);
  ev.setUint16(10, parts.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + cdSize + 22);
  let at = 0;
  for (const p of [...locals, ...centrals, eocd]) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface MinimalXlsx {
  sheetData: string;
  sharedStrings?: string;
  styles?: string;
  date1904?: boolean;
  otherSheetData?: string;
  deflate?: (data: Uint8Array) => Uint8Array;
}

/**
 * A minimal XLSX: `sheetData` is the inner XML of `<sheetData>`; shared strings and styles as given.
 * With `otherSheetData`, the workbook lists `sheet2.xml` first: its first sheet is not the first part.
 * The worksheets come before `styles.xml` and `sharedStrings.xml` in the archive, as Excel writes them.
 */
export function minimalXlsx(opts: MinimalXlsx): Uint8Array {
  return buildZip(xlsxParts(opts), opts.deflate);
}

/** The parts of `minimalXlsx`, in its order, to be zipped in another order. */
export function xlsxParts(opts: MinimalXlsx): ZipPart[] {
  const sheets = opts.otherSheetData !== undefined;
  const parts: ZipPart[] = [
    {
      name: '[Content_Types].xml',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>${sheets ? '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' : ''}</Types>`,
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="${NS}" xmlns:r="${REL_NS}"><workbookPr${opts.date1904 ? ' date1904="1"' : ''}/><sheets>${
        sheets ? '<sheet name="首页" sheetId="2" r:id="rId2"/>' : ''
      }<sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>${
        sheets ? `<Relationship Id="rId2" Type="${REL_NS}/worksheet" Target="worksheets/sheet2.xml"/>` : ''
      }<Relationship Id="rId3" Type="${REL_NS}/styles" Target="styles.xml"/><Relationship Id="rId4" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="${NS}" xmlns:r="${REL_NS}"><sheetData>${opts.sheetData}</sheetData></worksheet>`,
    },
  ];
  if (sheets)
    parts.push({
      name: 'xl/worksheets/sheet2.xml',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="${NS}"><sheetData>${opts.otherSheetData}</sheetData></worksheet>`,
    });
  parts.push({
    name: 'xl/styles.xml',
    data:
      opts.styles ??
      `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${NS}"><cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>`,
  });
  parts.push({
    name: 'xl/sharedStrings.xml',
    data:
      opts.sharedStrings ??
      `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}" count="0" uniqueCount="0"></sst>`,
  });
  return parts;
}
