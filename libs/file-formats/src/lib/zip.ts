import type { RandomAccessSource } from './random-access';
import { unreadable, UnreadableFileError } from './unreadable';

/**
 * A small random-access zip reader (an XLSX is a zip) with a zip-bomb guard, for the server and the browser
 * alike: the central directory from the end of the file, then each entry's bytes by range and
 * `DecompressionStream('deflate-raw')`. Entries are found by the central directory, so their order in the
 * archive does not matter. Refused, each as one STR-010 (`UnreadableFileError`, variant `format`): ZIP64,
 * multi-volume archives, encryption, methods other than stored/deflate, entries that do not tile the file as
 * the directory says (hidden data), sizes that differ between the local header and the directory, corrupt
 * deflate data, and anything over the limits below — checked from the directory before a byte is inflated,
 * then again while inflating (an entry may never inflate to more, or fewer, bytes than it declares).
 */
export interface ZipLimits {
  /** Entries in the archive. */
  readonly maxEntries: number;
  /** Sum of the uncompressed sizes. */
  readonly maxTotalBytes: number;
  /** Uncompressed ÷ compressed, checked for entries larger than `ratioFloorBytes`. */
  readonly maxRatio: number;
  readonly ratioFloorBytes: number;
  /**
   * Entries a reader holds in memory (an XLSX's shared strings, styles, workbook and its relationships):
   * their uncompressed size.
   */
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

/** The XLSX parts held in memory under their usual names, bounded by `maxInMemoryEntryBytes`. */
export const IN_MEMORY_ENTRIES =
  /^(xl\/sharedStrings\.xml|xl\/styles\.xml|xl\/workbook\.xml|xl\/_rels\/workbook\.xml\.rels)$/;

export interface ZipEntry {
  readonly name: string;
  /** 0 stored, 8 deflate. */
  readonly method: number;
  readonly compressed: number;
  readonly uncompressed: number;
  /** Where the entry's local header starts. */
  readonly offset: number;
  /** Where the entry's data starts (after its local header). */
  readonly dataStart: number;
}

const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;
const LFH_SIG = 0x04034b50;
const DD_SIG = 0x08074b50;
/** Compressed bytes read at a time (the inflated output of one read is bounded by the ratio check). */
const READ_CHUNK = 256 * 1024;

const bad = (zh: string, en: string) =>
  unreadable('format', `XLSX 文件结构异常：${zh}`, `malformed XLSX: ${en}`);
const bomb = (zh: string, en: string) =>
  unreadable(
    'format',
    `XLSX 解压后过大（疑似压缩炸弹）：${zh}`,
    `the XLSX inflates too much (zip bomb?): ${en}`,
  );
const sizeLie = (e: ZipEntry, produced: number) =>
  bomb(
    `${e.name} 解压后为 ${produced} 字节，而声明为 ${e.uncompressed} 字节`,
    `${e.name} inflates to ${produced} bytes, not the ${e.uncompressed} it declares`,
  );
const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

async function readAt(source: RandomAccessSource, position: number, length: number): Promise<DataView> {
  if (position < 0 || position + length > source.size) throw bad('文件被截断', 'the file is truncated');
  const bytes = await source.read(position, length);
  if (bytes.length !== length) throw bad('文件被截断', 'the file is truncated');
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const utf8 = new TextDecoder('utf-8');
const text = (v: DataView, at: number, length: number) =>
  utf8.decode(new Uint8Array(v.buffer, v.byteOffset + at, length));

/**
 * Refuses an entry that a reader would hold in memory when it is larger than `maxInMemoryEntryBytes`. The
 * shared strings table gets its own message: it is a legitimate part (every distinct text of the sheet),
 * only too large to hold, and the way out is CSV.
 */
export function checkInMemoryEntry(e: ZipEntry, limits: ZipLimits, sharedStrings = false): void {
  if (e.uncompressed <= limits.maxInMemoryEntryBytes) return;
  const max = mib(limits.maxInMemoryEntryBytes);
  if (sharedStrings || /sharedStrings\.xml$/i.test(e.name))
    throw unreadable(
      'format',
      `XLSX 的共享字符串表 ${e.name} 解压后超过 ${max}（须整体读入内存），请改用 CSV 或 CSV.gz 报送`,
      `the XLSX shared strings table ${e.name} inflates to more than ${max} (it must be held in memory): send CSV or CSV.gz instead`,
    );
  throw bomb(`${e.name} 超过 ${max}`, `${e.name} is larger than ${max}`);
}

/**
 * Reads and checks the central directory and every local header; returns the entries in directory order.
 * Nothing is inflated here: `entryStream` inflates one entry, `verifyEntry` proves one holds what it declares.
 */
export async function openZip(
  source: RandomAccessSource,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<ZipEntry[]> {
  const size = source.size;
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await readAt(source, size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.byteLength - 22; i >= 0; i--) {
    if (tail.getUint32(i, true) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad('找不到中央目录（文件不完整？）', 'no central directory (truncated file?)');
  const count = tail.getUint16(eocd + 10, true);
  const cdSize = tail.getUint32(eocd + 12, true);
  const cdOffset = tail.getUint32(eocd + 16, true);
  if (tail.getUint16(eocd + 4, true) !== 0 || tail.getUint16(eocd + 6, true) !== 0)
    throw bad('不支持分卷压缩', 'multi-volume archives are not supported');
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff)
    throw bad('ZIP64 格式（文件过大），请改用 CSV', 'ZIP64 (too large for XLSX): send CSV instead');
  if (count > limits.maxEntries)
    throw bomb(`超过 ${limits.maxEntries} 个条目`, `more than ${limits.maxEntries} entries`);
  const eocdPosition = size - tailLength + eocd;
  if (cdOffset + cdSize > eocdPosition) throw bad('中央目录位置无效', 'central directory out of bounds');
  const cd = await readAt(source, cdOffset, cdSize);

  const raw: { name: string; method: number; compressed: number; uncompressed: number; offset: number }[] =
    [];
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > cd.byteLength || cd.getUint32(p, true) !== CDH_SIG)
      throw bad('中央目录损坏', 'corrupt central directory');
    const flags = cd.getUint16(p + 8, true);
    const method = cd.getUint16(p + 10, true);
    const compressed = cd.getUint32(p + 20, true);
    const uncompressed = cd.getUint32(p + 24, true);
    const nameLength = cd.getUint16(p + 28, true);
    const extraLength = cd.getUint16(p + 30, true);
    const commentLength = cd.getUint16(p + 32, true);
    const offset = cd.getUint32(p + 42, true);
    if (p + 46 + nameLength > cd.byteLength) throw bad('中央目录损坏', 'corrupt central directory');
    const name = text(cd, p + 46, nameLength);
    if (compressed === 0xffffffff || uncompressed === 0xffffffff || offset === 0xffffffff)
      throw bad('ZIP64 格式（文件过大），请改用 CSV', 'ZIP64 (too large for XLSX): send CSV instead');
    if (flags & 0x1) throw bad(`${name} 已加密`, `${name} is encrypted`);
    if (method !== 0 && method !== 8)
      throw bad(`${name} 使用了不支持的压缩方法 ${method}`, `${name} uses compression method ${method}`);
    if (offset >= cdOffset) throw bad('条目位置无效', 'entry out of bounds');
    raw.push({ name, method, compressed, uncompressed, offset });
    p += 46 + nameLength + extraLength + commentLength;
  }

  let total = 0;
  for (const e of raw) {
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
  }
  for (const e of raw) if (IN_MEMORY_ENTRIES.test(e.name)) checkInMemoryEntry({ ...e, dataStart: 0 }, limits);

  // The local entries must tile the file exactly as the directory says (no hidden data between them).
  const entries: ZipEntry[] = new Array(raw.length);
  let expected = 0;
  const byPosition = raw.map((e, index) => ({ e, index })).sort((a, b) => a.e.offset - b.e.offset);
  for (const { e, index } of byPosition) {
    if (e.offset !== expected) throw bad('存在目录之外的数据', 'data outside the central directory');
    const lfh = await readAt(source, e.offset, 30);
    if (lfh.getUint32(0, true) !== LFH_SIG) throw bad('本地文件头损坏', 'corrupt local header');
    const nameLength = lfh.getUint16(26, true);
    const extraLength = lfh.getUint16(28, true);
    const name = text(await readAt(source, e.offset + 30, nameLength), 0, nameLength);
    if (name !== e.name)
      throw bad('本地文件头与中央目录不一致', 'local header does not match the central directory');
    const usesDescriptor = (lfh.getUint16(6, true) & 0x8) !== 0;
    if (
      !usesDescriptor &&
      (lfh.getUint32(18, true) !== e.compressed || lfh.getUint32(22, true) !== e.uncompressed)
    )
      throw bad(`${name} 的大小与中央目录不一致`, `${name}: sizes differ from the central directory`);
    const dataStart = e.offset + 30 + nameLength + extraLength;
    entries[index] = { ...e, dataStart };
    let end = dataStart + e.compressed;
    if (end > cdOffset) throw bad('条目位置无效', 'entry out of bounds');
    if (usesDescriptor) {
      const dd = await readAt(source, end, 4);
      end += dd.getUint32(0, true) === DD_SIG ? 16 : 12;
    }
    expected = end;
  }
  return entries;
}

/** Marks an error of the source itself (the file could not be read), which is not a problem of its content. */
class SourceError {
  constructor(readonly error: unknown) {}
}

/**
 * The inflated bytes of an entry as a stream, read from the source range by range (never the whole entry at
 * once). Errors with STR-010 when the data is corrupt or inflates to more (stopping at once) or fewer bytes
 * than the entry declares. `onCompressed` counts the file bytes read. Read it with `forEachChunk`.
 */
export function entryStream(
  source: RandomAccessSource,
  e: ZipEntry,
  onCompressed?: (bytes: number) => void,
): ReadableStream<Uint8Array> {
  let position = e.dataStart;
  const end = e.dataStart + e.compressed;
  const compressed = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (position >= end) {
          controller.close();
          return;
        }
        const length = Math.min(READ_CHUNK, end - position);
        let chunk: Uint8Array;
        try {
          chunk = await source.read(position, length);
        } catch (err) {
          throw new SourceError(err);
        }
        if (chunk.length !== length) throw bad('文件被截断', 'the file is truncated');
        position += length;
        onCompressed?.(length);
        // a copy when the source hands out a view it may reuse, or a view on a shared buffer
        controller.enqueue(
          chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength ? chunk : chunk.slice(),
        );
      },
    },
    { highWaterMark: 0 },
  );
  const inflated =
    e.method === 8
      ? compressed.pipeThrough(
          new DecompressionStream('deflate-raw') as unknown as TransformStream<Uint8Array, Uint8Array>,
        )
      : compressed;
  let produced = 0;
  return inflated.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        produced += chunk.length;
        // stops at once, naming the bytes seen so far
        if (produced > e.uncompressed) throw sizeLie(e, produced);
        controller.enqueue(chunk);
      },
      flush() {
        if (produced !== e.uncompressed) throw sizeLie(e, produced);
      },
    }),
  );
}

