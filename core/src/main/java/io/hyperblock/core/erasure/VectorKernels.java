package io.hyperblock.core.erasure;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * GF(2^8) kernels on the Vector API using split-nibble table lookups: {@code c * v = lo_c[v & 15] ^
 * hi_c[v >>> 4]} where lo_c and hi_c are c's 16-entry product tables ({@link CodingPlan}), looked
 * up for a whole vector at once with {@code table.rearrange(index.toShuffle())} (VPERMB/PSHUFB on
 * x86, TBL on ARM). {@code index.selectFrom(table)} computes the same thing but measured about ten
 * times slower on JDK 25 with 512-bit vectors here, so it is not used.
 *
 * <p>Parity rows are processed in groups of up to four with the accumulators in registers: for each
 * vector-sized block every input vector is loaded once and folded into all rows of the group, and
 * each output is stored once. Bytes past the last whole vector go through {@link ScalarKernels}.
 *
 * <p>Allocation: one {@link MemorySegment} view per buffer touched, plus an array of them, per call
 * (independent of length); nothing in the loops.
 */
final class VectorKernels {

  static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;
  static final int LANES = SPECIES.length();

  /** Byte vectors have no byte order; any order gives the same bytes. */
  private static final ByteOrder ORDER = ByteOrder.nativeOrder();

  private VectorKernels() {}

  /** The nibble tables need 16 lanes to hold one table: species narrower than 128 bits cannot. */
  static boolean speciesSupported() {
    return SPECIES.vectorBitSize() >= 128;
  }

  static void multiply(
      CodingPlan plan,
      ByteBuffer[] in,
      int inOffset,
      ByteBuffer[] out,
      int outOffset,
      int length,
      boolean accumulate) {
    int vectorEnd = SPECIES.loopBound(length);
    if (vectorEnd > 0) {
      MemorySegment[] src = new MemorySegment[plan.inputs.length];
      for (int j = 0; j < src.length; j++) {
        src[j] = MemorySegment.ofBuffer(in[plan.inputs[j]]);
      }
      int rows = plan.outputs.length;
      for (int o = 0; o < rows; o += 4) {
        MemorySegment d0 = MemorySegment.ofBuffer(out[plan.outputs[o]]);
        switch (Math.min(4, rows - o)) {
          case 1 ->
              GroupKernels.rows1(plan, o, src, inOffset, d0, outOffset, vectorEnd, accumulate);
          case 2 ->
              GroupKernels.rows2(
                  plan,
                  o,
                  src,
                  inOffset,
                  d0,
                  seg(out, plan, o + 1),
                  outOffset,
                  vectorEnd,
                  accumulate);
          case 3 ->
              GroupKernels.rows3(
                  plan,
                  o,
                  src,
                  inOffset,
                  d0,
                  seg(out, plan, o + 1),
                  seg(out, plan, o + 2),
                  outOffset,
                  vectorEnd,
                  accumulate);
          default ->
              GroupKernels.rows4(
                  plan,
                  o,
                  src,
                  inOffset,
                  d0,
                  seg(out, plan, o + 1),
                  seg(out, plan, o + 2),
                  seg(out, plan, o + 3),
                  outOffset,
                  vectorEnd,
                  accumulate);
        }
      }
    }
    if (vectorEnd < length) {
      ScalarKernels.multiply(plan, in, inOffset, out, outOffset, vectorEnd, length, accumulate);
    }
  }

  private static MemorySegment seg(ByteBuffer[] out, CodingPlan plan, int o) {
    return MemorySegment.ofBuffer(out[plan.outputs[o]]);
  }

  /** {@code out[outputs[o]][x] ^= coefficients[o][0] * src[x]}: src is loaded once per block. */
  static void multiplyAccumulate(CodingPlan plan, ByteBuffer src, ByteBuffer[] out, int length) {
    int vectorEnd = SPECIES.loopBound(length);
    if (vectorEnd > 0) {
      MemorySegment s = MemorySegment.ofBuffer(src);
      MemorySegment[] dst = new MemorySegment[plan.outputs.length];
      for (int o = 0; o < dst.length; o++) {
        dst[o] = MemorySegment.ofBuffer(out[plan.outputs[o]]);
      }
      byte[] tables = plan.nibbleTables;
      for (long x = 0; x < vectorEnd; x += LANES) {
        ByteVector v = load(s, x);
        ByteVector lo = low(v);
        ByteVector hi = high(v);
        for (int o = 0; o < dst.length; o++) {
          ByteVector p =
              load(dst[o], x)
                  .lanewise(VectorOperators.XOR, times(tables, plan.tableOffset(o, 0), lo, hi));
          p.intoMemorySegment(dst[o], x, ORDER);
        }
      }
    }
    if (vectorEnd < length) {
      ScalarKernels.multiplyAccumulate(plan, src, out, vectorEnd, length);
    }
  }

  static ByteVector load(MemorySegment segment, long offset) {
    return ByteVector.fromMemorySegment(SPECIES, segment, offset, ORDER);
  }

  static void store(ByteVector v, MemorySegment segment, long offset) {
    v.intoMemorySegment(segment, offset, ORDER);
  }

  static ByteVector low(ByteVector v) {
    return v.and((byte) 0x0F);
  }

  /**
   * The high nibble of each byte. Shifts 16-bit lanes and masks, because x86 has no byte shift and
   * C2 does not intrinsify a byte-lane LSHR (it falls back to boxed lane-by-lane code); the mask
   * drops the bits shifted in from the neighbouring byte.
   */
  static ByteVector high(ByteVector v) {
    return v.reinterpretAsShorts()
        .lanewise(VectorOperators.LSHR, 4)
        .reinterpretAsBytes()
        .and((byte) 0x0F);
  }

  /** c * v for the coefficient whose low-nibble table starts at {@code tableOffset}. */
  static ByteVector times(byte[] tables, int tableOffset, ByteVector lo, ByteVector hi) {
    ByteVector low = ByteVector.fromArray(SPECIES, tables, tableOffset).rearrange(lo.toShuffle());
    ByteVector high =
        ByteVector.fromArray(SPECIES, tables, tableOffset + LANES).rearrange(hi.toShuffle());
    return low.lanewise(VectorOperators.XOR, high);
  }
}
