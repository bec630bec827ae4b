package io.hyperblock.client.erasure;

import io.hyperblock.client.concurrent.Futures;
import io.hyperblock.client.fault.FaultInjection;
import io.hyperblock.client.session.PlacementRetry;
import io.hyperblock.client.session.VolumeSession;
import io.hyperblock.core.erasure.ErasureCodec;
import io.hyperblock.core.layout.RowOp;
import io.hyperblock.core.layout.StripeGeometry;
import io.hyperblock.core.layout.UnitSegment;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * I/O of erasure-coded chunks: the entry point of this package. Row writes of one chunk op run in
 * parallel; writes to the same row are serialized with each other (and with reconstructing reads,
 * repairs, recovery) and coalesced while they wait ({@link RowQueue}); healthy reads take no lock.
 * See the package documentation and ADR 0003.
 */
public final class ErasureIo {

  /** What {@link #recover()} did. */
  public record RecoveryReport(
      int rowsExamined, int rowsRolledBack, int unitsRepaired, int rowsUnresolved) {}

  private final EcRows ec;
  private final RowQueue queue;
  private final RowReader reader;
  private final RowRecovery recovery;

  public ErasureIo(
      VolumeSession session, StripeGeometry geometry, ErasureCodec codec, FaultInjection faults) {
    this(session, geometry, codec, faults, new PlacementRetry(session, Duration.ofSeconds(60)));
  }

  /**
   * @param retry how row ops refused for a placement change are retried (ADR 0009)
   */
  public ErasureIo(
      VolumeSession session,
      StripeGeometry geometry,
      ErasureCodec codec,
      FaultInjection faults,
      PlacementRetry retry) {
    if (geometry.dataShards() != codec.dataUnits()) {
      throw new IllegalArgumentException(
          "geometry has k=" + geometry.dataShards() + " but the codec k=" + codec.dataUnits());
    }
    this.ec = new EcRows(session, geometry, codec, faults, retry);
    RowRepairer repairer = new RowRepairer(ec);
    this.recovery = new RowRecovery(ec, repairer);
    this.queue = new RowQueue(ec, new RowWriter(ec, recovery));
    this.reader = new RowReader(ec, repairer);
  }

  /** Writes {@code src} (position to limit) at {@code offsetInChunk} of the stripe's chunk. */
  public CompletableFuture<Void> write(long stripe, long offsetInChunk, ByteBuffer src) {
    List<RowOp> ops = ec.geometry.splitRows(offsetInChunk, src.remaining(), 0);
    List<CompletableFuture<Void>> rows = new ArrayList<>(ops.size());
    for (RowOp op : ops) {
      rows.add(queue.submit(stripe, op, src));
    }
    return Futures.allOrFirstFailure(rows);
  }

  /** Reads {@code dst.remaining()} bytes at {@code offsetInChunk} into {@code dst} (absolute). */
  public CompletableFuture<Void> read(long stripe, long offsetInChunk, ByteBuffer dst) {
    List<CompletableFuture<Void>> parts = new ArrayList<>();
    for (RowOp op : ec.geometry.splitRows(offsetInChunk, dst.remaining(), 0)) {
      for (UnitSegment s : op.segments()) {
        int inUnit = (int) (s.shardOffset() - op.row() * ec.unit);
        ByteBuffer part = dst.slice(dst.position() + (int) s.bufferOffset(), s.length());
        parts.add(reader.read(stripe, op.row(), s.dataShard(), inUnit, part));
      }
    }
    return Futures.allOrFirstFailure(parts);
  }

  /**
   * Recovers every dirty row of the volume: rolls interrupted writes back or forward, commits, and
   * repairs stale units that are reachable. Run at attach, before any I/O, and whenever bricks
   * return.
   */
  public CompletableFuture<RecoveryReport> recover() {
    return recovery
        .recoverAll()
        .thenApply(
            r ->
                new RecoveryReport(
                    r.rowsExamined(), r.rowsRolledBack(), r.unitsRepaired(), r.rowsUnresolved()));
  }

  /** Sends the queued lazy commits (best effort). */
  public CompletableFuture<Void> drainCommits() {
    return ec.commits.drain();
  }
}
