import { isAscii } from 'node:buffer';
import { unreadable } from '@portal/file-formats';

export type TextEncoding = 'utf-8' | 'gb18030';

/** Bytes after the first non-ASCII byte that the encoding decision looks at (fewer only at the end). */
export const DECISION_WINDOW = 8192;

/**
 * Streaming text decoding with encoding detection for CSV files: UTF-8 (with or without BOM) or
 * GB18030/GBK, nothing else, never a silent wrong guess.
 *
 * - While every byte is ASCII both encodings read the same, so nothing is decided yet.
 * - At the first non-ASCII byte, the next DECISION_WINDOW bytes decide: valid UTF-8 → UTF-8; otherwise
 *   valid GB18030 → GB18030; otherwise STR-010 (unknown encoding). UTF-8 is tried first because Chinese text
 *   in GBK is practically never valid UTF-8, whereas UTF-8 bytes can often be misread as GBK.
 * - From then on the chosen decoder runs in fatal mode: an invalid byte sequence anywhere later in the file
 *   is STR-010 too, naming the byte offset — never replacement characters.
 * The WHATWG decoders of Node (ICU) are used rather than iconv-lite, because iconv-lite cannot report
 * invalid input (it substitutes silently).
 */
export class TextDecoding {
  private decoder: TextDecoder | null = null;
  private held: Buffer[] = [];
  private heldBytes = 0;
  /** Offset in `held` (overall) of the first non-ASCII byte, -1 while none seen. */
  private firstNonAscii = -1;
  private consumed = 0;
  private chosen: TextEncoding | null = null;

  /** The encoding decided on, or null while everything seen was ASCII. */
  get encoding(): TextEncoding | null {
    return this.chosen;
  }

  push(chunk: Buffer): string {
    if (this.decoder) return this.decode(chunk, true);
    if (this.firstNonAscii < 0) {
      if (isAscii(chunk)) {
        this.consumed += chunk.length;
        return chunk.toString('latin1');
      }
      let i = 0;
      while (chunk[i] < 0x80) i++;
      this.firstNonAscii = i;
    }
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    if (this.heldBytes - this.firstNonAscii < DECISION_WINDOW) return '';
    return this.decide(false);
  }

  end(): string {
    if (this.decoder) return this.decode(Buffer.alloc(0), false);
    if (this.held.length === 0) return '';
    return this.decide(true);
  }

  private decide(atEnd: boolean): string {
    const all = this.held.length === 1 ? this.held[0] : Buffer.concat(this.held);
    this.held = [];
    const window = all.subarray(this.firstNonAscii, this.firstNonAscii + DECISION_WINDOW);
    const stream = !atEnd || all.length > this.firstNonAscii + DECISION_WINDOW;
    this.chosen = validIn('utf-8', window, stream)
      ? 'utf-8'
      : validIn('gb18030', window, stream)
        ? 'gb18030'
        : null;
    if (!this.chosen) {
      throw unreadable(
        'encoding',
        `第 ${this.consumed + this.firstNonAscii} 字节起既不是 UTF-8 也不是 GB18030/GBK`,
        `the bytes from offset ${this.consumed + this.firstNonAscii} are neither UTF-8 nor GB18030/GBK`,
      );
    }
    this.decoder = new TextDecoder(this.chosen, { fatal: true });
    return this.decode(all, !atEnd);
  }

  private decode(bytes: Buffer, stream: boolean): string {
    const decoder = this.decoder;
    if (!decoder) throw new Error('TextDecoding.decode before the encoding was decided');
    try {
      const text = decoder.decode(bytes, { stream });
      this.consumed += bytes.length;
      return text;
    } catch {
      const name = this.chosen === 'utf-8' ? 'UTF-8' : 'GB18030';
      throw unreadable(
        'encoding',
        `文件按 ${name} 读取，但在第 ${this.consumed} 至 ${this.consumed + bytes.length} 字节之间有无效的 ${name} 字节（编码混用？）`,
        `read as ${name}, but bytes ${this.consumed}–${this.consumed + bytes.length} are not valid ${name} (mixed encodings?)`,
      );
    }
  }
}

function validIn(encoding: TextEncoding, bytes: Buffer, stream: boolean): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream });
    return true;
  } catch {
    return false;
  }
}
