package io.hyperblock.core.erasure;

import java.nio.ByteBuffer;

/** Splits a plan's rows into groups of up to four for {@link ArrayGroupKernels}. */
final class VectorArrayDispatch {

  private VectorArrayDispatch() {}

  /**
   * Bytes [0, vectorEnd) of {@link AbstractReedSolomonCodec#multiply}; vectorEnd is whole vectors.
   */
  static void multiply(
      CodingPlan plan,
      ByteBuffer[] in,
      int inOffset,
      ByteBuffer[] out,
      int outOffset,
      int vectorEnd,
      boolean accumulate) {
    byte[][] src = new byte[plan.inputs.length][];
    int[] srcBase = new int[src.length];
    for (int j = 0; j < src.length; j++) {
      ByteBuffer b = in[plan.inputs[j]];
      src[j] = b.array();
      srcBase[j] = b.arrayOffset() + b.position() + inOffset;
    }
    int rows = plan.outputs.length;
    for (int o = 0; o < rows; o += 4) {
      switch (Math.min(4, rows - o)) {
        case 1 ->
            ArrayGroupKernels.rows1(
                plan,
                o,
                src,
                srcBase,
                array(out, plan, o + 0),
                base(out, plan, o + 0, outOffset),
                vectorEnd,
                accumulate);
        case 2 ->
            ArrayGroupKernels.rows2(
                plan,
                o,
                src,
                srcBase,
                array(out, plan, o + 0),
                base(out, plan, o + 0, outOffset),
                array(out, plan, o + 1),
                base(out, plan, o + 1, outOffset),
                vectorEnd,
                accumulate);
        case 3 ->
            ArrayGroupKernels.rows3(
                plan,
                o,
                src,
                srcBase,
                array(out, plan, o + 0),
                base(out, plan, o + 0, outOffset),
                array(out, plan, o + 1),
                base(out, plan, o + 1, outOffset),
                array(out, plan, o + 2),
                base(out, plan, o + 2, outOffset),
                vectorEnd,
                accumulate);
        default ->
            ArrayGroupKernels.rows4(
                plan,
                o,
                src,
                srcBase,
                array(out, plan, o + 0),
                base(out, plan, o + 0, outOffset),
                array(out, plan, o + 1),
                base(out, plan, o + 1, outOffset),
                array(out, plan, o + 2),
                base(out, plan, o + 2, outOffset),
                array(out, plan, o + 3),
                base(out, plan, o + 3, outOffset),
                vectorEnd,
                accumulate);
      }
    }
  }

  private static byte[] array(ByteBuffer[] out, CodingPlan plan, int o) {
    return out[plan.outputs[o]].array();
  }

  private static int base(ByteBuffer[] out, CodingPlan plan, int o, int outOffset) {
    ByteBuffer b = out[plan.outputs[o]];
    return b.arrayOffset() + b.position() + outOffset;
  }
}
