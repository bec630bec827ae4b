package io.hyperblock.client.erasure;

import io.hyperblock.client.brick.RowMeta;
import java.util.Arrays;

/**
 * Decides which units of one EC row hold one consistent version of it (pure; ADR 0003).
 *
 * <p>Every unit carries the generation of the last write applied to it; every parity unit also
 * carries the vector of data generations its bytes encode. A <em>version</em> is such a vector V.
 * The units consistent with V are the parity units whose vector equals V and the data units d whose
 * generation is V[d]. Units any unit's stale mask names, and units the caller excludes, never
 * count. The chosen version is the one with the most consistent units (ties: the newer, i.e. the
 * larger highest generation). Decoding is safe only from units of one version, and possible only
 * when at least k of them are available.
 */
public final class RowVersions {
  private RowVersions() {}

  /**
   * The chosen version of a row.
   *
   * @param vector the data generations of the version (k entries)
   * @param consistent bit i set: unit i is available and consistent with the version
   * @param staleUnion union of the stale masks read and the caller's exclusions
   */
  public record Version(long[] vector, long consistent, long staleUnion) {

    public int count() {
      return Long.bitCount(consistent);
    }

    public boolean isConsistent(int unit) {
      return (consistent & (1L << unit)) != 0;
    }

    /** The generation unit {@code unit} must have in this version. */
    public long expectedGeneration(int unit, int k) {
      return unit < k ? vector[unit] : parityGeneration();
    }

    /** A parity's generation is the newest data generation it encodes (0 if never written). */
    public long parityGeneration() {
      long max = 0;
      for (long g : vector) {
        max = Math.max(max, g);
      }
      return max;
    }

    @Override
    public String toString() {
      return "Version["
          + Arrays.toString(vector)
          + ", consistent="
          + Long.toBinaryString(consistent)
          + ", stale="
          + Long.toBinaryString(staleUnion)
          + "]";
    }
  }

  /**
   * Chooses the version of a row.
   *
   * @param k data units
   * @param metas k+m entries, null for a unit that could not be read
   * @param exclude units the caller knows to be bad (failed in this session)
   */
  public static Version resolve(int k, RowMeta[] metas, long exclude) {
    long stale = exclude;
    for (RowMeta meta : metas) {
      if (meta != null) {
        stale |= meta.unitMarks();
      }
    }
    long usable = 0;
    for (int i = 0; i < metas.length; i++) {
      if (metas[i] != null && (stale & (1L << i)) == 0) {
        usable |= 1L << i;
      }
    }
    long[] best = null;
    long bestSet = 0;
    for (int p = k; p < metas.length; p++) {
      if ((usable & (1L << p)) == 0) {
        continue;
      }
      long[] candidate = metas[p].vector(k);
      long set = consistentWith(k, metas, usable, candidate);
      if (best == null || isBetter(set, candidate, bestSet, best)) {
        best = candidate;
        bestSet = set;
      }
    }
    if (best == null) {
      // No parity available: the data units are all we have; their own generations are the version.
      best = new long[k];
      for (int d = 0; d < k; d++) {
        best[d] = (usable & (1L << d)) != 0 ? metas[d].generation() : -1;
      }
      bestSet = usable & ((1L << k) - 1);
    }
    return new Version(best, bestSet, stale);
  }

  private static boolean isBetter(long set, long[] vector, long bestSet, long[] best) {
    int c = Integer.compare(Long.bitCount(set), Long.bitCount(bestSet));
    if (c != 0) {
      return c > 0;
    }
    return max(vector) > max(best);
  }

  private static long max(long[] v) {
    long m = 0;
    for (long x : v) {
      m = Math.max(m, x);
    }
    return m;
  }

  /** The usable units consistent with {@code vector}. */
  public static long consistentWith(int k, RowMeta[] metas, long usable, long[] vector) {
    long set = 0;
    for (int i = 0; i < metas.length; i++) {
      if ((usable & (1L << i)) == 0) {
        continue;
      }
      boolean ok =
          i < k ? metas[i].generation() == vector[i] : Arrays.equals(metas[i].vector(k), vector);
      if (ok) {
        set |= 1L << i;
      }
    }
    return set;
  }
}
