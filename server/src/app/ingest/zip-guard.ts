import { open, type FileHandle } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';
import { unreadable } from '@portal/file-formats';

/**
 * Bounds on an XLSX (a zip) before exceljs may open it. exceljs streams the zip through `unzipper`, which
 * inflates whatever the archive holds and exposes no size limit, so a zip bomb (a few kilobytes that
 * inflate to gigabytes, or one cell of gigabytes that the XML parser would buffer) must be stopped here.
 */
export interface ZipLimits {
  /** Entries in the archive. */
  readonly maxEntries: number;
  /** Sum of the uncompressed sizes. */
  readonly maxTotalBytes: number;
  /** Uncompressed ÷ compressed, checked for entries larger than `ratioFloorBytes`. */
  readonly maxRatio: number;
  readonly ratioFloorBytes: number;
  /** Entries exceljs keeps in memory (shared strings, styles, workbook). */
  readonly maxInMemoryEntryBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 2000,
  // Excel's own limit is 1,048,576 rows; such a sheet of the standard's 26 columns is about 1 GB of XML.
  maxTotalBytes: 2 * 1024 ** 3,
  // Spreadsheet XML compresses 5–30×; deflate's theoretical maximum is about 1000×.
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
  maxInMemoryEntryBytes: 128 * 1024 * 1024,
};

const IN_MEMORY_ENTRIES =
  /^(xl\/sharedStrings\.xml|xl\/styles\.xml|xl\/workbook\.xml|xl\/_rels\/workbook\.xml\.rels)$/;

const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;
const LFH_SIG = 0x04034b50;
const DD_SIG = 0x08074b50;

interface Entry {
  name: string;
  flags: number;
  method: number;
  compressed: number;
  uncompressed: number;
  offset: number;
}

const bad = (zh: string, en: string) =>
  unreadable('format', `XLSX 文件结构异常：${zh}`, `malformed XLSX: ${en}`);
const bomb = (zh: string, en: string) =>
  unreadable(
    'format',
    `XLSX 解压后过大（疑似压缩炸弹）：${zh}`,
    `the XLSX inflates too much (zip bomb?): ${en}`,
  );

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  if (bytesRead !== length) throw bad('文件被截断', 'the file is truncated');
  return buf;
}

/**
 * Checks the archive at `path` from its central directory and its local headers, then inflates every entry
 * once (counting, never buffering) to prove each one holds what it declares. Throws STR-010 otherwise.
 * Also ensures the local entries tile the file exactly as the central directory says, so the streaming unzip
 * used by exceljs sees precisely the entries checked here.
 */
export async function checkZip(path: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<void> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const entries = await centralDirectory(fh, size, limits);
    let total = 0;
    for (const e of entries) {
      total += e.uncompressed;
      if (total > limits.maxTotalBytes)
        throw bomb(`合计超过 ${mib(limits.maxTotalBytes)}`, `more than ${mib(limits.maxTotalBytes)} in all`);
      if (
        e.uncompressed > limits.ratioFloorBytes &&
        e.uncompressed > limits.maxRatio * Math.max(e.compressed, 1)
      )
        throw bomb(
          `${e.name} 压缩比超过 ${limits.maxRatio}:1`,
          `${e.name} is compressed more than ${limits.maxRatio}:1`,
        );
      if (IN_MEMORY_ENTRIES.test(e.name) && e.uncompressed > limits.maxInMemoryEntryBytes)
        throw bomb(
          `${e.name} 超过 ${mib(limits.maxInMemoryEntryBytes)}`,
          `${e.name} is larger than ${mib(limits.maxInMemoryEntryBytes)}`,
        );
    }
    let expected = 0;
    for (const e of [...entries].sort((a, b) => a.offset - b.offset)) {
      if (e.offset !== expected) throw bad('存在目录之外的数据', 'data outside the central directory');
      expected = await verifyEntry(fh, e);
    }
    return;
  } finally {
    await fh.close();
  }
}

