import { allocate, hashString, Rng, Urn } from './prng';
import { civilFromDays, daysFromCivil, fmtDay, parseDay, parsePeriod, weekday } from './dates';

describe('Rng', () => {
  it('is deterministic per seed and stream', () => {
    const a = new Rng(42, 'x');
    const b = new Rng(42, 'x');
    const c = new Rng(43, 'x');
    const d = new Rng(42, 'y');
    const seqA = Array.from({ length: 20 }, () => a.nextU32());
    expect(Array.from({ length: 20 }, () => b.nextU32())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.nextU32())).not.toEqual(seqA);
    expect(Array.from({ length: 20 }, () => d.nextU32())).not.toEqual(seqA);
  });

  it('pins the sequence (guards against accidental algorithm changes)', () => {
    const r = new Rng(1, '');
    const first = [r.nextU32(), r.nextU32(), r.nextU32()];
    expect(first).toMatchSnapshot();
    expect(hashString('abc')).toBe(0x1a47e90b);
  });

  it('produces uniform-looking floats and bounded ints', () => {
    const r = new Rng(7);
    let sum = 0;
    for (let i = 0; i < 100000; i++) {
      const x = r.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      sum += x;
    }
    expect(sum / 100000).toBeCloseTo(0.5, 2);
    for (let i = 0; i < 1000; i++) {
      const k = r.int(3, 5);
      expect([3, 4, 5]).toContain(k);
    }
  });

  it('weighted() respects weights and skips zero weights', () => {
    const r = new Rng(9);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 30000; i++) counts[r.weighted({ a: 1, b: 2, c: 0 })]++;
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(1.8);
    expect(counts.b / counts.a).toBeLessThan(2.2);
  });
});

describe('allocate and Urn', () => {
  it('allocate sums exactly to the total', () => {
    for (const total of [0, 1, 7, 100, 12345]) {
      const out = allocate(total, { a: 0.333, b: 0.333, c: 0.334, d: 0 });
      expect(out.a + out.b + out.c + out.d).toBe(total);
      expect(out.d).toBe(0);
    }
  });

  it('an urn yields every category exactly its count', () => {
    const r = new Rng(3);
    const urn = new Urn({ x: 5, y: 0, z: 1000 });
    const seen = { x: 0, y: 0, z: 0 };
    while (urn.remaining > 0) seen[urn.draw(r)]++;
    expect(seen).toEqual({ x: 5, y: 0, z: 1000 });
    expect(() => urn.draw(r)).toThrow();
  });
});

describe('dates', () => {
  it('round-trips civil dates', () => {
    for (let d = daysFromCivil(1999, 12, 25); d < daysFromCivil(2031, 3, 1); d += 17) {
      const [y, m, dd] = civilFromDays(d);
      expect(daysFromCivil(y, m, dd)).toBe(d);
      expect(fmtDay(d)).toBe(new Date(d * 86400000).toISOString().slice(0, 10));
      expect(parseDay(fmtDay(d))).toBe(d);
    }
    expect(weekday(parseDay('2026-01-01'))).toBe(4); // a Thursday
  });

  it('parses periods', () => {
    const h1 = parsePeriod('2026H1');
    expect(fmtDay(h1.start)).toBe('2026-01-01');
    expect(fmtDay(h1.end)).toBe('2026-06-30');
    const h2 = parsePeriod('2025H2');
    expect(fmtDay(h2.start)).toBe('2025-07-01');
    expect(fmtDay(h2.end)).toBe('2025-12-31');
    expect(() => parsePeriod('2026H3')).toThrow();
  });
});
