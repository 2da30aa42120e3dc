/**
 * Deterministic pseudo-random numbers: xoshiro128** seeded through splitmix32.
 *
 * Only 32-bit integer arithmetic (Math.imul, shifts), so every JavaScript engine produces the same
 * sequence. Never use Math.random in this library.
 */

/** FNV-1a 32-bit hash of a string (UTF-16 code units), used to derive independent streams. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** splitmix32 step: a good mixer for seeding. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `seed` is any integer; `stream` names an independent sequence for the same seed. */
  constructor(seed: number, stream = '') {
    const st = { s: (hashString(stream) ^ Math.imul(seed | 0, 0x27d4eb2d) ^ ((seed / 0x100000000) | 0)) | 0 };
    this.a = splitmix32(st);
    this.b = splitmix32(st);
    this.c = splitmix32(st);
    this.d = splitmix32(st);
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** A new generator for a sub-stream, independent of how much this one has been used. */
  static derive(seed: number, ...labels: Array<string | number>): Rng {
    return new Rng(seed, labels.join('\u0001'));
  }

  /** Next unsigned 32-bit integer (xoshiro128**). */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks a key by weight; weights need not sum to 1. */
  weighted<K extends string>(weights: Readonly<Partial<Record<K, number>>>): K {
    let total = 0;
    for (const k in weights) total += weights[k] ?? 0;
    let x = this.next() * total;
    let last: K | undefined;
    for (const k in weights) {
      const w = weights[k] ?? 0;
      if (w <= 0) continue;
      last = k;
      if (x < w) return k;
      x -= w;
    }
    if (last === undefined) throw new Error('weighted(): no positive weight');
    return last;
  }

  /** Integer in [lo, hi] skewed towards lo (triangular-ish: min of two uniforms). */
  intLow(lo: number, hi: number): number {
    return Math.min(this.int(lo, hi), this.int(lo, hi));
  }

  /** A string of `n` decimal digits. */
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(48 + Math.floor(this.next() * 10));
    return s;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * Splits `total` into integer counts proportional to `weights` (largest remainder method), so the
 * counts add up to `total` exactly. Ties go to the earlier key.
 */
export function allocate<K extends string>(
  total: number,
  weights: Readonly<Record<K, number>>,
): Record<K, number> {
  const keys = Object.keys(weights) as K[];
  let sum = 0;
  for (const k of keys) sum += Math.max(0, weights[k]);
  const out = {} as Record<K, number>;
  if (sum <= 0 || total <= 0) {
    for (const k of keys) out[k] = 0;
    return out;
  }
  let used = 0;
  const rema: Array<{ k: K; r: number; i: number }> = [];
  keys.forEach((k, i) => {
    const exact = (total * Math.max(0, weights[k])) / sum;
    const fl = Math.floor(exact + 1e-9);
    out[k] = fl;
    used += fl;
    rema.push({ k, r: exact - fl, i });
  });
  rema.sort((x, y) => y.r - x.r || x.i - y.i);
  for (let j = 0; used < total; j++, used++) out[rema[j % rema.length].k] += 1;
  return out;
}

/**
 * Sampling without replacement from an urn holding exact counts per category: every draw picks a
 * category with probability remaining/total, so after all draws each category was drawn exactly its
 * count, in a random order, in constant memory.
 */
export class Urn<K extends string> {
  private readonly keys: K[];
  private readonly left: number[];
  private total: number;

  constructor(counts: Readonly<Record<K, number>>) {
    this.keys = (Object.keys(counts) as K[]).filter((k) => counts[k] > 0);
    this.left = this.keys.map((k) => counts[k]);
    this.total = this.left.reduce((a, b) => a + b, 0);
  }

  get remaining(): number {
    return this.total;
  }

  draw(rng: Rng): K {
    if (this.total <= 0) throw new Error('Urn is empty');
    let x = Math.floor(rng.next() * this.total);
    for (let i = 0; i < this.keys.length; i++) {
      if (x < this.left[i]) {
        this.left[i]--;
        this.total--;
        return this.keys[i];
      }
      x -= this.left[i];
    }
    // unreachable
    throw new Error('Urn draw failed');
  }
}
