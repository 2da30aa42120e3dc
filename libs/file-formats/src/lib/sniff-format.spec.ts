import { sniffFormat } from './sniff-format';

describe('sniffFormat', () => {
  it('decides by content', () => {
    expect(sniffFormat(Buffer.from([0x1f, 0x8b, 8, 0]))).toBe('gzip');
    expect(sniffFormat(Buffer.from('PK\x03\x04rest', 'latin1'))).toBe('xlsx');
    expect(sniffFormat(Buffer.from('a,b\r\n'))).toBe('csv');
    expect(sniffFormat(Buffer.alloc(0))).toBe('csv');
  });

  it('names formats that are not accepted', () => {
    expect(() => sniffFormat(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toThrow(/\.xls/);
    expect(() => sniffFormat(Buffer.from('%PDF-1.7'))).toThrow(/PDF/);
    expect(() => sniffFormat(Buffer.from([0xff, 0xfe, 0x61, 0]))).toThrow(/UTF-16/);
    expect(() => sniffFormat(Buffer.from([0x61, 0x00, 0x62]))).toThrow(/NUL/);
  });
});