async function centralDirectory(fh: FileHandle, size: number, limits: ZipLimits): Promise<Entry[]> {
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await readAt(fh, size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad('找不到中央目录（文件不完整？）', 'no central directory (truncated file?)');
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (tail.readUInt16LE(eocd + 4) !== 0 || tail.readUInt16LE(eocd + 6) !== 0)
    throw bad('不支持分卷压缩', 'multi-volume archives are not supported');
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff)
    throw bad('ZIP64 格式（文件过大），请改用 CSV', 'ZIP64 (too large for XLSX): send CSV instead');
  if (count > limits.maxEntries)
    throw bomb(`超过 ${limits.maxEntries} 个条目`, `more than ${limits.maxEntries} entries`);
  const eocdPosition = size - tailLength + eocd;
  if (cdOffset + cdSize > eocdPosition) throw bad('中央目录位置无效', 'central directory out of bounds');
  const cd = await readAt(fh, cdOffset, cdSize);
  const entries: Entry[] = [];
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CDH_SIG)
      throw bad('中央目录损坏', 'corrupt central directory');
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const compressed = cd.readUInt32LE(p + 20);
    const uncompressed = cd.readUInt32LE(p + 24);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    const offset = cd.readUInt32LE(p + 42);
    const name = cd.toString('utf8', p + 46, p + 46 + nameLength);
    if (compressed === 0xffffffff || uncompressed === 0xffffffff || offset === 0xffffffff)
      throw bad('ZIP64 格式（文件过大），请改用 CSV', 'ZIP64 (too large for XLSX): send CSV instead');
    if (flags & 0x1) throw bad(`${name} 已加密`, `${name} is encrypted`);
    if (method !== 0 && method !== 8)
      throw bad(`${name} 使用了不支持的压缩方法 ${method}`, `${name} uses compression method ${method}`);
    if (offset >= cdOffset) throw bad('条目位置无效', 'entry out of bounds');
    entries.push({ name, flags, method, compressed, uncompressed, offset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Inflates one entry, counting; returns the offset just after it (and its data descriptor, if any). */
async function verifyEntry(fh: FileHandle, e: Entry): Promise<number> {
  const lfh = await readAt(fh, e.offset, 30);
  if (lfh.readUInt32LE(0) !== LFH_SIG) throw bad('本地文件头损坏', 'corrupt local header');
  const nameLength = lfh.readUInt16LE(26);
  const extraLength = lfh.readUInt16LE(28);
  const name = (await readAt(fh, e.offset + 30, nameLength)).toString('utf8');
  if (name !== e.name)
    throw bad('本地文件头与中央目录不一致', 'local header does not match the central directory');
  const usesDescriptor = (lfh.readUInt16LE(6) & 0x8) !== 0;
  if (!usesDescriptor && (lfh.readUInt32LE(18) !== e.compressed || lfh.readUInt32LE(22) !== e.uncompressed))
    throw bad(`${name} 的大小与中央目录不一致`, `${name}: sizes differ from the central directory`);
  const dataStart = e.offset + 30 + nameLength + extraLength;
  const produced = await inflatedSize(fh, dataStart, e);
  if (produced !== e.uncompressed)
    throw bomb(
      `${name} 解压后为 ${produced} 字节，而声明为 ${e.uncompressed} 字节`,
      `${name} inflates to ${produced} bytes, not the ${e.uncompressed} it declares`,
    );
  let end = dataStart + e.compressed;
  if (usesDescriptor) {
    const dd = await readAt(fh, end, 4);
    end += dd.readUInt32LE(0) === DD_SIG ? 16 : 12;
  }
  return end;
}

/** Uncompressed bytes of an entry, stopping as soon as it exceeds what it declares. */
async function inflatedSize(fh: FileHandle, start: number, e: Entry): Promise<number> {
  if (e.method === 0) return e.compressed;
  const inflate = createInflateRaw();
  let produced = 0;
  let overflow = false;
  const done = new Promise<void>((resolve, reject) => {
    inflate.on('data', (chunk: Buffer) => {
      produced += chunk.length;
      if (produced > e.uncompressed && !overflow) {
        overflow = true;
        resolve();
      }
    });
    inflate.on('end', resolve);
    inflate.on('error', () => reject(bad(`${e.name} 的压缩数据损坏`, `${e.name}: corrupt compressed data`)));
  });
  done.catch(() => undefined);
  try {
    const chunk = Buffer.alloc(Math.min(1024 * 1024, Math.max(e.compressed, 1)));
    let position = start;
    let left = e.compressed;
    while (left > 0 && !overflow) {
      const { bytesRead } = await fh.read(chunk, 0, Math.min(chunk.length, left), position);
      if (bytesRead === 0) throw bad('文件被截断', 'the file is truncated');
      position += bytesRead;
      left -= bytesRead;
      if (!inflate.write(Buffer.from(chunk.subarray(0, bytesRead)))) {
        await Promise.race([new Promise<void>((r) => inflate.once('drain', r)), done]);
      }
    }
    if (!overflow) inflate.end();
    await done;
    return produced;
  } finally {
    inflate.destroy();
  }
}

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
