import { copyArray, copyEscape, copyUnescape } from './copy-text';

describe('COPY text format', () => {
  it('escapes backslash, tab, line breaks and control characters, and reads them back', () => {
    for (const s of ['plain', 'a\\b', 'tab\there', 'l1\nl2\r\n', 'bell\u0007', '中文', '']) {
      const e = copyEscape(s);
      expect(e).not.toMatch(/[\t\n\r]/);
      expect(copyUnescape(e)).toBe(s);
    }
    expect(copyUnescape('\\N')).toBeNull();
  });

  it('writes arrays of codes plainly and quotes other elements', () => {
    expect(copyArray([])).toBe('{}');
    expect(copyArray(['phone', 'visit'])).toBe('{phone,visit}');
    expect(copyArray(['a b', 'c"d', 'e\\f'])).toBe('{"a b","c\\\\"d","e\\\\\\\\f"}');
  });
});

import { neutralise } from '../common/spreadsheet-cell';

describe('neutralise (report cells)', () => {
  it('prefixes what a spreadsheet would run as a formula', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(neutralise(s)).toBe(`'${s}`);
    for (const s of ['', 'plain', '第2行：', 'a=b']) expect(neutralise(s)).toBe(s);
  });
});
