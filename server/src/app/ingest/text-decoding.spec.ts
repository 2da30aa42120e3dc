import { DECISION_WINDOW, TextDecoding } from './text-decoding';
import { UnreadableFileError } from '@portal/file-formats';

function decode(bytes: Buffer, size = bytes.length || 1): { text: string; encoding: string | null } {
  const d = new TextDecoding();
  let text = '';
  for (let i = 0; i < bytes.length; i += size) text += d.push(bytes.subarray(i, i + size));
  text += d.end();
  return { text, encoding: d.encoding };
}

const gb = (s: string) => Buffer.from(new Uint8Array(encodeGb18030(s)));

/** GB18030 bytes for the few characters used here (TextEncoder only writes UTF-8). */
function encodeGb18030(s: string): number[] {
  const table: Record<string, number[]> = {
    中: [0xd6, 0xd0],
    文: [0xce, 0xc4],
    回: [0xbb, 0xd8],
    访: [0xb7, 0xc3],
    类: [0xc0, 0xe0],
    型: [0xd0, 0xcd],
  };
  const out: number[] = [];
  for (const ch of s) out.push(...(table[ch] ?? [ch.charCodeAt(0)]));
  return out;
}

describe('TextDecoding', () => {
  it('passes pure ASCII through without deciding', () => {
    expect(decode(Buffer.from('a,b\r\n1,2\r\n'))).toEqual({ text: 'a,b\r\n1,2\r\n', encoding: null });
  });

  it('reads UTF-8 with and without BOM, in any chunking', () => {
    const text = 'policy_no,回访类型\r\nP-1,新单回访\r\n';
    for (const size of [1, 2, 3, 1000]) {
      expect(decode(Buffer.from(text, 'utf8'), size)).toEqual({ text, encoding: 'utf-8' });
      expect(decode(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), size)).toEqual({
        text,
        encoding: 'utf-8',
      });
    }
  });

  it('reads GB18030 (what Excel on Chinese Windows writes), even after a long ASCII start', () => {
    const bytes = Buffer.concat([Buffer.from('x'.repeat(100_000) + '\r\n'), gb('回访类型,中文\r\n')]);
    const { text, encoding } = decode(bytes, 4096);
    expect(encoding).toBe('gb18030');
    expect(text.endsWith('回访类型,中文\r\n')).toBe(true);
  });

  it('refuses bytes that are neither UTF-8 nor GB18030, naming the offset', () => {
    const latin1 = Buffer.from('name\r\ncaf\u00e9,1\r\n', 'latin1');
    expect(() => decode(latin1)).toThrow(UnreadableFileError);
    try {
      decode(latin1);
    } catch (e) {
      expect((e as UnreadableFileError).variant).toBe('encoding');
      expect((e as UnreadableFileError).reason).toContain('offset 9');
    }
  });

  it('refuses a file that turns invalid after the decision window (mixed encodings), never substituting', () => {
    const head = Buffer.from('中'.repeat(DECISION_WINDOW), 'utf8');
    const bytes = Buffer.concat([head, Buffer.from([0xff, 0x0d, 0x0a])]);
    expect(() => decode(bytes, 1000)).toThrow(/not valid UTF-8/);
  });
});
