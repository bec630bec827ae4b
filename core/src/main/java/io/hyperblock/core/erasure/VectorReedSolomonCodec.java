package io.hyperblock.core.erasure;

import io.hyperblock.core.protection.ErasureCoded;
import java.nio.ByteBuffer;

/**
 * Reed-Solomon codec whose GF(2^8) kernels run on the incubating Vector API with the preferred
 * species of this CPU (split-nibble table lookups, see {@link VectorKernels}). Produces exactly the
 * bytes of {@link ReedSolomonCodec}. Needs {@code --add-modules jdk.incubator.vector} and a
 * preferred species of at least 128 bits; use {@link ErasureCodecs#create} to fall back to the
 * scalar codec automatically.
 *
 * <p>Allocation per call, independent of length: small arrays of input references and offsets, plus
 * one {@link java.lang.foreign.MemorySegment} view per buffer when any buffer of the call is not
 * array-backed (direct or read-only); about 100-500 bytes. The first reconstruct of an erasure
 * pattern also builds and caches its decode plan (at most 64 patterns); verify allocates its
 * scratch parity.
 */
public final class VectorReedSolomonCodec extends AbstractReedSolomonCodec {

  /**
   * @throws UnsupportedOperationException if the preferred vector species is narrower than 128 bits
   *     (see {@link #isSupported()})
   */
  public VectorReedSolomonCodec(ErasureCoded profile) {
    super(profile, requireSupported());
  }

  /** Whether this JVM and CPU can run the vector kernels. */
  public static boolean isSupported() {
    return VectorKernels.speciesSupported();
  }

  private static int requireSupported() {
    if (!isSupported()) {
      throw new UnsupportedOperationException(
          "the preferred vector species is "
              + VectorKernels.SPECIES.vectorBitSize()
              + " bits but the nibble-table kernels need at least 128; use ReedSolomonCodec");
    }
    return VectorKernels.LANES;
  }

  @Override
  void multiply(
      CodingPlan plan,
      ByteBuffer[] in,
      int inOffset,
      ByteBuffer[] out,
      int outOffset,
      int length,
      boolean accumulate) {
    VectorKernels.multiply(plan, in, inOffset, out, outOffset, length, accumulate);
  }

  @Override
  void multiplyAccumulate(CodingPlan plan, ByteBuffer src, ByteBuffer[] out, int length) {
    VectorKernels.multiplyAccumulate(plan, src, out, length);
  }

  @Override
  public String toString() {
    return "VectorReedSolomonCodec["
        + dataUnits()
        + "+"
        + parityUnits()
        + ", "
        + VectorKernels.SPECIES.vectorBitSize()
        + "-bit]";
  }
}
