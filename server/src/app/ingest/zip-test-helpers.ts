import { deflateRawSync } from 'node:zlib';
import { buildZip as build } from '@portal/file-formats/testing';

export interface ZipEntrySpec {
  name: string;
  data: Buffer;
  /** Declare this uncompressed size instead of the true one (a lying archive). */
  declaredSize?: number;
  stored?: boolean;
}

/** A minimal zip writer for tests (deflated entries unless `stored`), over the shared test builder. */
export function buildZip(entries: ZipEntrySpec[]): Buffer {
  return Buffer.from(build(entries, (d) => new Uint8Array(deflateRawSync(d))));
}
