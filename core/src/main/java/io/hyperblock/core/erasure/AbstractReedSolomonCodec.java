package io.hyperblock.core.erasure;

import io.hyperblock.core.protection.ErasureCoded;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The Reed-Solomon logic shared by the scalar and vector codecs: argument validation, the generator
 * matrix, encode/decode/delta plans and the decode-plan cache. Subclasses supply only the byte
 * kernel ({@link #multiply}, {@link #multiplyAccumulate}), so both produce identical bytes.
 */
abstract sealed class AbstractReedSolomonCodec implements ErasureCodec
    permits ReedSolomonCodec, VectorReedSolomonCodec {

  /** Verify recomputes parity in chunks of this many bytes to bound its scratch space. */
  private static final int VERIFY_CHUNK = 64 * 1024;

  private final int k;
  private final int m;
  private final GeneratorMatrix generator;
  private final CodingPlan encodePlan;
  private final CodingPlan[] deltaPlans;
  private final PlanCache decodePlans = new PlanCache();
  private final int lanes;

  AbstractReedSolomonCodec(ErasureCoded profile, int lanes) {
    this.k = profile.dataUnits();
    this.m = profile.parityUnits();
    this.lanes = lanes;
    this.generator = new GeneratorMatrix(k, m);
    byte[][] parityRows = generator.parityRows();
    this.encodePlan =
        new CodingPlan(CodingPlan.range(0, k), CodingPlan.range(0, m), parityRows, lanes);
    this.deltaPlans = new CodingPlan[k];
    for (int d = 0; d < k; d++) {
      byte[][] column = new byte[m][1];
      for (int j = 0; j < m; j++) {
        column[j][0] = parityRows[j][d];
      }
      deltaPlans[d] = new CodingPlan(new int[] {d}, CodingPlan.range(0, m), column, lanes);
    }
  }

  /**
   * {@code out[outputs[o]][outOffset + x] (^)= sum_j coefficients[o][j] * in[inputs[j]][inOffset +
   * x]} for x in [0, length), offsets relative to each buffer's position; XOR into the output when
   * {@code accumulate}, overwrite otherwise. Arguments are already validated.
   */
  abstract void multiply(
      CodingPlan plan,
      ByteBuffer[] in,
      int inOffset,
      ByteBuffer[] out,
      int outOffset,
      int length,
      boolean accumulate);

  /** {@code out[outputs[o]][x] ^= coefficients[o][0] * src[x]} for x in [0, length). */
  abstract void multiplyAccumulate(CodingPlan plan, ByteBuffer src, ByteBuffer[] out, int length);

  @Override
  public final int dataUnits() {
    return k;
  }

  @Override
  public final int parityUnits() {
    return m;
  }

  @Override
  public final void encode(ByteBuffer[] data, ByteBuffer[] parity, int length) {
    Checks.units("data", data, k, length, false);
    Checks.units("parity", parity, m, length, true);
    multiply(encodePlan, data, 0, parity, 0, length, false);
  }

  @Override
  public final void reconstruct(ByteBuffer[] units, boolean[] present, int length) {
    Checks.flags("present", present, k + m);
    reconstructMasked(units, present, ~Checks.mask(present) & Checks.allUnits(k + m), length);
  }

  @Override
  public final void reconstruct(
      ByteBuffer[] units, boolean[] present, boolean[] rebuild, int length) {
    Checks.flags("present", present, k + m);
    Checks.flags("rebuild", rebuild, k + m);
    reconstructMasked(units, present, Checks.mask(rebuild), length);
  }

  private void reconstructMasked(
      ByteBuffer[] units, boolean[] present, int rebuildMask, int length) {
    Checks.unitArray(units, k + m, length);
    int presentMask = Checks.mask(present);
    if ((presentMask & rebuildMask) != 0) {
      throw new IllegalArgumentException(
          "unit "
              + Integer.numberOfTrailingZeros(presentMask & rebuildMask)
              + " is marked both present and to rebuild; only absent units can be rebuilt");
    }
    if (Integer.bitCount(presentMask) < k) {
      throw new TooManyErasuresException(Checks.indices(~presentMask, k + m), m);
    }
    int inputMask = 0;
    for (int i = 0, taken = 0; taken < k; i++) {
      if ((presentMask & (1 << i)) != 0) {
        inputMask |= 1 << i;
        taken++;
      }
    }
    Checks.maskedUnits(units, presentMask, length, false);
    Checks.maskedUnits(units, rebuildMask, length, true);
    if (rebuildMask == 0 || length == 0) {
      return;
    }
    long key = PlanCache.key(inputMask, rebuildMask);
    CodingPlan plan = decodePlans.get(key);
    if (plan == null) {
      int[] inputs = Checks.indices(inputMask, k + m);
      int[] outputs = Checks.indices(rebuildMask, k + m);
      plan = new CodingPlan(inputs, outputs, generator.decodeRows(inputs, outputs), lanes);
      decodePlans.put(key, plan);
    }
    multiply(plan, units, 0, units, 0, length, false);
  }

  @Override
  public final boolean verify(ByteBuffer[] data, ByteBuffer[] parity, int length) {
    Checks.units("data", data, k, length, false);
    Checks.units("parity", parity, m, length, false);
    int chunk = Math.min(length, VERIFY_CHUNK);
    ByteBuffer[] scratch = new ByteBuffer[m];
    for (int j = 0; j < m; j++) {
      scratch[j] = ByteBuffer.allocate(chunk);
    }
    for (int offset = 0; offset < length; offset += chunk) {
      int n = Math.min(chunk, length - offset);
      multiply(encodePlan, data, offset, scratch, 0, n, false);
      for (int j = 0; j < m; j++) {
        ByteBuffer stored = parity[j].slice(parity[j].position() + offset, n);
        if (stored.mismatch(scratch[j].slice(0, n)) != -1) {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public final void applyDelta(
      int dataIndex, ByteBuffer oldData, ByteBuffer newData, ByteBuffer[] parity, int length) {
    Objects.checkIndex(dataIndex, k);
    Checks.unit("oldData", -1, oldData, length, false);
    Checks.unit("newData", -1, newData, length, false);
    Checks.units("parity", parity, m, length, true);
    multiplyAccumulate(deltaPlans[dataIndex], oldData, parity, length);
    multiplyAccumulate(deltaPlans[dataIndex], newData, parity, length);
  }
}
