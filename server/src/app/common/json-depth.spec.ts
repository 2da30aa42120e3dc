import { jsonTooDeep, MAX_JSON_DEPTH } from './json-depth';

const nested = (n: number) => Buffer.from('['.repeat(n) + ']'.repeat(n));

describe('jsonTooDeep', () => {
  it('allows nesting up to the limit and refuses one level more', () => {
    expect(jsonTooDeep(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonTooDeep(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonTooDeep(Buffer.from('{"a":{"b":[1,{"c":2}]},"d":[[],[]]}'), 4)).toBe(false);
    expect(jsonTooDeep(Buffer.from('{"a":{"b":[1,{"c":2}]}}'), 3)).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const s = JSON.stringify({ text: '{{{{[[[[' + '\\"{{{{'.repeat(20), other: '"]]]]' });
    expect(jsonTooDeep(Buffer.from(s), 1)).toBe(false);
    expect(jsonTooDeep(Buffer.from(JSON.stringify({ a: '\\', b: { c: 1 } })), 1)).toBe(true);
  });
});
