package io.hyperblock.brick.repair;

/**
 * Which units of one EC row hold one consistent version (ADR 0003). The rule is the client's
 * ({@code io.hyperblock.client.erasure.RowVersions}), restated here because brick-node cannot
 * depend on the client module (the client's tests depend on brick-node): a version is a parity's
 * vector of data generations; the units consistent with it are the parities carrying that vector
 * and the data units whose generation matches; stale-marked and excluded units never count; the
 * version with most consistent units wins, ties to the newer.
 *
 * @param vector the data generations of the version (k entries)
 * @param consistent bit i set: unit i is usable and consistent with the version
 * @param staleUnion union of the stale masks read
 */
record RowVersion(long[] vector, long consistent, long staleUnion) {

  /** One unit's metadata as read: generation, parity vector (empty for data), stale mask. */
  record Meta(long generation, long[] vector, long staleMask) {
    long[] vector(int k) {
      return vector.length == k ? vector.clone() : new long[k];
    }
  }

  int count() {
    return Long.bitCount(consistent);
  }

  /** The generation unit {@code unit} has in this version: its own, or a parity's newest. */
  long generationOf(int unit, int k) {
    if (unit < k) {
      return vector[unit];
    }
    long max = 0;
    for (long g : vector) {
      max = Math.max(max, g);
    }
    return max;
  }

  /** Whether no unit of the version was ever written: the row is all zeros. */
  boolean neverWritten() {
    for (long g : vector) {
      if (g != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * @param k data units
   * @param metas k+m entries, null for a unit not read (including the one being rebuilt)
   */
  static RowVersion resolve(int k, Meta[] metas) {
    long stale = 0;
    for (Meta m : metas) {
      stale |= m == null ? 0 : m.staleMask();
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
      int c = best == null ? 1 : Integer.compare(Long.bitCount(set), Long.bitCount(bestSet));
      if (c > 0 || (c == 0 && max(candidate) > max(best))) {
        best = candidate;
        bestSet = set;
      }
    }
    if (best == null) {
      best = new long[k];
      for (int d = 0; d < k; d++) {
        best[d] = (usable & (1L << d)) != 0 ? metas[d].generation() : -1;
      }
      bestSet = usable & ((1L << k) - 1);
    }
    return new RowVersion(best, bestSet, stale);
  }

  private static long consistentWith(int k, Meta[] metas, long usable, long[] vector) {
    long set = 0;
    for (int i = 0; i < metas.length; i++) {
      if ((usable & (1L << i)) == 0) {
        continue;
      }
      boolean ok =
          i < k
              ? metas[i].generation() == vector[i]
              : java.util.Arrays.equals(metas[i].vector(k), vector);
      if (ok) {
        set |= 1L << i;
      }
    }
    return set;
  }

  private static long max(long[] v) {
    long m = 0;
    for (long x : v) {
      m = Math.max(m, x);
    }
    return m;
  }
}
