package io.hyperblock.core.erasure;

/**
 * Arithmetic in GF(2^8) with the primitive polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D) and
 * generator 2, the field used by Backblaze JavaReedSolomon, ISA-L and Linux RAID-6. Addition is
 * XOR; multiplication goes through a full 256 x 256 product table so the scalar kernels need one
 * load per byte.
 */
final class GaloisField {

  /** 0x11D: x^8 + x^4 + x^3 + x^2 + 1. */
  static final int POLYNOMIAL = 0x11D;

  /** EXP[i] = 2^i, doubled in length so {@code EXP[log a + log b]} needs no modulo. */
  private static final byte[] EXP = new byte[510];

  /** LOG[a] = log2(a) for a in 1..255; LOG[0] is unused. */
  private static final int[] LOG = new int[256];

  /**
   * MULTIPLY_BY[a][b] = a * b. Row {@code MULTIPLY_BY[a]} is the 256-entry table of "multiply by a"
   * that the scalar kernels index with the data byte.
   */
  static final byte[][] MULTIPLY_BY = new byte[256][256];

  static {
    int x = 1;
    for (int i = 0; i < 255; i++) {
      EXP[i] = (byte) x;
      EXP[i + 255] = (byte) x;
      LOG[x] = i;
      x <<= 1;
      if (x >= 256) {
        x ^= POLYNOMIAL;
      }
    }
    for (int a = 0; a < 256; a++) {
      for (int b = 0; b < 256; b++) {
        MULTIPLY_BY[a][b] = (byte) slowMultiply(a, b);
      }
    }
  }

  private GaloisField() {}

  private static int slowMultiply(int a, int b) {
    if (a == 0 || b == 0) {
      return 0;
    }
    return EXP[LOG[a] + LOG[b]] & 0xFF;
  }

  /** a * b for a, b in 0..255. */
  static int multiply(int a, int b) {
    return MULTIPLY_BY[a & 0xFF][b & 0xFF] & 0xFF;
  }

  /** The multiplicative inverse of a in 1..255. */
  static int inverse(int a) {
    if ((a & 0xFF) == 0) {
      throw new ArithmeticException("0 has no inverse in GF(2^8)");
    }
    return EXP[255 - LOG[a & 0xFF]] & 0xFF;
  }

  /** a^n with the convention 0^0 = 1 (Backblaze's Galois.exp, used for the Vandermonde matrix). */
  static int power(int a, int n) {
    if (n == 0) {
      return 1;
    }
    if ((a & 0xFF) == 0) {
      return 0;
    }
    return EXP[(LOG[a & 0xFF] * n) % 255] & 0xFF;
  }
}
