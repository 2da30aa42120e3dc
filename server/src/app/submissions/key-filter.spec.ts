import { KeyFilter } from './key-filter';

describe('KeyFilter', () => {
  it('never misses a repeated key', () => {
    const f = new KeyFilter(20);
    const keys = Array.from({ length: 20_000 }, (_, i) => `new_business\u001fP-${i}\u001f`);
    for (const k of keys) f.add(k);
    for (const k of keys) expect(f.add(k)).toBe(true);
  });

  it('rarely calls a new key a candidate (false positives bounded by its size)', () => {
    const f = new KeyFilter(27);
    let candidates = 0;
    for (let i = 0; i < 200_000; i++) if (f.add(`claim\u001fCLRS2026-${i}\u001fLP-${i % 977}`)) candidates++;
    expect(candidates).toBeLessThan(3);
  });

  it('is sized by the upload: one bit per byte of plain CSV within 128 KiB–16 MiB, full size when compressed', () => {
    expect(KeyFilter.log2BitsFor(0, false)).toBe(20);
    expect(KeyFilter.log2BitsFor(200_000, false)).toBe(20);
    expect(KeyFilter.log2BitsFor(3_000_000, false)).toBe(22);
    expect(KeyFilter.log2BitsFor(170 * 10_000_000, false)).toBe(27);
    expect(KeyFilter.log2BitsFor(200_000, true)).toBe(27);
    // The smallest filter for as many rows as its file can hold (170 bytes a row): few false candidates.
    const rows = 2 ** 20 / 170;
    const f = new KeyFilter(KeyFilter.log2BitsFor(2 ** 20, false));
    let candidates = 0;
    for (let i = 0; i < rows; i++) if (f.add(`claim\u001fCLRS2026-${i}\u001fLP-${i % 977}`)) candidates++;
    expect(candidates).toBeLessThan(3);
  });
});
