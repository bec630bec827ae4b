package io.hyperblock.core.erasure;

import io.hyperblock.core.protection.ErasureCoded;
import java.nio.ByteBuffer;

/**
 * Portable Reed-Solomon codec with scalar GF(2^8) table lookups (see {@link GeneratorMatrix} for
 * the code). The reference the vector codec is checked against, and the fallback where the Vector
 * API is unusable.
 *
 * <p>Allocation: encode, applyDelta and reconstruct of an already seen erasure pattern allocate
 * nothing; the first reconstruct of a pattern inverts a k x k matrix and caches the result (at most
 * {@value PlanCache#CAPACITY} patterns); verify allocates its scratch parity.
 */
public final class ReedSolomonCodec extends AbstractReedSolomonCodec {

  public ReedSolomonCodec(ErasureCoded profile) {
    super(profile, 0);
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
    ScalarKernels.multiply(plan, in, inOffset, out, outOffset, 0, length, accumulate);
  }

  @Override
  void multiplyAccumulate(CodingPlan plan, ByteBuffer src, ByteBuffer[] out, int length) {
    ScalarKernels.multiplyAccumulate(plan, src, out, 0, length);
  }

  @Override
  public String toString() {
    return "ReedSolomonCodec[" + dataUnits() + "+" + parityUnits() + ", scalar]";
  }
}
