package io.hyperblock.core.placement;

/**
 * XXH3-64 (seed 0) of exactly 16 bytes given as two little-endian longs, inlined because it runs
 * once per straw2 candidate: this is {@code XXH3_len_9to16_64b} from the reference xxHash 0.8, with
 * the default secret. {@code Xxh3Test} checks it against zero-allocation-hashing's {@code
 * LongHashFunction.xx3()} on random inputs, so the two can never disagree unnoticed.
 */
final class Xxh3 {
  /** Default-secret bytes 24..31 ^ 32..39 and 40..47 ^ 48..55, read little-endian. */
  private static final long BITFLIP_1 = 0x1f67b3b7a4a44072L ^ 0x78e5c0cc4ee679cbL;

  private static final long BITFLIP_2 = 0x2172ffcc7dd05a82L ^ 0x8e2443f7744608b8L;
  private static final long PRIME_MX2 = 0x165667919E3779F9L;

  private Xxh3() {}

  /**
   * xxh3_64 of the 16 bytes {@code first} (little-endian) followed by {@code second}
   * (little-endian).
   */
  static long hash16(long first, long second) {
    long lo = first ^ BITFLIP_1;
    long hi = second ^ BITFLIP_2;
    long acc = 16 + Long.reverseBytes(lo) + hi + (lo * hi ^ Math.unsignedMultiplyHigh(lo, hi));
    acc ^= acc >>> 37;
    acc *= PRIME_MX2;
    return acc ^ (acc >>> 32);
  }
}
