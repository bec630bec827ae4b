package io.hyperblock.core.erasure;

/**
 * One matrix-times-units operation, prepared once and reused: {@code unit[outputs[o]] = sum_j
 * coefficients[o][j] * unit[inputs[j]]}. Encoding, each erasure pattern's reconstruction and each
 * data unit's parity delta are plans. Immutable after construction, so it can be shared between
 * threads and cached.
 *
 * <p>For the vector kernel the plan also holds split-nibble product tables: for coefficient c the
 * 16 products {@code c * n} (low nibble n) and the 16 products {@code c * (n << 4)} (high nibble),
 * each replicated to the vector length so a lane index 0..15 selects the right product in any
 * 128-bit lane. Layout: {@code nibbleTables[((o * inputs.length + j) * 2 + half) * lanes + i]}.
 */
final class CodingPlan {

  final int[] inputs;
  final int[] outputs;
  final byte[][] coefficients;

  /** Product rows {@code GaloisField.MULTIPLY_BY[c]} for the scalar kernel, same shape. */
  final byte[][][] productRows;

  /** Replicated nibble tables for the vector kernel; empty when {@code lanes == 0}. */
  final byte[] nibbleTables;

  final int lanes;

  CodingPlan(int[] inputs, int[] outputs, byte[][] coefficients, int lanes) {
    this.inputs = inputs.clone();
    this.outputs = outputs.clone();
    this.coefficients = new byte[outputs.length][];
    this.productRows = new byte[outputs.length][inputs.length][];
    this.lanes = lanes;
    this.nibbleTables = new byte[outputs.length * inputs.length * 2 * lanes];
    for (int o = 0; o < outputs.length; o++) {
      this.coefficients[o] = coefficients[o].clone();
      for (int j = 0; j < inputs.length; j++) {
        int c = coefficients[o][j] & 0xFF;
        productRows[o][j] = GaloisField.MULTIPLY_BY[c];
        int base = tableOffset(o, j);
        for (int i = 0; i < lanes; i++) {
          nibbleTables[base + i] = (byte) GaloisField.multiply(c, i & 0x0F);
          nibbleTables[base + lanes + i] = (byte) GaloisField.multiply(c, (i & 0x0F) << 4);
        }
      }
    }
  }

  /** Offset of the low-nibble table of (output o, input j); the high-nibble table follows it. */
  int tableOffset(int o, int j) {
    return (o * inputs.length + j) * 2 * lanes;
  }

  static int[] range(int from, int count) {
    int[] result = new int[count];
    for (int i = 0; i < count; i++) {
      result[i] = from + i;
    }
    return result;
  }
}
