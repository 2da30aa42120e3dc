import {
  allocate,
  CHANNEL_GROUPS,
  PRODUCT_GROUPS,
  stratumSizes,
  channelGroupOf,
  drawParams,
  isDrawn,
  largestRemainder,
  planSample,
  productGroupOf,
  randomStart,
  sampleSize,
  STRATA,
  stratumKey,
  systematicPositions,
} from './sampling';

describe('recording-review sample: size', () => {
  it.each([
    [0, 0],
    [1, 1],
    [1199, 1199],
    [1200, 1200],
    [5000, 1200],
    [240_000, 1200],
    [240_001, 1201],
    [1_000_000, 5000],
    [1_000_001, 5001],
  ])('N = %i → %i', (n, expected) => {
    expect(sampleSize(n)).toBe(expected);
  });

  it('refuses a negative or fractional population', () => {
    expect(() => sampleSize(-1)).toThrow(RangeError);
    expect(() => sampleSize(1.5)).toThrow(RangeError);
  });
});

describe('recording-review sample: allocation', () => {
  it('is proportional with largest-remainder rounding and sums to n', () => {
    // 1200 × (5000, 3000, 2000) / 10000 = 600, 360, 240 exactly.
    expect(allocate(1200, [5000, 3000, 2000])).toEqual([600, 360, 240]);
    // 10 × (10, 10, 10) / 30 = 3.33 each: the one left over goes to the first (ties: earlier stratum).
    expect(allocate(10, [10, 10, 10])).toEqual([4, 3, 3]);
    // 7 × (5, 3, 2) / 10 = 3.5, 2.1, 1.4: floors 3, 2, 1; remainders .5, .1, .4 → the first gets the extra one.
    expect(allocate(7, [5, 3, 2])).toEqual([4, 2, 1]);
  });

  it('never gives a stratum more than it has, for any population (n ≤ N)', () => {
    let x = 12345;
    const rnd = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let t = 0; t < 300; t++) {
      const sizes = STRATA.map(() => (rnd() < 0.3 ? 0 : Math.floor(rnd() ** 3 * 5000)));
      const total = sizes.reduce((a, b) => a + b, 0);
      const n = sampleSize(total);
      const a = allocate(n, sizes);
      expect(a.reduce((p, q) => p + q, 0)).toBe(n);
      a.forEach((v, h) => {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(sizes[h]);
        // Proportional to within one record.
        if (total > 0) expect(Math.abs(v - (n * sizes[h]) / total)).toBeLessThan(1);
      });
    }
  });

  it('tops up from the strata with records left when a stratum is short', () => {
    // Weighted equally, the small stratum (2 records) is short of its 10: its 8 go to the others.
    expect(allocate(30, [2, 100, 100], [1, 1, 1])).toEqual([2, 14, 14]);
    // Two short strata, redistributed in rounds until every record that is needed is found.
    expect(allocate(20, [1, 3, 100], [1, 1, 1])).toEqual([1, 3, 16]);
    // All of a population.
    expect(allocate(6, [1, 2, 3], [5, 0, 0])).toEqual([1, 2, 3]);
  });

  it('refuses more than the population', () => {
    expect(() => allocate(4, [1, 2])).toThrow(RangeError);
  });

  it('splits by largest remainder exactly', () => {
    expect(largestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(largestRemainder(5, [0, 3, 1])).toEqual([0, 4, 1]);
  });
});

