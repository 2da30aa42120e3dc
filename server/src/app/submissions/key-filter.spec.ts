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
});
