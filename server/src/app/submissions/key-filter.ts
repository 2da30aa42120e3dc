/**
 * A Bloom filter over the STR-005 keys of one file: fixed memory (16 MiB however many rows), no false
 * negatives. Every key it has certainly not seen before is unique so far; a key it may have seen is a
 * *candidate*, and only candidates are checked exactly in SQL. For a file without duplicates (the normal
 * case) the filter usually reports no candidate at all and the set-based check is skipped; with 10 million
 * distinct keys about 0.2 % are false candidates, still a small fraction for SQL to verify.
 */
export class KeyFilter {
  /**
   * The filter's size (log2 of its bits) for a file of `bytes` on disk: one bit per byte of plain CSV (at
   * least 170 bits per row of the standard's files, so false candidates stay as rare as with the full
   * size), between 2^20 bits (128 KiB) and 2^27 (16 MiB); compressed files (gzip, XLSX) get the full size.
   * A small upload does not touch (and make resident) 16 MiB of random pages for a few hundred keys.
   */
  static log2BitsFor(bytes: number, compressed: boolean): number {
    if (compressed) return 27;
    return Math.min(27, Math.max(20, Math.ceil(Math.log2(Math.max(1, bytes)))));
  }

  private readonly bits: Uint32Array;
  private readonly mask: number;

  constructor(
    log2Bits = 27,
    private readonly hashes = 7,
  ) {
    this.bits = new Uint32Array(2 ** (log2Bits - 5));
    this.mask = 2 ** log2Bits - 1;
  }

  /** Adds the key; true when it may have been added before (a candidate duplicate). */
  add(key: string): boolean {
    // Two independent 32-bit hashes (FNV-1a and a multiplicative variant), combined as h1 + i·h2
    // (Kirsch–Mitzenmacher), give the k bit positions.
    let h1 = 0x811c9dc5;
    let h2 = 0x9747b28c;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    h1 ^= h1 >>> 16;
    h1 = Math.imul(h1, 0x85ebca6b);
    h1 ^= h1 >>> 13;
    h2 = Math.imul(h2 ^ (h2 >>> 16), 0xc2b2ae35) | 1;
    let seen = true;
    for (let i = 0; i < this.hashes; i++) {
      const bit = (h1 + Math.imul(i, h2)) & this.mask;
      const word = bit >>> 5;
      const flag = 1 << (bit & 31);
      if ((this.bits[word] & flag) === 0) {
        seen = false;
        this.bits[word] |= flag;
      }
    }
    return seen;
  }
}
