package io.hyperblock.core.erasure;

import java.nio.ByteBuffer;

/**
 * Table-driven GF(2^8) kernels: one lookup in {@link GaloisField#MULTIPLY_BY} per byte and
 * coefficient. Array-backed buffers use array loops; direct and read-only buffers use absolute
 * get/put. Allocation-free.
 */
final class ScalarKernels {

  /**
   * Bytes per output row processed before moving on to the next row: the output block stays in L1
   * while the k inputs are folded into it.
   */
  private static final int BLOCK = 8 * 1024;

  private ScalarKernels() {}

  /** {@link AbstractReedSolomonCodec#multiply} restricted to x in [from, to). */
  static void multiply(
      CodingPlan plan,
      ByteBuffer[] in,
      int inOffset,
      ByteBuffer[] out,
      int outOffset,
      int from,
      int to,
      boolean accumulate) {
    int[] inputs = plan.inputs;
    int[] outputs = plan.outputs;
    for (int start = from; start < to; start += BLOCK) {
      int n = Math.min(BLOCK, to - start);
      for (int o = 0; o < outputs.length; o++) {
        ByteBuffer dst = out[outputs[o]];
        byte[][] rows = plan.productRows[o];
        for (int j = 0; j < inputs.length; j++) {
          ByteBuffer src = in[inputs[j]];
          multiplyRange(
              rows[j], src, inOffset + start, dst, outOffset + start, n, accumulate || j > 0);
        }
      }
    }
  }

  /** {@code out[outputs[o]][x] ^= coefficients[o][0] * src[x]} for x in [from, to). */
  static void multiplyAccumulate(
      CodingPlan plan, ByteBuffer src, ByteBuffer[] out, int from, int to) {
    for (int o = 0; o < plan.outputs.length; o++) {
      multiplyRange(plan.productRows[o][0], src, from, out[plan.outputs[o]], from, to - from, true);
    }
  }

  /**
   * dst[dstStart + i] (^)= c * src[srcStart + i] for i in [0, n), starts relative to positions.
   *
   * @param products {@code GaloisField.MULTIPLY_BY[c]}
   */
  static void multiplyRange(
      byte[] products,
      ByteBuffer src,
      int srcStart,
      ByteBuffer dst,
      int dstStart,
      int n,
      boolean xor) {
    if (src.hasArray() && dst.hasArray()) {
      byte[] s = src.array();
      byte[] d = dst.array();
      int so = src.arrayOffset() + src.position() + srcStart;
      int dOff = dst.arrayOffset() + dst.position() + dstStart;
      if (xor) {
        for (int i = 0; i < n; i++) {
          d[dOff + i] ^= products[s[so + i] & 0xFF];
        }
      } else {
        for (int i = 0; i < n; i++) {
          d[dOff + i] = products[s[so + i] & 0xFF];
        }
      }
      return;
    }
    int so = src.position() + srcStart;
    int dOff = dst.position() + dstStart;
    for (int i = 0; i < n; i++) {
      byte product = products[src.get(so + i) & 0xFF];
      dst.put(dOff + i, xor ? (byte) (dst.get(dOff + i) ^ product) : product);
    }
  }
}
