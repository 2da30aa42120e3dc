import { csvField, neutralise } from '../common/spreadsheet-cell';

describe('statistics export', () => {
  it('neutralises text a spreadsheet would take for a formula', () => {
    for (const s of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\t=x', '\r=x']) expect(neutralise(s)).toBe(`'${s}`);
    expect(neutralise('长乐人寿')).toBe('长乐人寿');
    expect(neutralise('')).toBe('');
  });

  it('quotes CSV fields and leaves numbers as numbers', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(-0.5)).toBe('-0.5');
    expect(csvField(0.937661104327771)).toBe('0.937661104327771');
    expect(csvField(null)).toBe('');
  });
});
