package io.hyperblock.client.erasure;

import io.hyperblock.client.VolumeUnavailableException;
import io.hyperblock.client.concurrent.Futures;
import io.hyperblock.client.concurrent.RegionKey;
import io.hyperblock.client.erasure.RowVersions.Version;
import io.hyperblock.client.session.Failures;
import io.hyperblock.client.session.Routing;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Reads one stripe-unit segment of an EC chunk. The healthy path reads the data unit itself, with
 * no lock. When the unit is suspect, unavailable or corrupt, the segment is reconstructed under the
 * row's serializer (so it never sees a half-applied write of this client) from units of one
 * consistent version, and a corrupt unit is repaired in the background.
 */
final class RowReader {

  private final EcRows ec;
  private final RowRepairer repairer;

  RowReader(EcRows ec, RowRepairer repairer) {
    this.ec = ec;
    this.repairer = repairer;
  }

  /** Reads {@code dst.remaining()} bytes of data unit {@code d} of the row at {@code inUnit}. */
  CompletableFuture<Void> read(long stripe, long row, int d, int inUnit, ByteBuffer dst) {
    ec.session.checkAlive();
    int len = dst.remaining();
    Routing routing = ec.session.routing();
    if (ec.session.isSuspect(stripe, d, ec.brick(routing, stripe, d))) {
      return reconstruct(stripe, row, d, inUnit, dst, false);
    }
    return ec.channel(routing, stripe, d)
        .readUnit(ec.ref(stripe, row, d), inUnit, len)
        .handle(
            (r, e) -> {
              if (e == null && !r.meta().reverted() && (r.meta().unitMarks() & (1L << d)) == 0) {
                dst.duplicate().put(r.data());
                return CompletableFuture.<Void>completedFuture(null);
              }
              if (e == null) {
                // the brick undid unflushed writes of this unit after a reboot: check it against
                // the row
                return reconstruct(stripe, row, d, inUnit, dst, false);
              }
              boolean corrupt = Failures.isCorrupt(e);
              if (!corrupt) {
                ec.failed(routing, stripe, d, e);
              }
              return reconstruct(stripe, row, d, inUnit, dst, corrupt);
            })
        .thenCompose(f -> f);
  }

  private CompletableFuture<Void> reconstruct(
      long stripe, long row, int d, int inUnit, ByteBuffer dst, boolean corrupt) {
    int len = dst.remaining();
    CompletableFuture<Void> done =
        ec.rows.run(
            new RegionKey(stripe, row),
            () ->
                ec.readUnits(ec.session.routing(), stripe, row, ec.allUnits, inUnit, len)
                    .thenApply(
                        rr -> {
                          long exclude = rr.corrupt(d) ? 1L << d : 0;
                          Version v = RowVersions.resolve(ec.k, rr.metas(), exclude);
                          if (v.isConsistent(d)) {
                            dst.duplicate().put(rr.units()[d].data());
                            return null;
                          }
                          if (v.count() < ec.k) {
                            throw new VolumeUnavailableException(
                                "row "
                                    + row
                                    + " of stripe "
                                    + stripe
                                    + " has "
                                    + v.count()
                                    + " consistent units; "
                                    + ec.k
                                    + " are needed to reconstruct data unit "
                                    + d
                                    + " ("
                                    + v
                                    + ", units "
                                    + java.util.Arrays.toString(rr.metas())
                                    + ")",
                                null);
                          }
                          ByteBuffer[] units = Decoding.decode(ec, rr, v, 1L << d, len);
                          dst.duplicate().put(units[d]);
                          return null;
                        }));
    if (corrupt) {
      done.thenRun(
          () ->
              ec.rows
                  .run(
                      new RegionKey(stripe, row),
                      () -> repairer.repair(ec.session.routing(), stripe, row, 1L << d))
                  .exceptionally(e -> 0L));
    }
    return done.exceptionallyCompose(e -> Futures.failed(Futures.unwrap(e)));
  }
}
