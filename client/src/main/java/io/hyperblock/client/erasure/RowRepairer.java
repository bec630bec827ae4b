package io.hyperblock.client.erasure;

import io.hyperblock.client.VolumeUnavailableException;
import io.hyperblock.client.brick.RowMeta;
import io.hyperblock.client.brick.UnitWrite;
import io.hyperblock.client.concurrent.Futures;
import io.hyperblock.client.concurrent.Futures.Outcome;
import io.hyperblock.client.erasure.RowVersions.Version;
import io.hyperblock.client.session.Routing;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Rewrites units of a row from the row's consistent version: stale units (missed writes), corrupt
 * units (checksum errors), units a recovery could not roll back. Each repaired unit gets exactly
 * the bytes and generation (parities: vector) of the version, without a rollback record; then its
 * stale bit is cleared on the row's units. Callers hold the row's serializer. A repair write or
 * mark refused for a placement change (ADR 0009) fails the repair with that refusal (nothing is
 * marked suspect); the row is repaired by a later pass under the new map.
 */
final class RowRepairer {

  private final EcRows ec;

  RowRepairer(EcRows ec) {
    this.ec = ec;
  }

  /**
   * Repairs the units in {@code targets} of the row.
   *
   * @return the units repaired
   */
  CompletableFuture<Long> repair(Routing r, long stripe, long row, long targets) {
    if (targets == 0 || ec.session.isCrashed() || ec.session.isFenced()) {
      return CompletableFuture.completedFuture(0L);
    }
    return ec.readUnits(r, stripe, row, ec.allUnits, 0, ec.unit)
        .thenCompose(
            rr -> {
              RowMeta[] metas = rr.metas();
              Version v = RowVersions.resolve(ec.k, metas, targets);
              if (v.count() < ec.k) {
                return Futures.failed(
                    new VolumeUnavailableException(
                        "cannot repair row "
                            + row
                            + " of stripe "
                            + stripe
                            + ": "
                            + v.count()
                            + " consistent units, "
                            + ec.k
                            + " needed",
                        null));
              }
              ByteBuffer[] units = Decoding.decode(ec, rr, v, targets, ec.unit);
              List<Integer> which = new ArrayList<>();
              List<CompletableFuture<RowMeta>> writes = new ArrayList<>();
              for (int u = 0; u < ec.n; u++) {
                if ((targets & (1L << u)) == 0) {
                  continue;
                }
                UnitWrite how =
                    new UnitWrite(
                        ec.session.epoch(),
                        UnitWrite.UNCONDITIONAL,
                        v.expectedGeneration(u, ec.k),
                        u < ec.k ? new long[0] : v.vector(),
                        0,
                        false,
                        r.version());
                which.add(u);
                writes.add(
                    ec.channel(r, stripe, u).writeUnit(ec.ref(stripe, row, u), 0, units[u], how));
              }
              long marks = Decoding.staleMarks(metas);
              return Futures.settleAll(writes)
                  .thenCompose(outcomes -> afterWrites(r, stripe, row, v, which, outcomes, marks));
            });
  }

  private CompletableFuture<Long> afterWrites(
      Routing r,
      long stripe,
      long row,
      Version v,
      List<Integer> which,
      List<Outcome<RowMeta>> out,
      long marks) {
    long repaired = 0;
    for (int i = 0; i < which.size(); i++) {
      int u = which.get(i);
      if (out.get(i).ok()) {
        repaired |= 1L << u;
        ec.session.unitRepaired(stripe, u, ec.brick(r, stripe, u));
      } else {
        ec.failed(r, stripe, u, out.get(i).failure());
      }
    }
    Throwable moved = EcRows.placementChanged(out);
    if (moved != null) {
      // the stripe is moving: its marks stay until a later repair under the new map
      return Futures.failed(moved);
    }
    long done = repaired;
    if ((marks & repaired) == 0) {
      return CompletableFuture.completedFuture(done);
    }
    return ec.markStale(r, stripe, row, v.consistent() | repaired, 0, repaired)
        .thenApply(x -> done);
  }
}
