import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import type { PoolClient } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

/** Characters per write: below V8's large-object threshold (see READ_CHUNK in read-rows.ts). */
const CHUNK = 60 * 1024;
/**
 * Bytes the producer may run ahead of the socket before `flush()` waits. With Node's default (16 KiB) every
 * chunk waited for the socket to drain, so parsing/validating and PostgreSQL's COPY took turns instead of
 * running side by side on two cores; 1 MiB keeps memory small and both busy.
 */
const AHEAD_BYTES = 1024 * 1024;

/**
 * A `COPY … FROM STDIN` with a string buffer in front: lines are appended synchronously (the hot path) and
 * handed to the socket in chunks of CHUNK characters; `flush()` waits while PostgreSQL is slower than the
 * producer (backpressure), so memory stays constant.
 */
export class CopyIn {
  private readonly stream: Writable;
  private buffer = '';
  private failure: Error | null = null;
  private readonly done: Promise<void>;

  constructor(client: PoolClient, sql: string) {
    this.stream = client.query(copyFrom(sql, { highWaterMark: AHEAD_BYTES }));
    this.done = finished(this.stream);
    this.done.catch((e: Error) => (this.failure = e));
  }

  get writable(): Writable {
    return this.stream;
  }

  add(line: string): void {
    this.buffer += line;
  }

  get pending(): number {
    return this.buffer.length;
  }

  async flush(force = false): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.buffer.length === 0 || (!force && this.buffer.length < CHUNK)) return;
    const chunk = this.buffer;
    this.buffer = '';
    if (!this.stream.write(chunk)) await Promise.race([once(this.stream, 'drain'), this.done]);
    if (this.failure) throw this.failure;
  }

  async end(): Promise<void> {
    await this.flush(true);
    this.stream.end();
    await this.done;
  }
}

/** Lines of a `COPY (query) TO STDOUT`, one at a time. */
export async function* copyOutLines(client: PoolClient, sql: string): AsyncGenerator<string> {
  const stream: Readable = client.query(copyTo(sql));
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const text = rest + decoder.write(chunk);
    let start = 0;
    let nl: number;
    while ((nl = text.indexOf('\n', start)) >= 0) {
      yield text.slice(start, nl);
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest.length > 0) yield rest;
}
