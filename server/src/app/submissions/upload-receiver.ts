import { BadRequestException, HttpException, HttpStatus, PayloadTooLargeException } from '@nestjs/common';
import busboy from 'busboy';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The multipart fields an upload may carry besides the file. */
const FIELDS = new Set(['kind', 'period']);

export interface ReceivedFile {
  /** Temporary path in the upload directory (the caller renames or deletes it). */
  readonly tempPath: string;
  /** The name the client gave, as sent (not trusted for anything but display). */
  readonly fileName: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface ReceivedUpload {
  readonly fields: Readonly<Record<string, string>>;
  readonly file: ReceivedFile;
}

/**
 * Receives `multipart/form-data` with the fields `kind`, `period` and one file part `file`, streaming the file
 * to a temporary file in `dir` while hashing it (SHA-256) — never buffered in memory, whatever its size.
 * Refuses anything else with a bilingual 4xx (413 above `maxBytes`), and never leaves a partial file behind.
 */
export function receiveUpload(
  req: IncomingMessage,
  opts: { dir: string; maxBytes: number },
): Promise<ReceivedUpload> {
  return receive(req, opts);
}

/** An upload read and hashed but stored nowhere. */
export interface HashedUpload {
  readonly fields: Readonly<Record<string, string>>;
  readonly file: Omit<ReceivedFile, 'tempPath'>;
}

/**
 * Like `receiveUpload`, with the same checks and answers, but the file is only hashed: not a byte reaches the
 * disk. For an upload that may only be answered with an existing submission (the organisation is at its cap
 * of uploads waiting for validation, and identical bytes still find their submission).
 */
export async function hashUpload(req: IncomingMessage, opts: { maxBytes: number }): Promise<HashedUpload> {
  const { fields, file } = await receive(req, { dir: null, maxBytes: opts.maxBytes });
  return { fields, file: { fileName: file.fileName, bytes: file.bytes, sha256: file.sha256 } };
}

/** `dir` null: hash only, write nothing (the returned `tempPath` is empty). */
async function receive(
  req: IncomingMessage,
  opts: { dir: string | null; maxBytes: number },
): Promise<ReceivedUpload> {
  const dir = opts.dir;
  if (dir !== null) await mkdir(dir, { recursive: true });
  return new Promise<ReceivedUpload>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        // One field more than allowed reaches the handler (which names it); busboy signals `partsLimit` when
        // the limit is reached, so the parts limit is one above the parts allowed.
        limits: {
          files: 1,
          fields: FIELDS.size + 1,
          parts: FIELDS.size + 3,
          fieldSize: 256,
          // busboy signals `limit` when a file reaches this size: one byte more, so that exactly maxBytes passes.
          fileSize: opts.maxBytes + 1,
        },
      });
    } catch {
      reject(
        new BadRequestException(
          '请以 multipart/form-data 上传，字段为 kind、period 和 file / Upload as multipart/form-data with the fields kind, period and file',
        ),
      );
      return;
    }

    const fields: Record<string, string> = {};
    let failure: HttpException | null = null;
    let tempPath: string | null = null;
    let writing: Promise<ReceivedFile> | null = null;
    let settled = false;

    const fail = (e: HttpException) => {
      failure ??= e;
    };
    const finish = async () => {
      if (settled) return;
      settled = true;
      const file = writing ? await writing.catch((e: unknown) => (fail(asHttp(e)), null)) : null;
      if (!failure && !file)
        fail(new BadRequestException('缺少文件（字段 file） / The upload has no file (field "file")'));
      if (failure || !file) {
        if (tempPath) await rm(tempPath, { force: true }).catch(() => undefined);
        req.unpipe(parser);
        req.resume();
        reject(failure);
        return;
      }
      resolve({ fields, file });
    };

    parser.on('field', (name, value, info) => {
      if (!FIELDS.has(name))
        fail(
          new BadRequestException(
            `不接受的字段 ${name.slice(0, 40)} / Unexpected field "${name.slice(0, 40)}"`,
          ),
        );
      else if (info.valueTruncated)
        fail(new BadRequestException(`字段 ${name} 过长 / Field "${name}" is too long`));
      else fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || writing) {
        stream.resume();
        fail(
          new BadRequestException(
            '只接受一个名为 file 的文件 / Exactly one file part, named "file", is accepted',
          ),
        );
        return;
      }
      const path = dir === null ? '' : join(dir, partFileName());
      if (dir !== null) tempPath = path;
      const hash = createHash('sha256');
      let bytes = 0;
      let tooLarge = false;
      stream.on('limit', () => {
        // Answer at once rather than after the rest of an oversized body has arrived.
        tooLarge = true;
        const tooBig = new PayloadTooLargeException(
          `文件超过 ${formatBytes(opts.maxBytes)} 的上限 / The file exceeds the limit of ${formatBytes(opts.maxBytes)}`,
        );
        fail(tooBig);
        // With an error: when the limit is reached in the part's last chunk, busboy ends the stream right after
        // this event, and a stream destroyed without an error and then ended never settles its pipeline (the
        // request would hang until the server's timeout, its partial file left behind).
        stream.destroy(tooBig);
        void finish();
      });
      const tap = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          hash.update(chunk);
          bytes += chunk.length;
          cb(null, chunk);
        },
      });
      const sink = dir === null ? discard() : createWriteStream(path, { flags: 'wx' });
      writing = pipeline(stream, tap, sink).then(() => {
        if (tooLarge) throw new PayloadTooLargeException('too large');
        return { tempPath: path, fileName: info.filename ?? '', bytes, sha256: hash.digest('hex') };
      });
      writing.catch((e: unknown) => {
        // The disk is full: answer at once (like 413) instead of reading the rest of the body first.
        if (isNoSpace(e)) void finish();
      });
    });
    parser.on('filesLimit', () =>
      fail(new BadRequestException('只接受一个文件 / Only one file is accepted')),
    );
    parser.on('fieldsLimit', () => fail(new BadRequestException('字段过多 / Too many fields')));
    parser.on('partsLimit', () => fail(new BadRequestException('字段过多 / Too many parts')));
    parser.on('error', () => {
      fail(
        new BadRequestException(
          'multipart 格式错误或上传中断 / Malformed multipart body or interrupted upload',
        ),
      );
      void finish();
    });
    parser.on('close', () => void finish());
    req.on('aborted', () => {
      fail(new BadRequestException('上传中断 / The upload was interrupted'));
      void finish();
    });
    req.pipe(parser);
  });
}

