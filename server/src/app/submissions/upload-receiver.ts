import { BadRequestException, HttpException, PayloadTooLargeException } from '@nestjs/common';
import busboy from 'busboy';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Transform } from 'node:stream';
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
export async function receiveUpload(
  req: IncomingMessage,
  opts: { dir: string; maxBytes: number },
): Promise<ReceivedUpload> {
  await mkdir(opts.dir, { recursive: true });
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
          fileSize: opts.maxBytes,
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
      const path = join(opts.dir, `${randomUUID()}.part`);
      tempPath = path;
      const hash = createHash('sha256');
      let bytes = 0;
      let tooLarge = false;
      stream.on('limit', () => {
        // Answer at once rather than after the rest of an oversized body has arrived.
        tooLarge = true;
        fail(
          new PayloadTooLargeException(
            `文件超过 ${formatBytes(opts.maxBytes)} 的上限 / The file exceeds the limit of ${formatBytes(opts.maxBytes)}`,
          ),
        );
        stream.destroy();
        void finish();
      });
      const tap = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          hash.update(chunk);
          bytes += chunk.length;
          cb(null, chunk);
        },
      });
      writing = pipeline(stream, tap, createWriteStream(path, { flags: 'wx' })).then(() => {
        if (tooLarge) throw new PayloadTooLargeException('too large');
        return { tempPath: path, fileName: info.filename ?? '', bytes, sha256: hash.digest('hex') };
      });
      writing.catch(() => undefined);
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

function asHttp(e: unknown): HttpException {
  return e instanceof HttpException
    ? e
    : new BadRequestException('上传中断或无法写入 / The upload was interrupted or could not be stored');
}

function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${+(n / 1024 ** 3).toFixed(2)} GB`;
  if (n >= 1024 ** 2) return `${+(n / 1024 ** 2).toFixed(2)} MB`;
  return `${n} bytes`;
}
