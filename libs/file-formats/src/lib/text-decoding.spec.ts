/**
 * @jest-environment node
 */
import iconv from 'iconv-lite';
import { DECISION_WINDOW, firstNonAsciiByte, TextDecoding } from './text-decoding';
import { UnreadableFileError } from './unreadable';

const SAMPLE = '回访类型,保单号,产品类型\r\n新单回访,P-001,分红型\r\n理赔回访,P-002,健康险\r\n';
const utf8 = (s: string) => new TextEncoder().encode(s);
const gb18030 = (s: string) => new Uint8Array(iconv.encode(s, 'gb18030'));
const gbk = (s: string) => new Uint8Array(iconv.encode(s, 'gbk'));

function decode(chunks: readonly Uint8Array[]): { text: string; encoding: string | null } {
  const d = new TextDecoding();
  let text = '';
  for (const c of chunks) text += d.push(c);
  text += d.end();
  return { text, encoding: d.encoding };
}

function refusal(chunks: readonly Uint8Array[]): UnreadableFileError {
  try {
    decode(chunks);
  } catch (e) {
    if (e instanceof UnreadableFileError) return e;
    throw e;
  }
  throw new Error('expected the bytes to be refused');
}

/** The bytes cut at every position into two chunks. */
function* twoChunks(bytes: Uint8Array): Generator<Uint8Array[]> {
  for (let i = 0; i <= bytes.length; i++) yield [bytes.subarray(0, i), bytes.subarray(i)];
}

describe('TextDecoding (UTF-8, else GB18030; never a silent wrong guess)', () => {
  it('leaves pure ASCII undecided and passes it through', () => {
    expect(decode([utf8('a,b\r\n1,2\r\n')])).toEqual({ text: 'a,b\r\n1,2\r\n', encoding: null });
  });

  it('reads UTF-8, with or without a BOM (the BOM is dropped)', () => {
    expect(decode([utf8(SAMPLE)])).toEqual({ text: SAMPLE, encoding: 'utf-8' });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(SAMPLE)]);
    expect(decode([bom])).toEqual({ text: SAMPLE, encoding: 'utf-8' });
  });

  it('falls back to GB18030 for what Excel on a Chinese Windows writes (GBK)', () => {
    expect(decode([gbk(SAMPLE)])).toEqual({ text: SAMPLE, encoding: 'gb18030' });
    // characters outside GBK, in GB18030's four-byte form
    const rare = '𠀀,€,\u00e9\r\n';
    expect(decode([gb18030(rare)])).toEqual({ text: rare, encoding: 'gb18030' });
  });

  it('gives the same text wherever a chunk boundary cuts a multi-byte character', () => {
    for (const bytes of [utf8(SAMPLE), gb18030(SAMPLE)]) {
      const whole = decode([bytes]);
      for (const chunks of twoChunks(bytes)) expect(decode(chunks)).toEqual(whole);
    }
    const oneByteAtATime = gb18030(SAMPLE).reduce<Uint8Array[]>(
      (a, b) => (a.push(new Uint8Array([b])), a),
      [],
    );
    expect(decode(oneByteAtATime).text).toBe(SAMPLE);
  });

  it('decides on the bytes after the first non-ASCII one, however late it comes', () => {
    const ascii = 'x'.repeat(3 * DECISION_WINDOW) + '\r\n';
    const bytes = gbk(ascii + SAMPLE.repeat(300));
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 1000) chunks.push(bytes.subarray(i, i + 1000));
    expect(decode(chunks)).toEqual({ text: ascii + SAMPLE.repeat(300), encoding: 'gb18030' });
  });

  it('refuses bytes that are neither UTF-8 nor GB18030 (STR-010, encoding), naming the offset', () => {
    // 0x80 alone is not a GB18030 lead byte, and 0xff is invalid in both
    const e = refusal([new Uint8Array([0x61, 0x2c, 0x80, 0xff, 0x0d, 0x0a])]);
    expect(e.variant).toBe('encoding');
    expect(e.reason).toContain('offset 2');
    expect(e.reason).toContain('GB18030');
  });

  it('refuses a file that turns invalid after UTF-8 was chosen (mixed encodings), without replacement characters', () => {
    const head = utf8(SAMPLE + 'x'.repeat(DECISION_WINDOW));
    const e = refusal([head, gbk('中文\r\n')]);
    expect(e.variant).toBe('encoding');
    expect(e.reason).toContain('UTF-8');
    expect(e.reason).toMatch(/mixed encodings/);
  });

  it('refuses a UTF-8 file whose last character is cut off', () => {
    const bytes = utf8(SAMPLE + '中');
    expect(refusal([bytes.subarray(0, bytes.length - 1)]).variant).toBe('encoding');
    const long = utf8(SAMPLE + 'x'.repeat(2 * DECISION_WINDOW) + '中');
    expect(refusal([long.subarray(0, long.length - 1)]).reason).toContain('UTF-8');
  });
});

describe('firstNonAsciiByte', () => {
  it('finds the first byte ≥ 0x80 at any position and any alignment of the view', () => {
    const buf = new Uint8Array(64).fill(0x61);
    expect(firstNonAsciiByte(buf)).toBe(-1);
    for (let offset = 0; offset < 5; offset++)
      for (let at = offset; at < 64; at++) {
        const b = buf.slice();
        b[at] = 0xe4;
        if (at + 3 < 64) b[at + 3] = 0x80;
        expect(firstNonAsciiByte(b.subarray(offset))).toBe(at - offset);
      }
    expect(firstNonAsciiByte(new Uint8Array(0))).toBe(-1);
  });
});
