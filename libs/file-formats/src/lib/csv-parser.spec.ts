import { CsvParser } from './csv-parser';
import { UnreadableFileError } from './unreadable';

/** Parses `text` fed in chunks of `size` characters. */
function parse(text: string, size = text.length || 1, max?: number): string[][] {
  const rows: string[][] = [];
  const p = new CsvParser((cells) => rows.push(cells), max);
  for (let i = 0; i < text.length; i += size) p.push(text.slice(i, i + size));
  p.end();
  return rows;
}

function expectUnreadable(fn: () => unknown, variant: string, pattern: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(UnreadableFileError);
    expect((e as UnreadableFileError).variant).toBe(variant);
    expect((e as UnreadableFileError).reason).toMatch(pattern);
    return;
  }
  throw new Error('expected an UnreadableFileError');
}

describe('CsvParser', () => {
  const sample = 'a,b,c\r\n1,"two, with comma","say ""hi"""\r\n"multi\r\nline",,x\n"",last,\r\nend';
  const expected = [
    ['a', 'b', 'c'],
    ['1', 'two, with comma', 'say "hi"'],
    ['multi\r\nline', '', 'x'],
    ['', 'last', ''],
    ['end'],
  ];

  it('reads RFC 4180 quoting, escaped quotes, CRLF/LF and line breaks inside quotes', () => {
    expect(parse(sample)).toEqual(expected);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    for (const size of [1, 2, 3, 5, 7, 11, 64]) expect(parse(sample, size)).toEqual(expected);
  });

  it('treats a lone CR as a line end and ignores a final line break', () => {
    expect(parse('a,b\rc,d\r')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parse('a\r\n\r\nb\r\n')).toEqual([['a'], [''], ['b']]);
  });

  it('keeps a quote inside an unquoted field as a character', () => {
    expect(parse('5" screen,x\r\n')).toEqual([['5" screen', 'x']]);
  });

  it('reports a quote that is never closed (STR-010 quoting), with its row', () => {
    expectUnreadable(() => parse('a,b\r\n1,"open\r\n2,3\r\n'), 'quoting', /row 2/);
  });

  it('reports text after a closing quote', () => {
    expectUnreadable(() => parse('a,b\r\n"x"y,1\r\n'), 'quoting', /row 2: text after a closing quote/);
  });

  it('bounds a record: a row longer than the limit is STR-010, without reading the rest into memory', () => {
    const huge = 'a,' + 'x'.repeat(5000) + '\r\n';
    expectUnreadable(() => parse('h\r\n' + huge, 256, 1024 * 1024 * 0 + 4096), 'quoting', /longer than/);
    // An unclosed quote swallowing the rest of a large file fails as soon as the carry passes the bound.
    const p = new CsvParser(() => undefined, 4096);
    p.push('h\r\n"');
    expect(() => {
      for (let i = 0; i < 100; i++) p.push('y'.repeat(100) + '\r\n');
    }).toThrow(UnreadableFileError);
  });

  it('refuses a record spanning chunks at the chunk that passes the bound, keeping only the pieces before it', () => {
    const rows: string[][] = [];
    const p = new CsvParser((cells) => rows.push(cells), 1000);
    p.push('h\r\n"' + 'y'.repeat(399));
    p.push('y'.repeat(400));
    p.push('y'.repeat(200)); // the record now holds exactly 1000 characters: still allowed
    expect(() => p.push('y')).toThrow(UnreadableFileError);
    expect(rows).toEqual([['h']]);
    // Exactly at the bound, line break included, a record spanning chunks is read whole.
    const cells = parse('a,"' + 'z'.repeat(994) + '"\r\nb\r\n', 100, 1000);
    expect(cells).toEqual([['a', 'z'.repeat(994)], ['b']]);
    expectUnreadable(
      () => parse('a,"' + 'z'.repeat(995) + '"\r\nb\r\n', 100, 1000),
      'quoting',
      /longer than/,
    );
  });

  it('gives the same cells for records far longer than a chunk, in any chunking', () => {
    const big = 'Q'.repeat(300_000);
    const text = `a,b,c\r\n1,"${big}",3\r\n"x""${big}",${big},\n${'w,'.repeat(50_000)}\rlast`;
    const expected = [
      ['a', 'b', 'c'],
      ['1', big, '3'],
      [`x"${big}`, big, ''],
      [...Array.from({ length: 50_000 }, () => 'w'), ''],
      ['last'],
    ];
    for (const size of [text.length, 65_536, 4_099, 1_000]) expect(parse(text, size)).toEqual(expected);
  });

  it('scans a long record arriving in small pieces once, not again at every piece (linear time)', () => {
    // Re-joining and re-parsing the unfinished record at each piece would copy it 62,500 times over.
    const t0 = Date.now();
    const rows = parse('h\r\n"' + 'v'.repeat(1_000_000 - 10) + '"\r\n', 16);
    expect(rows[1][0].length).toBe(1_000_000 - 10);
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('parses a million short records quickly', () => {
    const line =
      'new_business,P-1,,health,agent,24,periodic,40,2026-01-02,2026-01-03,15,Y,,success,phone,,2026-01-05,2026-01-05,R1,,,Q1;Q2,N,,,\r\n';
    const chunk = line.repeat(1000);
    let n = 0;
    const p = new CsvParser(() => n++);
    const t0 = Date.now();
    for (let i = 0; i < 1000; i++) p.push(chunk);
    p.end();
    expect(n).toBe(1_000_000);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
