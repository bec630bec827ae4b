package io.hyperblock.client;

import io.hyperblock.client.concurrent.Futures;
import io.hyperblock.client.concurrent.Futures.Outcome;
import io.hyperblock.client.erasure.ErasureIo;
import io.hyperblock.client.erasure.ErasureIo.RecoveryReport;
import io.hyperblock.client.metadata.Attachment;
import io.hyperblock.client.metadata.MetadataClient;
import io.hyperblock.client.metadata.VolumeInfo;
import io.hyperblock.client.replicated.ReplicatedIo;
import io.hyperblock.client.session.BrickConnector;
import io.hyperblock.client.session.Failures;
import io.hyperblock.client.session.PlacementRetry;
import io.hyperblock.client.session.VolumeSession;
import io.hyperblock.core.erasure.ErasureCodecs;
import io.hyperblock.core.layout.ChunkOp;
import io.hyperblock.core.layout.IoSplitter;
import io.hyperblock.core.layout.StripeGeometry;
import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.Replicated;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Block I/O on one attached volume: read, write, flush, trim and write-zeroes at any byte offset
 * and length inside the volume, split per chunk ({@link IoSplitter}) and executed with the volume's
 * protection policy. Thread-safe; every operation is asynchronous and many may be in flight: there
 * is no volume-wide lock, only per-row (EC) and per-1-MiB-region (replicated mutations) ordering.
 *
 * <p><b>Contract.</b> A write whose future completes normally is acknowledged: every later read
 * returns its bytes (or a later write's) as long as the policy's fault tolerance holds; it is
 * durable across brick restarts after a completed {@link #flush()}. Concurrent overlapping requests
 * have no defined order (as for any block device). Buffers are read (writes) or filled (reads) from
 * their position to their limit; positions are not moved; the caller must not touch them until the
 * future completes.
 *
 * <p><b>Placement changes</b> (ADR 0009). Mutations carry the version of the placement map they
 * were routed by. A brick refuses one while the stripe is frozen for a unit move or when the
 * version is below the volume's placement floor; the client then refreshes its map and retries the
 * whole write or trim piece (replicated) or row op (EC) under the new map, with backoff, holding
 * the piece's or row's ordering, for at most {@link VolumeClientConfig#placementSettle()}.
 *
 * <p><b>Errors</b> (the future's cause): {@link VolumeFencedException} once another attach fenced
 * this client; {@link VolumeUnavailableException} when too many bricks failed, or when a stripe's
 * placement did not settle within the bound; {@link IllegalArgumentException} (thrown at once) for
 * ranges outside the volume.
 */
public final class VolumeClient implements AutoCloseable {

  private final MetadataClient metadata;
  private final VolumeSession session;
  private final ReplicatedIo replicated;
  private final ErasureIo erasure;
  private final ScheduledExecutorService timer;
  private final AtomicBoolean closed = new AtomicBoolean();

  private VolumeClient(MetadataClient metadata, VolumeSession session, VolumeClientConfig config) {
    this.metadata = metadata;
    this.session = session;
    VolumeInfo v = session.volume();
    PlacementRetry retry = new PlacementRetry(session, config.placementSettle());
    switch (v.policy()) {
      case Replicated r -> {
        this.replicated = new ReplicatedIo(session, r, config.faults(), retry);
        this.erasure = null;
      }
      case ErasureCoded ec -> {
        this.replicated = null;
        this.erasure =
            new ErasureIo(
                session,
                StripeGeometry.of(ec, v.chunkSize(), v.stripeUnit()),
                ErasureCodecs.create(ec, config.codec()),
                config.faults(),
                retry);
      }
    }
    if (config.placementRefresh().isZero()) {
      this.timer = null;
    } else {
      this.timer =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().daemon().name("hb-placement-" + v.name()).factory());
      long ms = config.placementRefresh().toMillis();
      timer.scheduleWithFixedDelay(this::refreshQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Attaches {@code volumeName} (fencing any previous writer), caches its placement map and, for an
   * EC volume, recovers rows a previous writer left dirty before any I/O. Blocks until done. The
   * caller keeps ownership of {@code metadata} and {@code connector}'s resources.
   *
   * @throws io.hyperblock.client.metadata.MetadataException the server refused the attach
   */
  public static VolumeClient open(
      String volumeName,
      VolumeClientConfig config,
      MetadataClient metadata,
      BrickConnector connector) {
    Attachment a = metadata.attach(volumeName, config.clientId()).join();
    VolumeInfo v = a.volume();
    FailureRefresh refresher = new FailureRefresh();
    VolumeSession session =
        new VolumeSession(
            v,
            a.epoch(),
            a.placement(),
            connector,
            (stripe, unit, brick, reason) -> {
              metadata
                  .reportFailure(v.id(), stripe, unit, brick, a.epoch(), reason)
                  .exceptionally(e -> null);
              refresher.requestRefresh(); // a rebuild may have moved the unit elsewhere
            },
            () -> metadata.placement(v.id()));
    VolumeClient client = new VolumeClient(metadata, session, config);
    refresher.client = client;
    if (client.erasure != null) {
      client.erasure.recover().join();
    }
    return client;
  }

  public VolumeInfo volume() {
    return session.volume();
  }

  /** The fencing epoch of this attachment. */
  public long epoch() {
    return session.epoch();
  }

  /** Units this client saw fail (avoided by reads until repaired). */
  public int suspectUnits() {
    return session.suspectCount();
  }

  /** Writes {@code src} at volume byte {@code offset}. */
  public CompletableFuture<Void> write(long offset, ByteBuffer src) {
    session.checkWritable();
    return perChunk(
        offset,
        src.remaining(),
        op -> {
          ByteBuffer part = src.slice(src.position() + (int) op.bufferOffset(), op.length());
          return erasure != null
              ? erasure.write(op.chunkIndex(), op.offsetInChunk(), part)
              : replicated.write(op.chunkIndex(), op.offsetInChunk(), part);
        });
  }

  /** Reads {@code dst.remaining()} bytes at volume byte {@code offset} into {@code dst}. */
  public CompletableFuture<Void> read(long offset, ByteBuffer dst) {
    session.checkAlive();
    return perChunk(
        offset,
        dst.remaining(),
        op -> {
          ByteBuffer part = dst.slice(dst.position() + (int) op.bufferOffset(), op.length());
          return erasure != null
              ? erasure.read(op.chunkIndex(), op.offsetInChunk(), part)
              : replicated.read(op.chunkIndex(), op.offsetInChunk(), part);
        });
  }

  /** Deallocates the range; it reads as zeros afterwards (same as {@link #writeZeroes}). */
  public CompletableFuture<Void> trim(long offset, long length) {
    return writeZeroes(offset, length);
  }

  /** Makes the range read as zeros. Replicated: a brick trim; EC: zero rows written as data. */
  public CompletableFuture<Void> writeZeroes(long offset, long length) {
    session.checkWritable();
    if (replicated != null) {
      return perChunk(
          offset, length, op -> replicated.trim(op.chunkIndex(), op.offsetInChunk(), op.length()));
    }
    int piece = 1 << 20;
    ByteBuffer zeros = ByteBuffer.allocateDirect((int) Math.min(piece, Math.max(1, length)));
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (long pos = offset; pos < offset + length; pos += piece) {
      int n = (int) Math.min(piece, offset + length - pos);
      all.add(write(pos, zeros.slice(0, n).asReadOnlyBuffer()));
    }
    return Futures.allOrFirstFailure(all);
  }

  /**
   * Makes every acknowledged write durable on the bricks. Fails only if, for some stripe, more
   * bricks failed to flush than the policy tolerates; bricks that fail are marked failed.
   */
  public CompletableFuture<Void> flush() {
    session.checkAlive();
    List<UUID> bricks = new ArrayList<>(session.allBricks());
    List<CompletableFuture<Void>> flushes = new ArrayList<>();
    for (UUID b : bricks) {
      flushes.add(session.channel(b).flush());
    }
    return Futures.settleAll(flushes).thenAccept(out -> checkFlushed(bricks, out));
  }

  private void checkFlushed(List<UUID> bricks, List<Outcome<Void>> out) {
    Set<UUID> failed = new java.util.HashSet<>();
    for (int i = 0; i < bricks.size(); i++) {
      if (!out.get(i).ok()) {
        if (Failures.isFenced(out.get(i).failure())) {
          session.fence(out.get(i).failure());
        }
        failed.add(bricks.get(i));
      }
    }
    if (failed.isEmpty()) {
      return;
    }
    int tolerance = session.volume().policy().faultTolerance();
    for (ChunkGroup g : session.groups()) {
      int lost = 0;
      for (int loc = 0; loc < g.locations().size(); loc++) {
        for (UUID b : g.locations().get(loc).brickIds()) {
          if (failed.contains(b)) {
            lost++;
            session.unitFailed(g.stripeIndex(), loc, b, new IllegalStateException("flush failed"));
          }
        }
      }
      if (lost > tolerance) {
        throw new VolumeUnavailableException(
            "flush failed on "
                + lost
                + " bricks of stripe "
                + g.stripeIndex()
                + ", more than the "
                + tolerance
                + " the policy tolerates: "
                + failed,
            null);
      }
    }
  }

  /**
   * Recovers and repairs: for an EC volume, every dirty row (interrupted writes, stale or corrupt
   * units) is brought back to one consistent version and reachable stale units are rewritten.
   * Replicated volumes are resynced by the management server; this returns an empty report.
   */
  public CompletableFuture<RecoveryReport> repair() {
    session.checkWritable();
    if (erasure == null) {
      return CompletableFuture.completedFuture(new RecoveryReport(0, 0, 0, 0));
    }
    return erasure.recover();
  }

  /**
   * Re-fetches the placement map now (shared with any fetch already in flight, e.g. one a write
   * refused for a placement change started).
   */
  public CompletableFuture<Void> refreshPlacement() {
    return session.refreshPlacement().thenAccept(version -> {});
  }

  private void refreshQuietly() {
    try {
      refreshPlacement().exceptionally(e -> null);
    } catch (RuntimeException e) {
      // the next tick retries
    }
  }

  /**
   * Re-fetches the placement map after unit failures, at most once per {@link #MIN_INTERVAL_NANOS}:
   * the management server may have rebuilt the failed unit on another brick.
   */
  private static final class FailureRefresh {
    static final long MIN_INTERVAL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);
    volatile VolumeClient client;
    private final java.util.concurrent.atomic.AtomicLong last =
        new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - MIN_INTERVAL_NANOS);

    void requestRefresh() {
      long now = System.nanoTime();
      long prev = last.get();
      VolumeClient c = client;
      if (c != null && now - prev >= MIN_INTERVAL_NANOS && last.compareAndSet(prev, now)) {
        c.refreshQuietly();
      }
    }
  }

  private interface ChunkCall {
    CompletableFuture<Void> apply(ChunkOp op);
  }

  private CompletableFuture<Void> perChunk(long offset, long length, ChunkCall call) {
    long size = session.volume().sizeBytes();
    if (offset < 0 || length < 0 || offset > size - length) {
      throw new IllegalArgumentException(
          "I/O at offset "
              + offset
              + " with length "
              + length
              + " is outside volume "
              + session.volume().name()
              + " of "
              + size
              + " bytes");
    }
    List<ChunkOp> ops = IoSplitter.split(offset, length, session.volume().chunkSize());
    if (ops.size() == 1) {
      return call.apply(ops.getFirst());
    }
    List<CompletableFuture<Void>> all = new ArrayList<>(ops.size());
    for (ChunkOp op : ops) {
      all.add(call.apply(op));
    }
    return Futures.allOrFirstFailure(all);
  }

  /**
   * Sends pending commits, stops the placement timer and detaches (unless fenced or crashed).
   * Idempotent. Does not close the metadata client or the brick channels.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (timer != null) {
      timer.shutdownNow();
    }
    if (session.isCrashed() || session.isFenced()) {
      return;
    }
    if (erasure != null) {
      erasure.drainCommits().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
    metadata.detach(session.volumeId(), session.epoch()).exceptionally(e -> null).join();
  }
}
