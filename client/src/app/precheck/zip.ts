import { unreadable, UnreadableFileError } from '@portal/file-formats';

/**
 * A small random-access zip reader over a Blob (an XLSX is a zip): the central directory from the end of the
 * file, then each entry's bytes by `Blob.slice` and `DecompressionStream('deflate-raw')`. Applies the
 * server's guard (`server/src/app/ingest/zip-guard.ts`) with the same limits and the same refusals — ZIP64,
 * encryption, methods other than stored/deflate, entries that do not tile the file as the directory says,
 * sizes that differ from what an entry declares — so a file the server refuses is refused here too.
 */
export interface ZipLimits {
  readonly maxEntries: number;
  readonly maxTotalBytes: number;
  readonly maxRatio: number;
  readonly ratioFloorBytes: number;
  readonly maxInMemoryEntryBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 2000,
  maxTotalBytes: 2 * 1024 ** 3,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
  maxInMemoryEntryBytes: 128 * 1024 * 1024,
};

/** Entries read whole into memory (as exceljs does): bounded by `maxInMemoryEntryBytes`. */
export const IN_MEMORY_ENTRIES =
  /^(xl\/sharedStrings\.xml|xl\/styles\.xml|xl\/workbook\.xml|xl\/_rels\/workbook\.xml\.rels)$/;

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressed: number;
  readonly uncompressed: number;
  readonly offset: number;
  /** Where the entry's data starts (after its local header). */
  readonly dataStart: number;
}

const EOCD_SIG = 0x06054b50;
const CDH_SIG = 0x02014b50;
const LFH_SIG = 0x04034b50;
const DD_SIG = 0x08074b50;

const bad = (zh: string, en: string) =>
  unreadable('format', `XLSX 文件结构异常：${zh}`, `malformed XLSX: ${en}`);
const bomb = (zh: string, en: string) =>
  unreadable(
    'format',
    `XLSX 解压后过大（疑似压缩炸弹）：${zh}`,
    `the XLSX inflates too much (zip bomb?): ${en}`,
  );
const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

async function readAt(file: Blob, position: number, length: number): Promise<DataView> {
  if (position < 0 || position + length > file.size) throw bad('文件被截断', 'the file is truncated');
  const buf = await file.slice(position, position + length).arrayBuffer();
  if (buf.byteLength !== length) throw bad('文件被截断', 'the file is truncated');
  return new DataView(buf);
}

const utf8 = new TextDecoder('utf-8');
const text = (v: DataView, at: number, length: number) =>
  utf8.decode(new Uint8Array(v.buffer, v.byteOffset + at, length));

/** Reads and checks the directory; returns the entries in directory order. */
export async function openZip(file: Blob, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipEntry[]> {
  const size = file.size;
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await readAt(file, size - tailLength, tailLength);
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
  const cd = await readAt(file, cdOffset, cdSize);

  const raw: {
    name: string;
    flags: number;
    method: number;
    compressed: number;
    uncompressed: number;
    offset: number;
  }[] = [];
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
    raw.push({ name, flags, method, compressed, uncompressed, offset });
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
    if (IN_MEMORY_ENTRIES.test(e.name) && e.uncompressed > limits.maxInMemoryEntryBytes)
      throw bomb(
        `${e.name} 超过 ${mib(limits.maxInMemoryEntryBytes)}`,
        `${e.name} is larger than ${mib(limits.maxInMemoryEntryBytes)}`,
      );
  }

  // The local entries must tile the file exactly as the directory says (no hidden data between them).
  const entries: ZipEntry[] = new Array(raw.length);
  let expected = 0;
  const byPosition = raw.map((e, index) => ({ e, index })).sort((a, b) => a.e.offset - b.e.offset);
  for (const { e, index } of byPosition) {
    if (e.offset !== expected) throw bad('存在目录之外的数据', 'data outside the central directory');
    const lfh = await readAt(file, e.offset, 30);
    if (lfh.getUint32(0, true) !== LFH_SIG) throw bad('本地文件头损坏', 'corrupt local header');
    const nameLength = lfh.getUint16(26, true);
    const extraLength = lfh.getUint16(28, true);
    const name = text(await readAt(file, e.offset + 30, nameLength), 0, nameLength);
    if (name !== e.name)
      throw bad('本地文件头与中央目录不一致', 'local header does not match the central directory');
    const usesDescriptor = (lfh.getUint16(6, true) & 0x8) !== 0;
    if (
      !usesDescriptor &&
      (lfh.getUint32(18, true) !== e.compressed || lfh.getUint32(22, true) !== e.uncompressed)
    )
      throw bad(`${name} 的大小与中央目录不一致`, `${name}: sizes differ from the central directory`);
    const dataStart = e.offset + 30 + nameLength + extraLength;
    entries[index] = {
      name: e.name,
      method: e.method,
      compressed: e.compressed,
      uncompressed: e.uncompressed,
      offset: e.offset,
      dataStart,
    };
    let end = dataStart + e.compressed;
    if (usesDescriptor) {
      const dd = await readAt(file, end, 4);
      end += dd.getUint32(0, true) === DD_SIG ? 16 : 12;
    }
    expected = end;
  }
  return entries;
}

/**
 * The inflated bytes of an entry as a stream. Errors with STR-010 when the data is corrupt or inflates to
 * more (stopping at once) or fewer bytes than the entry declares. `onCompressed` counts the file bytes read.
 */
export function entryStream(
  file: Blob,
  e: ZipEntry,
  onCompressed?: (bytes: number) => void,
): ReadableStream<Uint8Array> {
  let source: ReadableStream<Uint8Array> = file.slice(e.dataStart, e.dataStart + e.compressed).stream();
  if (onCompressed)
    source = source.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          onCompressed(chunk.length);
          controller.enqueue(chunk);
        },
      }),
    );
  const inflated =
    e.method === 8
      ? source.pipeThrough(
          new DecompressionStream('deflate-raw') as unknown as TransformStream<Uint8Array, Uint8Array>,
        )
      : source;
  let produced = 0;
  return inflated.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        produced += chunk.length;
        if (produced > e.uncompressed)
          throw bomb(
            `${e.name} 解压后超过声明的 ${e.uncompressed} 字节`,
            `${e.name} inflates to more than the ${e.uncompressed} bytes it declares`,
          );
        controller.enqueue(chunk);
      },
      flush() {
        if (produced !== e.uncompressed)
          throw bomb(
            `${e.name} 解压后为 ${produced} 字节，而声明为 ${e.uncompressed} 字节`,
            `${e.name} inflates to ${produced} bytes, not the ${e.uncompressed} it declares`,
          );
      },
    }),
  );
}

/** Reads an entry's inflated bytes chunk by chunk; corrupt deflate data is STR-010. */
export async function forEachChunk(
  stream: ReadableStream<Uint8Array>,
  name: string,
  each: (chunk: Uint8Array) => void,
): Promise<void> {
  const reader = stream.getReader();
  try {
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await reader.read();
      } catch (err) {
        // corrupt deflate data (a TypeError in browsers, a zlib error in Node); a file that cannot be read
        // at all is a DOMException and not a problem of its content
        if (err instanceof UnreadableFileError) throw err;
        if (!(err instanceof DOMException))
          throw bad(`${name} 的压缩数据损坏`, `${name}: corrupt compressed data`);
        throw err;
      }
      if (step.done) return;
      each(step.value);
    }
  } catch (err) {
    await reader.cancel().catch(() => undefined);
    throw err;
  }
}
