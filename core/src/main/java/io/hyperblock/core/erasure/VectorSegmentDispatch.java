package io.hyperblock.core.erasure;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/** Splits a plan's rows into groups of up to four for {@link SegmentGroupKernels}. */
final class VectorSegmentDispatch {

  private VectorSegmentDispatch() {}

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
    MemorySegment[] src = new MemorySegment[plan.inputs.length];
    for (int j = 0; j < src.length; j++) {
      src[j] = MemorySegment.ofBuffer(in[plan.inputs[j]]);
    }
    int rows = plan.outputs.length;
    for (int o = 0; o < rows; o += 4) {
      switch (Math.min(4, rows - o)) {
        case 1 ->
            SegmentGroupKernels.rows1(
                plan, o, src, inOffset, seg(out, plan, o + 0), outOffset, vectorEnd, accumulate);
        case 2 ->
            SegmentGroupKernels.rows2(
                plan,
                o,
                src,
                inOffset,
                seg(out, plan, o + 0),
                seg(out, plan, o + 1),
                outOffset,
                vectorEnd,
                accumulate);
        case 3 ->
            SegmentGroupKernels.rows3(
                plan,
                o,
                src,
                inOffset,
                seg(out, plan, o + 0),
                seg(out, plan, o + 1),
                seg(out, plan, o + 2),
                outOffset,
                vectorEnd,
                accumulate);
        default ->
            SegmentGroupKernels.rows4(
                plan,
                o,
                src,
                inOffset,
                seg(out, plan, o + 0),
                seg(out, plan, o + 1),
                seg(out, plan, o + 2),
                seg(out, plan, o + 3),
                outOffset,
                vectorEnd,
                accumulate);
      }
    }
  }

  private static MemorySegment seg(ByteBuffer[] out, CodingPlan plan, int o) {
    return MemorySegment.ofBuffer(out[plan.outputs[o]]);
  }
}