/** A sink that drops what it is given. */
function discard(): Writable {
  return new Writable({
    write(_chunk: Buffer, _enc, cb) {
      cb();
    },
  });
}

function asHttp(e: unknown): HttpException {
  if (e instanceof HttpException) return e;
  if (isNoSpace(e)) return insufficientStorage();
  return new BadRequestException('上传中断或无法写入 / The upload was interrupted or could not be stored');
}

/** The upload directory's file system is full (or the quota is used up). */
export function isNoSpace(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/** 507: the server cannot store the upload now; nothing was recorded, the client may try again later. */
export function insufficientStorage(): HttpException {
  return new HttpException(
    {
      statusCode: HttpStatus.INSUFFICIENT_STORAGE,
      error: 'Insufficient Storage',
      message:
        '服务器暂存空间不足，文件未被接收，请稍后重新上传 / The server is out of temporary storage: the file was not received, please upload again later',
    },
    HttpStatus.INSUFFICIENT_STORAGE,
  );
}

/**
 * The name of an upload being received: `<uuid>.<pid>-<host>.part`, so the worker's sweep can tell a partial
 * file of a process that died (kill -9, power loss: no clean-up ran) from one still being written.
 */
export function partFileName(): string {
  return `${randomUUID()}.${process.pid}-${HOST_TAG}.part`;
}

const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);

/**
 * True when `name` is a partial upload written by a process of this host that no longer runs. Partial files
 * of other hosts (a shared upload directory) are left to the age-based clean-up.
 */
export function isDeadPartFile(name: string): boolean {
  const m = /^[0-9a-f-]{36}\.(\d+)-([0-9a-f]{8})\.part$/.exec(name);
  if (!m || m[2] !== HOST_TAG) return false;
  const pid = Number(m[1]);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${+(n / 1024 ** 3).toFixed(2)} GB`;
  if (n >= 1024 ** 2) return `${+(n / 1024 ** 2).toFixed(2)} MB`;
  return `${n} bytes`;
}
