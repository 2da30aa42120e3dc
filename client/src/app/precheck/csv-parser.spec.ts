/**
 * @jest-environment node
 */
import { CsvParser, UnreadableFileError } from '@portal/file-formats';

function parse(chunks: readonly string[], max?: number): string[][] {
  const out: string[][] = [];
  const p = new CsvParser((cells) => out.push(cells), max);
  for (const c of chunks) p.push(c);
  p.end();
  return out;
}

function failure(chunks: readonly string[], max?: number): UnreadableFileError {
  try {
    parse(chunks, max);
  } catch (e) {
    if (e instanceof UnreadableFileError) return e;
    throw e;
  }
  throw new Error('expected the parser to refuse the input');
}

/** Every split of `text` into two chunks, plus one character per chunk. */
function splits(text: string): string[][] {
  const out: string[][] = [[text], [...text]];
  for (let i = 1; i < text.length; i++) out.push([text.slice(0, i), text.slice(i)]);
  return out;
}

describe('CsvParser (RFC 4180, streaming)', () => {
  it('reads plain, quoted and empty fields', () => {
    expect(parse(['a,b,c\r\n1,,3\r\n'])).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
    ]);
    expect(parse(['"x, y","say ""hi""",""\n'])).toEqual([['x, y', 'say "hi"', '']]);
  });

  it('keeps commas and line breaks (CRLF, LF, CR) inside quotes', () => {
    expect(parse(['"line1\r\nline2","a\nb","c\rd",e\r\n'])).toEqual([
      ['line1\r\nline2', 'a\nb', 'c\rd', 'e'],
    ]);
  });

  it('ends records at CRLF, LF or a lone CR, and reads a last line without a line break', () => {
    expect(parse(['a\r\nb\nc\rd'])).toEqual([['a'], ['b'], ['c'], ['d']]);
  });

  it('does not make a record of the empty last line, but keeps a trailing empty field', () => {
    expect(parse(['a,b\r\n'])).toEqual([['a', 'b']]);
    expect(parse(['a,\r\n'])).toEqual([['a', '']]);
    expect(parse(['a,'])).toEqual([['a', '']]);
    expect(parse([''])).toEqual([]);
  });

  it('keeps a quote inside an unquoted field as a character', () => {
    expect(parse(['5" screen,b\n'])).toEqual([['5" screen', 'b']]);
  });

  it('gives the same records however the text is cut into chunks', () => {
    const text = 'h1,"h,2",h3\r\n"a ""q""\r\nb",,c\r\nx,"y",\rz,"",w\n"last","no newline"';
    const expected = parse([text]);
    expect(expected).toHaveLength(5);
    for (const chunks of splits(text)) expect(parse(chunks)).toEqual(expected);
  });

  it('counts records as they complete', () => {
    const p = new CsvParser(() => undefined);
    p.push('a\nb\nc');
    expect(p.recordCount).toBe(2);
    p.end();
    expect(p.recordCount).toBe(3);
  });

  it('refuses a quote that is never closed (STR-010, quoting), naming the row', () => {
    const e = failure(['a,b\n1,"open\n2,3\n']);
    expect(e.variant).toBe('quoting');
    expect(e.reason).toContain('第 2 行');
    expect(e.reason).toContain('row 2');
  });

  it('refuses text between a closing quote and the next separator', () => {
    const e = failure(['"a"b,c\n']);
    expect(e.variant).toBe('quoting');
    expect(e.reason).toContain('text after a closing quote');
    // also when the closing quote ends one chunk and the text starts the next
    expect(failure(['x\n"a"', 'b\n']).reason).toContain('row 2');
  });

  it('refuses a record longer than the bound instead of buffering the rest of the file', () => {
    const e = failure(['a\n"', 'x'.repeat(300), 'y'.repeat(300)], 512);
    expect(e.variant).toBe('quoting');
    expect(e.reason).toMatch(/longer than/);
    // a long record completed within one push is refused too
    expect(failure(['"' + 'z'.repeat(600) + '"\n'], 512).variant).toBe('quoting');
    // records up to the bound are fine
    expect(parse(['z'.repeat(500) + '\n'], 512)).toEqual([['z'.repeat(500)]]);
  });
});
