package io.hyperblock.core.erasure;

import static io.hyperblock.core.erasure.VectorKernels.LANES;
import static io.hyperblock.core.erasure.VectorKernels.SPECIES;
import static io.hyperblock.core.erasure.VectorKernels.high;
import static io.hyperblock.core.erasure.VectorKernels.low;
import static io.hyperblock.core.erasure.VectorKernels.times;
import static jdk.incubator.vector.VectorOperators.XOR;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorShuffle;

/**
 * The register-blocked inner loops of {@link VectorKernels} for any buffers (direct, heap,
 * read-only), through {@link MemorySegment} views. rows{@code N} computes the N consecutive output
 * rows {@code o..o+N-1} of a plan over the bytes [0, end) (end a multiple of the vector length),
 * with N accumulators in registers; each input vector is loaded once and folded into all N rows,
 * two vectors per step. Written out per N because a loop over an array of vectors would make C2 box
 * them. The two classes are line-for-line parallel (only the memory access differs): change both
 * together.
 */
final class SegmentGroupKernels {

  /** Byte vectors have no byte order; any order gives the same bytes. */
  private static final ByteOrder ORDER = ByteOrder.nativeOrder();

  private SegmentGroupKernels() {}

  private static ByteVector start(MemorySegment d, long offset, boolean accumulate) {
    // zero() rather than a static final constant: a boxed constant merged with a loaded vector
    // forces C2 to box every accumulator.
    return accumulate
        ? ByteVector.fromMemorySegment(SPECIES, d, offset, ORDER)
        : ByteVector.zero(SPECIES);
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
    int x = 0;
    // two vectors per step: each table vector is loaded once and used twice
    for (; x <= end - 2 * LANES; x += 2 * LANES) {
      ByteVector a0 = start(d0, outOffset + x, accumulate);
      ByteVector c0 = start(d0, outOffset + x + LANES, accumulate);
      for (int j = 0, tj = 0; j < src.length; j++, tj += step) {
        ByteVector v = ByteVector.fromMemorySegment(SPECIES, src[j], inOffset + x, ORDER);
        ByteVector w = ByteVector.fromMemorySegment(SPECIES, src[j], inOffset + x + LANES, ORDER);
        VectorShuffle<Byte> vlo = low(v);
        VectorShuffle<Byte> vhi = high(v);
        VectorShuffle<Byte> wlo = low(w);
        VectorShuffle<Byte> whi = high(w);
        ByteVector lo0 = ByteVector.fromArray(SPECIES, t, t0 + tj);
        ByteVector hi0 = ByteVector.fromArray(SPECIES, t, t0 + tj + LANES);
        a0 = a0.lanewise(XOR, lo0.rearrange(vlo)).lanewise(XOR, hi0.rearrange(vhi));
        c0 = c0.lanewise(XOR, lo0.rearrange(wlo)).lanewise(XOR, hi0.rearrange(whi));
      }
      a0.intoMemorySegment(d0, outOffset + x, ORDER);
      c0.intoMemorySegment(d0, outOffset + x + LANES, ORDER);
    }
    for (; x < end; x += LANES) {
      ByteVector a0 = start(d0, outOffset + x, accumulate);
      for (int j = 0, tj = 0; j < src.length; j++, tj += step) {
        ByteVector v = ByteVector.fromMemorySegment(SPECIES, src[j], inOffset + x, ORDER);
        VectorShuffle<Byte> lo = low(v);
        VectorShuffle<Byte> hi = high(v);
        a0 = a0.lanewise(XOR, times(t, t0 + tj, lo, hi));
      }
      a0.intoMemorySegment(d0, outOffset + x, ORDER);
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
    int x = 0;
    // two vectors per step: each table vector is loaded once and used twice
    for (; x <= end - 2 * LANES; x += 2 * LANES) {
      ByteVector a0 = start(d0, outOffset + x, accumulate);
      ByteVector c0 = start(d0, outOffset + x + LANES, accumulate);
      ByteVector a1 = start(d1, outOffset + x, accumulate);
      ByteVector c1 = start(d1, outOffset + x + LANES, accumulate);
      for (int j = 0, tj = 0; j < src.length; j++, tj += step) {
        ByteVector v = ByteVector.fromMemorySegment(SPECIES, src[j], inOffset + x, ORDER);
        ByteVector w = ByteVector.fromMemorySegment(SPECIES, src[j], inOffset + x + LANES, ORDER);
        VectorShuffle<Byte> vlo = low(v);
        VectorShuffle<Byte> vhi = high(v);
        VectorShuffle<Byte> wlo = low(w);
        VectorShuffle<Byte> whi = high(w);
        ByteVector lo0 = ByteVector.fromArray(SPECIES, t, t0 + tj);
        ByteVector hi0 = ByteVector.fromArray(SPECIES, t, t0 + tj + LANES);
        a0 = a0.lanewise(XOR, lo0.rearrange(vlo)).lanewise(XOR, hi0.rearrange(vhi));
        c0 = c0.lanewise(XOR, lo0.rearrange(wlo)).lanewise(XOR, hi0.rearrange(whi));
        ByteVector lo1 = ByteVector.fromArray(SPECIES, t, t1 + tj);
        ByteVector hi1 = ByteVector.fromArray(SPECIES, t, t1 + tj + LANES);
        a1 = a1.lanewise(XOR, lo1.rearrange(vlo)).lanewise(XOR, hi1.rearrange(vhi));
        c1 = c1.lanewise(XOR, lo1.rearrange(wlo)).lanewise(XOR, hi1.rearrange(whi));
      }
      a0.intoMemorySegment(d0, outOffset + x, ORDER);
      c0.intoMemorySegment(d0, outOffset + x + LANES, ORDER);
      a1.intoMemorySegment(d1, outOffset + x, ORDER);
      c1.intoMemorySegment(d1, outOffset + x + LANES, ORDER);
    }
    for (; x < end; x += LANES) {
      ByteVector a0 = start(d0, outOffset + x, accumulate);
      ByteVector a1 = start(d1, outOffset + x, accumulate);
      for (int j = 0, tj = 0; j < src.length; j++, tj += step) {
        ByteVector v = ByteVector.fromMemorySegment(SPECIES, src[j], inOffset + x, ORDER);
        VectorShuffle<Byte> lo = low(v);
        VectorShuffle<Byte> hi = high(v);
        a0 = a0.lanewise(XOR, times(t, t0 + tj, lo, hi));
        a1 = a1.lanewise(XOR, times(t, t1 + tj, lo, hi));
      }
      a0.intoMemorySegment(d0, outOffset + x, ORDER);
      a1.intoMemorySegment(d1, outOffset + x, ORDER);
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
    int x = 0;
    // two vectors per step: each table vector is loaded once and used twice
    for (; x <= end - 2 * LANES; x += 2 * LANES) {
      ByteVector a0 = start(d0, outOffset + x, accumulate);
      ByteVector c0 = start(d0, outOffset + x + LANES, accumulate);
      ByteVector a1 = start(d1, outOffset + x, accumulate);
      ByteVector c1 = start(d1, outOffset + x + LANES, accumulate);
      ByteVector a2 = start(d2, outOffset + x, accumulate);
      ByteVector c2 = start(d2, outOffset + x + LANES, accumulate);
      for (int j = 0, tj = 0; j < src.length; j++, tj += step) {
        ByteVector v = ByteVector.fromMemorySegment(SPECIES, src[j], inOffset + x, ORDER);
        ByteVector w = ByteVector.fromMemorySegment(SPECIES, src[j], inOffset + x + LANES, ORDER);
        VectorShuffle<Byte> vlo = low(v);
        VectorShuffle<Byte> vhi = high(v);
        VectorShuffle<Byte> wlo = low(w);
        VectorShuffle<Byte> whi = high(w);
        ByteVector lo0 = ByteVector.fromArray(SPECIES, t, t0 + tj);
        ByteVector hi0 = ByteVector.fromArray(SPECIES, t, t0 + tj + LANES);
        a0 = a0.lanewise(XOR, lo0.rearrange(vlo)).lanewise(XOR, hi0.rearrange(vhi));
        c0 = c0.lanewise(XOR, lo0.rearrange(wlo)).lanewise(XOR, hi0.rearrange(whi));
        ByteVector lo1 = ByteVector.fromArray(SPECIES, t, t1 + tj);
        ByteVector hi1 = ByteVector.fromArray(SPECIES, t, t1 + tj + LANES);
        a1 = a1.lanewise(XOR, lo1.rearrange(vlo)).lanewise(XOR, hi1.rearrange(vhi));
        c1 = c1.lanewise(XOR, lo1.rearrange(wlo)).lanewise(XOR, hi1.rearrange(whi));
        ByteVector lo2 = ByteVector.fromArray(SPECIES, t, t2 + tj);
        ByteVector hi2 = ByteVector.fromArray(SPECIES, t, t2 + tj + LANES);
        a2 = a2.lanewise(XOR, lo2.rearrange(vlo)).lanewise(XOR, hi2.rearrange(vhi));
        c2 = c2.lanewise(XOR, lo2.rearrange(wlo)).lanewise(XOR, hi2.rearrange(whi));
      }
      a0.intoMemorySegment(d0, outOffset + x, ORDER);
      c0.intoMemorySegment(d0, outOffset + x + LANES, ORDER);
      a1.intoMemorySegment(d1, outOffset + x, ORDER);
      c1.intoMemorySegment(d1, outOffset + x + LANES, ORDER);
      a2.intoMemorySegment(d2, outOffset + x, ORDER);
      c2.intoMemorySegment(d2, outOffset + x + LANES, ORDER);
    }
    for (; x < end; x += LANES) {
      ByteVector a0 = start(d0, outOffset + x, accumulate);
      ByteVector a1 = start(d1, outOffset + x, accumulate);
      ByteVector a2 = start(d2, outOffset + x, accumulate);
      for (int j = 0, tj = 0; j < src.length; j++, tj += step) {
        ByteVector v = ByteVector.fromMemorySegment(SPECIES, src[j], inOffset + x, ORDER);
        VectorShuffle<Byte> lo = low(v);
        VectorShuffle<Byte> hi = high(v);
        a0 = a0.lanewise(XOR, times(t, t0 + tj, lo, hi));
        a1 = a1.lanewise(XOR, times(t, t1 + tj, lo, hi));
        a2 = a2.lanewise(XOR, times(t, t2 + tj, lo, hi));
      }
      a0.intoMemorySegment(d0, outOffset + x, ORDER);
      a1.intoMemorySegment(d1, outOffset + x, ORDER);
      a2.intoMemorySegment(d2, outOffset + x, ORDER);
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
    int x = 0;
    // two vectors per step: each table vector is loaded once and used twice
    for (; x <= end - 2 * LANES; x += 2 * LANES) {
      ByteVector a0 = start(d0, outOffset + x, accumulate);
      ByteVector c0 = start(d0, outOffset + x + LANES, accumulate);
      ByteVector a1 = start(d1, outOffset + x, accumulate);
      ByteVector c1 = start(d1, outOffset + x + LANES, accumulate);
      ByteVector a2 = start(d2, outOffset + x, accumulate);
      ByteVector c2 = start(d2, outOffset + x + LANES, accumulate);
      ByteVector a3 = start(d3, outOffset + x, accumulate);
      ByteVector c3 = start(d3, outOffset + x + LANES, accumulate);
      for (int j = 0, tj = 0; j < src.length; j++, tj += step) {
        ByteVector v = ByteVector.fromMemorySegment(SPECIES, src[j], inOffset + x, ORDER);
        ByteVector w = ByteVector.fromMemorySegment(SPECIES, src[j], inOffset + x + LANES, ORDER);
        VectorShuffle<Byte> vlo = low(v);
        VectorShuffle<Byte> vhi = high(v);
        VectorShuffle<Byte> wlo = low(w);
        VectorShuffle<Byte> whi = high(w);
        ByteVector lo0 = ByteVector.fromArray(SPECIES, t, t0 + tj);
        ByteVector hi0 = ByteVector.fromArray(SPECIES, t, t0 + tj + LANES);
        a0 = a0.lanewise(XOR, lo0.rearrange(vlo)).lanewise(XOR, hi0.rearrange(vhi));
        c0 = c0.lanewise(XOR, lo0.rearrange(wlo)).lanewise(XOR, hi0.rearrange(whi));
        ByteVector lo1 = ByteVector.fromArray(SPECIES, t, t1 + tj);
        ByteVector hi1 = ByteVector.fromArray(SPECIES, t, t1 + tj + LANES);
        a1 = a1.lanewise(XOR, lo1.rearrange(vlo)).lanewise(XOR, hi1.rearrange(vhi));
        c1 = c1.lanewise(XOR, lo1.rearrange(wlo)).lanewise(XOR, hi1.rearrange(whi));
        ByteVector lo2 = ByteVector.fromArray(SPECIES, t, t2 + tj);
        ByteVector hi2 = ByteVector.fromArray(SPECIES, t, t2 + tj + LANES);
        a2 = a2.lanewise(XOR, lo2.rearrange(vlo)).lanewise(XOR, hi2.rearrange(vhi));
        c2 = c2.lanewise(XOR, lo2.rearrange(wlo)).lanewise(XOR, hi2.rearrange(whi));
        ByteVector lo3 = ByteVector.fromArray(SPECIES, t, t3 + tj);
        ByteVector hi3 = ByteVector.fromArray(SPECIES, t, t3 + tj + LANES);
        a3 = a3.lanewise(XOR, lo3.rearrange(vlo)).lanewise(XOR, hi3.rearrange(vhi));
        c3 = c3.lanewise(XOR, lo3.rearrange(wlo)).lanewise(XOR, hi3.rearrange(whi));
      }
      a0.intoMemorySegment(d0, outOffset + x, ORDER);
      c0.intoMemorySegment(d0, outOffset + x + LANES, ORDER);
      a1.intoMemorySegment(d1, outOffset + x, ORDER);
      c1.intoMemorySegment(d1, outOffset + x + LANES, ORDER);
      a2.intoMemorySegment(d2, outOffset + x, ORDER);
      c2.intoMemorySegment(d2, outOffset + x + LANES, ORDER);
      a3.intoMemorySegment(d3, outOffset + x, ORDER);
      c3.intoMemorySegment(d3, outOffset + x + LANES, ORDER);
    }
    for (; x < end; x += LANES) {
      ByteVector a0 = start(d0, outOffset + x, accumulate);
      ByteVector a1 = start(d1, outOffset + x, accumulate);
      ByteVector a2 = start(d2, outOffset + x, accumulate);
      ByteVector a3 = start(d3, outOffset + x, accumulate);
      for (int j = 0, tj = 0; j < src.length; j++, tj += step) {
        ByteVector v = ByteVector.fromMemorySegment(SPECIES, src[j], inOffset + x, ORDER);
        VectorShuffle<Byte> lo = low(v);
        VectorShuffle<Byte> hi = high(v);
        a0 = a0.lanewise(XOR, times(t, t0 + tj, lo, hi));
        a1 = a1.lanewise(XOR, times(t, t1 + tj, lo, hi));
        a2 = a2.lanewise(XOR, times(t, t2 + tj, lo, hi));
        a3 = a3.lanewise(XOR, times(t, t3 + tj, lo, hi));
      }
      a0.intoMemorySegment(d0, outOffset + x, ORDER);
      a1.intoMemorySegment(d1, outOffset + x, ORDER);
      a2.intoMemorySegment(d2, outOffset + x, ORDER);
      a3.intoMemorySegment(d3, outOffset + x, ORDER);
    }
  }
}
