package io.hyperblock.core.erasure;

import static io.hyperblock.core.erasure.VectorKernels.LANES;
import static io.hyperblock.core.erasure.VectorKernels.high;
import static io.hyperblock.core.erasure.VectorKernels.load;
import static io.hyperblock.core.erasure.VectorKernels.low;
import static io.hyperblock.core.erasure.VectorKernels.store;
import static io.hyperblock.core.erasure.VectorKernels.times;
import static jdk.incubator.vector.VectorOperators.XOR;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.ByteVector;

/**
 * The register-blocked inner loops of {@link VectorKernels}: rows{@code N} computes N consecutive
 * output rows {@code o..o+N-1} of a plan over the bytes [0, end) (end a multiple of the vector
 * length), keeping N accumulators in registers. They are written out per N because a loop over an
 * array of vectors would make C2 box the vectors on the heap.
 */
final class GroupKernels {

  private GroupKernels() {}

  private static ByteVector start(MemorySegment d, long offset, boolean accumulate) {
    // zero() rather than a static final constant: a boxed constant merged with a loaded vector
    // forces C2 to box every accumulator.
    return accumulate ? load(d, offset) : ByteVector.zero(VectorKernels.SPECIES);
  }

  static void rows1(
      CodingPlan plan,
      int o,
      MemorySegment[] src,
      long inOffset,
      MemorySegment d0,
      long outOffset,
      int end,
      boolean accumulate) {
    byte[] t = plan.nibbleTables;
    int step = 2 * LANES;
    int t0 = plan.tableOffset(o + 0, 0);
    for (long x = 0; x < end; x += LANES) {
      ByteVector a0 = start(d0, outOffset + x, accumulate);
      for (int j = 0, tj = 0; j < src.length; j++, tj += step) {
        ByteVector v = load(src[j], inOffset + x);
        ByteVector lo = low(v);
        ByteVector hi = high(v);
        a0 = a0.lanewise(XOR, times(t, t0 + tj, lo, hi));
      }
      store(a0, d0, outOffset + x);
    }
  }

  static void rows2(
      CodingPlan plan,
      int o,
      MemorySegment[] src,
      long inOffset,
      MemorySegment d0,
      MemorySegment d1,
      long outOffset,
      int end,
      boolean accumulate) {
    byte[] t = plan.nibbleTables;
    int step = 2 * LANES;
    int t0 = plan.tableOffset(o + 0, 0);
    int t1 = plan.tableOffset(o + 1, 0);
    for (long x = 0; x < end; x += LANES) {
      ByteVector a0 = start(d0, outOffset + x, accumulate);
      ByteVector a1 = start(d1, outOffset + x, accumulate);
      for (int j = 0, tj = 0; j < src.length; j++, tj += step) {
        ByteVector v = load(src[j], inOffset + x);
        ByteVector lo = low(v);
        ByteVector hi = high(v);
        a0 = a0.lanewise(XOR, times(t, t0 + tj, lo, hi));
        a1 = a1.lanewise(XOR, times(t, t1 + tj, lo, hi));
      }
      store(a0, d0, outOffset + x);
      store(a1, d1, outOffset + x);
    }
  }

  static void rows3(
      CodingPlan plan,
      int o,
      MemorySegment[] src,
      long inOffset,
      MemorySegment d0,
      MemorySegment d1,
      MemorySegment d2,
      long outOffset,
      int end,
      boolean accumulate) {
    byte[] t = plan.nibbleTables;
    int step = 2 * LANES;
    int t0 = plan.tableOffset(o + 0, 0);
    int t1 = plan.tableOffset(o + 1, 0);
    int t2 = plan.tableOffset(o + 2, 0);
    for (long x = 0; x < end; x += LANES) {
      ByteVector a0 = start(d0, outOffset + x, accumulate);
      ByteVector a1 = start(d1, outOffset + x, accumulate);
      ByteVector a2 = start(d2, outOffset + x, accumulate);
      for (int j = 0, tj = 0; j < src.length; j++, tj += step) {
        ByteVector v = load(src[j], inOffset + x);
        ByteVector lo = low(v);
        ByteVector hi = high(v);
        a0 = a0.lanewise(XOR, times(t, t0 + tj, lo, hi));
        a1 = a1.lanewise(XOR, times(t, t1 + tj, lo, hi));
        a2 = a2.lanewise(XOR, times(t, t2 + tj, lo, hi));
      }
      store(a0, d0, outOffset + x);
      store(a1, d1, outOffset + x);
      store(a2, d2, outOffset + x);
    }
  }

  static void rows4(
      CodingPlan plan,
      int o,
      MemorySegment[] src,
      long inOffset,
      MemorySegment d0,
      MemorySegment d1,
      MemorySegment d2,
      MemorySegment d3,
      long outOffset,
      int end,
      boolean accumulate) {
    byte[] t = plan.nibbleTables;
    int step = 2 * LANES;
    int t0 = plan.tableOffset(o + 0, 0);
    int t1 = plan.tableOffset(o + 1, 0);
    int t2 = plan.tableOffset(o + 2, 0);
    int t3 = plan.tableOffset(o + 3, 0);
    for (long x = 0; x < end; x += LANES) {
      ByteVector a0 = start(d0, outOffset + x, accumulate);
      ByteVector a1 = start(d1, outOffset + x, accumulate);
      ByteVector a2 = start(d2, outOffset + x, accumulate);
      ByteVector a3 = start(d3, outOffset + x, accumulate);
      for (int j = 0, tj = 0; j < src.length; j++, tj += step) {
        ByteVector v = load(src[j], inOffset + x);
        ByteVector lo = low(v);
        ByteVector hi = high(v);
        a0 = a0.lanewise(XOR, times(t, t0 + tj, lo, hi));
        a1 = a1.lanewise(XOR, times(t, t1 + tj, lo, hi));
        a2 = a2.lanewise(XOR, times(t, t2 + tj, lo, hi));
        a3 = a3.lanewise(XOR, times(t, t3 + tj, lo, hi));
      }
      store(a0, d0, outOffset + x);
      store(a1, d1, outOffset + x);
      store(a2, d2, outOffset + x);
      store(a3, d3, outOffset + x);
    }
  }
}
