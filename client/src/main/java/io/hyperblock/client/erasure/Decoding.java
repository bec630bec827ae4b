package io.hyperblock.client.erasure;

import io.hyperblock.client.brick.RowMeta;
import io.hyperblock.client.erasure.EcRows.RowRead;
import io.hyperblock.client.erasure.RowVersions.Version;
import java.nio.ByteBuffer;

/** Decoding a row range from the units of one consistent version. */
final class Decoding {
  private Decoding() {}

  /** Union of the stale masks the bricks returned (not the session's own suspicions). */
  static long staleMarks(RowMeta[] metas) {
    long mask = 0;
    for (RowMeta m : metas) {
      mask |= m == null ? 0 : m.unitMarks();
    }
    return mask;
  }

  /**
   * The k data units of the range: the consistent ones as read, the others reconstructed from the
   * version's units. Needs {@code v.count() >= k}.
   */
  static ByteBuffer[] decodeData(EcRows ec, RowRead rr, Version v, int len) {
    return decode(ec, rr, v, (1L << ec.k) - 1, len);
  }

  /**
   * Units {@code wanted} of the range: consistent ones as read, the others rebuilt. Entries of
   * units not wanted are null or the read bytes.
   */
  static ByteBuffer[] decode(EcRows ec, RowRead rr, Version v, long wanted, int len) {
    ByteBuffer[] units = new ByteBuffer[ec.n];
    boolean[] present = new boolean[ec.n];
    boolean[] rebuild = new boolean[ec.n];
    boolean any = false;
    for (int u = 0; u < ec.n; u++) {
      if (v.isConsistent(u)) {
        present[u] = true;
        units[u] = rr.units()[u].data();
      } else if ((wanted & (1L << u)) != 0) {
        rebuild[u] = true;
        units[u] = ByteBuffer.allocateDirect(len);
        any = true;
      }
    }
    if (any) {
      ec.codec.reconstruct(units, present, rebuild, len);
    }
    return units;
  }
}