describe('recording-review sample: systematic selection', () => {
  it('takes every k-th record from the random start, inside the stratum, without repeats', () => {
    // k = 10 / 3; start 5 (u = 5/3): ⌊1.67⌋, ⌊5⌋, ⌊8.33⌋.
    expect(systematicPositions(10, 3, 5)).toEqual([1, 5, 8]);
    expect(systematicPositions(5, 5, 4)).toEqual([0, 1, 2, 3, 4]);
    for (const [size, take] of [
      [1, 1],
      [7, 3],
      [1000, 999],
      [100_003, 1200],
    ]) {
      for (const start of [...new Set([0, 1, size - 1])].filter((x) => x < size)) {
        const p = systematicPositions(size, take, start);
        expect(new Set(p).size).toBe(take);
        expect(Math.min(...p)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...p)).toBeLessThan(size);
        // Evenly spread: consecutive picks are ⌊k⌋ or ⌈k⌉ apart.
        for (let i = 1; i < p.length; i++) {
          expect(p[i] - p[i - 1]).toBeGreaterThanOrEqual(Math.floor(size / take));
          expect(p[i] - p[i - 1]).toBeLessThanOrEqual(Math.ceil(size / take));
        }
      }
    }
  });

  it('tests membership in closed form exactly as the positions say (the filter of the SQL)', () => {
    for (const [size, take] of [
      [1, 1],
      [2, 1],
      [7, 3],
      [10, 10],
      [97, 13],
      [1000, 999],
      [5003, 1200],
    ]) {
      for (const start of [...new Set([0, 1, Math.floor(size / 2), size - 1])].filter((x) => x < size)) {
        const positions = new Set(systematicPositions(size, take, start));
        const drawn = Array.from({ length: size }, (_, j) => j).filter((j) => isDrawn(j, size, take, start));
        expect([size, take, start, drawn]).toEqual([size, take, start, [...positions]]);
      }
    }
    expect(isDrawn(0, 5, 0, 0)).toBe(false);
  });

  it('derives the random start from the seed and the stratum: reproducible, and different per seed', () => {
    const s = STRATA[0];
    expect(randomStart('abc', s, 1000)).toBe(randomStart('abc', s, 1000));
    const starts = new Set(['a', 'b', 'c', 'd', 'e', 'f'].map((seed) => randomStart(seed, s, 1_000_000)));
    expect(starts.size).toBe(6);
    expect(randomStart('abc', s, 0)).toBe(0);
    for (let i = 0; i < 50; i++) {
      const v = randomStart(`seed-${i}`, STRATA[i % 12], 37);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(37);
    }
  });
});

describe('recording-review sample: strata and plan', () => {
  it('groups channels and products as METRICS.md says', () => {
    expect(
      ['agent', 'bancassurance', 'telemarketing', 'internet', 'intermediary', 'direct'].map(channelGroupOf),
    ).toEqual(['agent', 'bancassurance', 'other', 'other', 'other', 'other']);
    expect(
      ['dividend', 'universal', 'unit_linked', 'traditional', 'health', 'accident', 'other'].map(
        productGroupOf,
      ),
    ).toEqual(['dividend', 'universal', 'unit_linked', 'other', 'other', 'other', 'other']);
    expect(STRATA).toHaveLength(12);
    // The SQL's integer stratum is the index in STRATA: channel × 4 + product.
    expect(
      STRATA.map((s) => CHANNEL_GROUPS.indexOf(s.channelGroup) * 4 + PRODUCT_GROUPS.indexOf(s.productGroup)),
    ).toEqual(STRATA.map((_, h) => h));
    expect(stratumSizes([{ stratum: 5, n: '7' }])).toEqual(new Map([['bancassurance/universal', 7]]));
    expect(new Set(STRATA.map(stratumKey)).size).toBe(12);
  });

  it('plans a draw: size, allocation per stratum, interval and start; the SQL parameters per stratum', () => {
    const sizes = new Map([
      ['agent/dividend', 3000],
      ['agent/other', 1500],
      ['bancassurance/universal', 500],
    ]);
    const plan = planSample('seed-1', sizes);
    expect(plan.population).toBe(5000);
    expect(plan.size).toBe(1200);
    const got = Object.fromEntries(
      plan.strata.filter((s) => s.population).map((s) => [stratumKey(s), s.allocated]),
    );
    expect(got).toEqual({ 'agent/dividend': 720, 'agent/other': 360, 'bancassurance/universal': 120 });
    const dividend = plan.strata.find((s) => stratumKey(s) === 'agent/dividend');
    expect(dividend?.interval).toBeCloseTo(3000 / 720);
    expect(planSample('seed-1', sizes)).toEqual(plan);
    const [size, take, start] = drawParams(plan);
    expect(size).toEqual([3000, 0, 0, 1500, 0, 500, 0, 0, 0, 0, 0, 0]);
    expect(take).toEqual([720, 0, 0, 360, 0, 120, 0, 0, 0, 0, 0, 0]);
    start.forEach((s, i) => expect(s).toBeLessThan(Math.max(size[i], 1)));
  });

  it('draws everything when there are fewer than 1,200', () => {
    const plan = planSample(
      'x',
      new Map([
        ['other/other', 700],
        ['agent/unit_linked', 30],
      ]),
    );
    expect(plan.size).toBe(730);
    expect(plan.strata.filter((s) => s.population).map((s) => s.allocated)).toEqual([30, 700]);
  });
});
