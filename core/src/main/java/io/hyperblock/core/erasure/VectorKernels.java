package io.hyperblock.core.erasure;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * GF(2^8) kernels on the Vector API using split-nibble table lookups: {@code c * v = lo_c[v & 15] ^
 * hi_c[v >>> 4]} where lo_c and hi_c are c's 16-entry product tables ({@link CodingPlan}),
 * replicated across the vector, and looked up for a whole vector at once with {@code
 * table.rearrange(index.toShuffle())} (VPERMB/PSHUFB on x86, TBL on ARM). {@code
 * index.selectFrom(table)} computes the same thing but measured about ten times slower on JDK 25
 * with 512-bit vectors here, so it is not used.
 *
 * <p>No nibble masking is needed: {@code rearrange} wraps each index modulo the lane count, a
 * multiple of 16, and lane i of a replicated table holds the product for {@code i & 15}; so only
 * the low four bits of each index byte matter, whatever sits above them.
 *
 * <p>Parity rows are processed in groups of up to four with the accumulators in registers ({@link
 * ArrayGroupKernels} when every buffer is array-backed, {@link SegmentGroupKernels} otherwise).
 * Bytes past the last whole vector go through {@link ScalarKernels}.
 *
 * <p>Allocation per call, independent of length: an array of input views plus, for non-array
 * buffers, one {@link MemorySegment} per buffer touched. Nothing inside the loops.
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
      if (allArrayBacked(plan, in, out)) {
        VectorArrayDispatch.multiply(plan, in, inOffset, out, outOffset, vectorEnd, accumulate);
      } else {
        VectorSegmentDispatch.multiply(plan, in, inOffset, out, outOffset, vectorEnd, accumulate);
      }
    }
    if (vectorEnd < length) {
      ScalarKernels.multiply(plan, in, inOffset, out, outOffset, vectorEnd, length, accumulate);
    }
  }

  private static boolean allArrayBacked(CodingPlan plan, ByteBuffer[] in, ByteBuffer[] out) {
    for (int input : plan.inputs) {
      if (!in[input].hasArray()) {
        return false;
      }
    }
    for (int output : plan.outputs) {
      if (!out[output].hasArray()) {
        return false;
      }
    }
    return true;
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
      for (int x = 0; x < vectorEnd; x += LANES) {
        ByteVector v = ByteVector.fromMemorySegment(SPECIES, s, x, ORDER);
        VectorShuffle<Byte> lo = low(v);
        VectorShuffle<Byte> hi = high(v);
        for (int o = 0; o < dst.length; o++) {
          ByteVector p = ByteVector.fromMemorySegment(SPECIES, dst[o], x, ORDER);
          p = p.lanewise(VectorOperators.XOR, times(tables, plan.tableOffset(o, 0), lo, hi));
          p.intoMemorySegment(dst[o], x, ORDER);
        }
      }
    }
    if (vectorEnd < length) {
      ScalarKernels.multiplyAccumulate(plan, src, out, vectorEnd, length);
    }
  }

  /** Table indexes selecting the product for the low nibble of each byte (see class doc). */
  static VectorShuffle<Byte> low(ByteVector v) {
    return v.toShuffle();
  }

  /**
   * Table indexes selecting the product for the high nibble of each byte: shifts 16-bit lanes right
   * by 4, which moves each byte's high nibble into its low four bits (the neighbour's bits land
   * above them and are ignored, see class doc). A byte-lane shift would be simpler, but x86 has
   * none and C2 falls back to boxed lane-by-lane code for it.
   */
  static VectorShuffle<Byte> high(ByteVector v) {
    return v.reinterpretAsShorts()
        .lanewise(VectorOperators.LSHR, 4)
        .reinterpretAsBytes()
        .toShuffle();
  }

  /** c * v for the coefficient whose low-nibble table starts at {@code tableOffset}. */
  static ByteVector times(
      byte[] tables, int tableOffset, VectorShuffle<Byte> lo, VectorShuffle<Byte> hi) {
    ByteVector low = ByteVector.fromArray(SPECIES, tables, tableOffset).rearrange(lo);
    ByteVector high = ByteVector.fromArray(SPECIES, tables, tableOffset + LANES).rearrange(hi);
    return low.lanewise(VectorOperators.XOR, high);
  }
}
