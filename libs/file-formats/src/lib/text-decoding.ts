import { unreadable } from './unreadable';

export type TextEncoding = 'utf-8' | 'gb18030';

/** Bytes after the first non-ASCII byte that the encoding decision looks at (fewer only at the end). */
export const DECISION_WINDOW = 8192;

const ascii = new TextDecoder('utf-8');

/** Offset of the first byte ≥ 0x80, or -1. Four bytes at a time (the hot path of every ASCII CSV). */
export function firstNonAsciiByte(bytes: Uint8Array): number {
  const head = Math.min(bytes.length, (4 - (bytes.byteOffset & 3)) & 3);
  for (let i = 0; i < head; i++) if (bytes[i] >= 0x80) return i;
  const words = (bytes.length - head) >>> 2;
  const w = new Uint32Array(bytes.buffer, bytes.byteOffset + head, words);
  for (let j = 0; j < words; j++) {
    if (w[j] & 0x80808080) {
      const at = head + j * 4;
      for (let i = at; i < at + 4; i++) if (bytes[i] >= 0x80) return i;
    }
  }
  for (let i = head + words * 4; i < bytes.length; i++) if (bytes[i] >= 0x80) return i;
  return -1;
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Streaming text decoding with encoding detection for CSV files — UTF-8 (with or without BOM) or
 * GB18030/GBK, nothing else, never a silent wrong guess. One implementation for the server and the browser
 * (the platform's WHATWG `TextDecoder`, which can report invalid input; iconv-lite substitutes silently):
 *
 * - while every byte is ASCII both encodings read the same, so nothing is decided yet;
 * - at the first non-ASCII byte, the next DECISION_WINDOW bytes decide: valid UTF-8 → UTF-8 (a fatal
 *   `TextDecoder('utf-8')`); otherwise valid GB18030 → GB18030 (the fallback, `TextDecoder('gb18030')`);
 *   otherwise STR-010. UTF-8 is tried first because Chinese text in GBK is practically never valid UTF-8,
 *   whereas UTF-8 bytes can often be misread as GBK;
 * - from then on the chosen decoder runs in fatal mode: an invalid byte sequence later in the file is
 *   STR-010 too, naming the byte offset — never replacement characters.
 */
export class TextDecoding {
  private decoder: TextDecoder | null = null;
  private held: Uint8Array[] = [];
  private heldBytes = 0;
  /** Offset in `held` (overall) of the first non-ASCII byte, -1 while none seen. */
  private firstNonAscii = -1;
  private consumed = 0;
  private chosen: TextEncoding | null = null;

  /** The encoding decided on, or null while everything seen was ASCII. */
  get encoding(): TextEncoding | null {
    return this.chosen;
  }

  push(chunk: Uint8Array): string {
    if (this.decoder) return this.decode(chunk, true);
    if (this.firstNonAscii < 0) {
      const i = firstNonAsciiByte(chunk);
      if (i < 0) {
        this.consumed += chunk.length;
        return ascii.decode(chunk);
      }
      this.firstNonAscii = i;
    }
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    if (this.heldBytes - this.firstNonAscii < DECISION_WINDOW) return '';
    return this.decide(false);
  }

  end(): string {
    if (this.decoder) return this.decode(new Uint8Array(0), false);
    if (this.held.length === 0) return '';
    return this.decide(true);
  }

  private decide(atEnd: boolean): string {
    const all = concat(this.held, this.heldBytes);
    this.held = [];
    this.heldBytes = 0;
    const window = all.subarray(this.firstNonAscii, this.firstNonAscii + DECISION_WINDOW);
    const stream = !atEnd || all.length > this.firstNonAscii + DECISION_WINDOW;
    this.chosen = validIn('utf-8', window, stream)
      ? 'utf-8'
      : validIn('gb18030', window, stream)
        ? 'gb18030'
        : null;
    if (!this.chosen) {
      const at = this.consumed + this.firstNonAscii;
      throw unreadable(
        'encoding',
        `第 ${at} 字节起既不是 UTF-8 也不是 GB18030/GBK`,
        `the bytes from offset ${at} are neither UTF-8 nor GB18030/GBK`,
      );
    }
    this.decoder = new TextDecoder(this.chosen, { fatal: true });
    return this.decode(all, !atEnd);
  }

  private decode(bytes: Uint8Array, stream: boolean): string {
    const decoder = this.decoder;
    if (!decoder) throw new Error('TextDecoding.decode() before the encoding was decided');
    try {
      const text = decoder.decode(bytes, { stream });
      this.consumed += bytes.length;
      return text;
    } catch {
      const name = this.chosen === 'utf-8' ? 'UTF-8' : 'GB18030';
      const from = this.consumed;
      const to = this.consumed + bytes.length;
      throw unreadable(
        'encoding',
        `文件按 ${name} 读取，但在第 ${from} 至 ${to} 字节之间有无效的 ${name} 字节（编码混用？）`,
        `read as ${name}, but bytes ${from}–${to} are not valid ${name} (mixed encodings?)`,
      );
    }
  }
}

function validIn(encoding: TextEncoding, bytes: Uint8Array, stream: boolean): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream });
    return true;
  } catch {
    return false;
  }
}
