import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

/** Reading PDFs back as a person's tools would (poppler-utils): text, fonts, and page 1 as a picture. */
function withTempPdf<T>(pdf: Buffer, fn: (file: string, dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-inspect-'));
  const file = path.join(dir, 'doc.pdf');
  fs.writeFileSync(file, pdf);
  try {
    return fn(file, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `pdftotext -layout`: table rows stay on one line. */
export function pdfText(pdf: Buffer, layout = true): string {
  return withTempPdf(pdf, (file) =>
    execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-'], {
      maxBuffer: 64 * 1024 * 1024,
    }).toString('utf8'),
  );
}

export function pdfFonts(pdf: Buffer): string {
  return withTempPdf(pdf, (file) => execFileSync('pdffonts', [file]).toString('utf8'));
}

export function pdfInfo(pdf: Buffer): Record<string, string> {
  const out = withTempPdf(pdf, (file) => execFileSync('pdfinfo', [file]).toString('utf8'));
  return Object.fromEntries(
    out
      .split('\n')
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]),
  );
}

/** The document outline (bookmarks) as `pdftohtml -xml` lists it: one entry per item, nesting by depth. */
export function pdfOutline(pdf: Buffer): { title: string; page: number; depth: number }[] {
  const xml = withTempPdf(pdf, (file) =>
    execFileSync('pdftohtml', ['-xml', '-stdout', '-i', '-q', file], {
      maxBuffer: 64 * 1024 * 1024,
    }).toString('utf8'),
  );
  const items: { title: string; page: number; depth: number }[] = [];
  let depth = 0;
  for (const m of xml.matchAll(/<outline>|<\/outline>|<item page="(\d+)">([^<]*)<\/item>/g)) {
    if (m[0] === '<outline>') depth++;
    else if (m[0] === '</outline>') depth--;
    else items.push({ title: m[2], page: Number(m[1]), depth });
  }
  return items;
}

export interface PagePicture {
  png: Buffer;
  width: number;
  height: number;
  /** Share of pixels darker than light grey (0–1). */
  inkShare: number;
}

/** Page 1 as a grey PNG (`pdftoppm -png -gray -r 60 -f 1 -l 1`), saved to `savePath` when given. */
export function firstPagePng(pdf: Buffer, savePath?: string): PagePicture {
  const png = withTempPdf(pdf, (file, dir) => {
    execFileSync('pdftoppm', ['-png', '-gray', '-r', '60', '-f', '1', '-l', '1', file, path.join(dir, 'p')]);
    const out = fs.readdirSync(dir).find((f) => f.endsWith('.png'));
    if (!out) throw new Error('pdftoppm produced no PNG');
    return fs.readFileSync(path.join(dir, out));
  });
  if (savePath) {
    fs.mkdirSync(path.dirname(savePath), { recursive: true });
    fs.writeFileSync(savePath, png);
  }
  const { width, height, pixels } = decodeGreyPng(png);
  let ink = 0;
  for (const v of pixels) if (v < 200) ink++;
  return { png, width, height, inkShare: ink / pixels.length };
}

/**
 * A minimal decoder for 8-bit, non-interlaced greyscale or RGB PNGs (what `pdftoppm -png` writes), returning
 * one grey value per pixel.
 */
export function decodeGreyPng(png: Buffer): { width: number; height: number; pixels: Uint8Array } {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 1;
  const idat: Buffer[] = [];
  while (pos < png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.toString('ascii', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || (data[9] !== 0 && data[9] !== 2) || data[12] !== 0) {
        throw new Error('expected an 8-bit grey or RGB, non-interlaced PNG');
      }
      channels = data[9] === 2 ? 3 : 1;
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(width * height);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const cur = new Uint8Array(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? cur[x - channels] : 0;
      const b = prev[x];
      const c = x >= channels ? prev[x - channels] : 0;
      let v = line[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      cur[x] = v & 0xff;
    }
    for (let x = 0; x < width; x++) {
      pixels[y * width + x] =
        channels === 1
          ? cur[x]
          : Math.round(0.299 * cur[x * 3] + 0.587 * cur[x * 3 + 1] + 0.114 * cur[x * 3 + 2]);
    }
    prev = cur;
  }
  return { width, height, pixels };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A table row in `pdftotext -layout` output: the name followed by exactly these cells, in order. */
export function rowPattern(name: string, cells: string[]): RegExp {
  return new RegExp(`${escapeRe(name)}\\s+${cells.map(escapeRe).join('\\s+')}(\\s|$)`, 'm');
}