/**
 * Reads an entry's inflated bytes chunk by chunk, awaiting `each` (so a slow consumer holds the reading
 * back). Corrupt deflate data is STR-010; an error reading the source is rethrown as it was.
 */
export async function forEachChunk(
  stream: ReadableStream<Uint8Array>,
  name: string,
  each: (chunk: Uint8Array) => void | Promise<void>,
): Promise<void> {
  const reader = stream.getReader();
  try {
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await reader.read();
      } catch (err) {
        if (err instanceof UnreadableFileError) throw err;
        if (err instanceof SourceError) throw err.error;
        // corrupt deflate data: a TypeError in browsers, a zlib error in Node
        throw bad(`${name} 的压缩数据损坏`, `${name}: corrupt compressed data`);
      }
      if (step.done) return;
      await each(step.value);
    }
  } catch (err) {
    await reader.cancel().catch(() => undefined);
    throw err;
  }
}

/** Inflates an entry without keeping it, to prove it holds what it declares (and is not corrupt). */
export async function verifyEntry(source: RandomAccessSource, e: ZipEntry): Promise<void> {
  await forEachChunk(entryStream(source, e), e.name, () => undefined);
}

/** An entry's inflated bytes, whole: only for small parts (bounded by the caller). */
export async function readEntry(source: RandomAccessSource, e: ZipEntry): Promise<Uint8Array> {
  const out = new Uint8Array(e.uncompressed);
  let at = 0;
  await forEachChunk(entryStream(source, e), e.name, (chunk) => {
    out.set(chunk, at);
    at += chunk.length;
  });
  return out;
}
