import { HttpException } from '@nestjs/common';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { receiveUpload } from './upload-receiver';

const MAX = 1024 * 1024;

/** UPLOAD_MAX_BYTES at its edge: exactly the limit passes; a byte more is a prompt 413 that leaves nothing. */
describe('receiveUpload at the size limit', () => {
  let dir: string;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'upload-limit-'));
    server = createServer((req, res) => {
      receiveUpload(req, { dir: join(dir, 'in'), maxBytes: MAX }).then(
        ({ file }) => {
          rmSync(file.tempPath);
          res.end(JSON.stringify({ bytes: file.bytes }));
        },
        (e: unknown) => {
          res.statusCode = e instanceof HttpException ? e.getStatus() : 500;
          res.end(JSON.stringify({ message: String((e as Error).message) }));
        },
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  async function post(size: number): Promise<{ status: number; body: Record<string, unknown> }> {
    const form = new FormData();
    form.append('kind', 'callbacks');
    form.append('period', '2026H1');
    form.append('file', new Blob([new Uint8Array(size).fill(0x0a)]), 'a.csv');
    const res = await fetch(url, { method: 'POST', body: form, signal: AbortSignal.timeout(5000) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  it('accepts a file of exactly the limit, and one byte less', async () => {
    expect(await post(MAX)).toEqual({ status: 200, body: { bytes: MAX } });
    expect(await post(MAX - 1)).toEqual({ status: 200, body: { bytes: MAX - 1 } });
  });

  it.each([1, 2, 100, 70_000, 3 * MAX])(
    'answers 413 at once for a file %i bytes over the limit, leaving no partial file',
    async (over) => {
      const { status, body } = await post(MAX + over);
      expect(status).toBe(413);
      expect(body['message']).toMatch(/文件超过 1 MB 的上限 \/ The file exceeds the limit of 1 MB/);
      expect(readdirSync(join(dir, 'in'))).toEqual([]);
    },
  );
});
