package io.hyperblock.brick.repair;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.hyperblock.brick.fence.PlacementGate;
import io.hyperblock.brick.rows.RowStore;
import io.hyperblock.brick.store.ByteRange;
import io.hyperblock.brick.store.ChangedRanges;
import io.hyperblock.brick.store.CorruptBlockException;
import io.hyperblock.brick.store.DiskFullException;
import io.hyperblock.brick.store.FencedWriteException;
import io.hyperblock.brick.store.JournalEntry;
import io.hyperblock.brick.store.JournalTruncatedException;
import io.hyperblock.brick.store.ShardInfo;
import io.hyperblock.brick.store.ShardKey;
import io.hyperblock.brick.store.ShardStore;
import io.hyperblock.protocol.v1.ByteRangeProto;
import io.hyperblock.protocol.v1.ChangedRangesRequest;
import io.hyperblock.protocol.v1.ChangedRangesResponse;
import io.hyperblock.protocol.v1.FreezeStripeRequest;
import io.hyperblock.protocol.v1.FreezeStripeResponse;
import io.hyperblock.protocol.v1.RebuildKind;
import io.hyperblock.protocol.v1.RebuildUnitProgress;
import io.hyperblock.protocol.v1.RebuildUnitRequest;
import io.hyperblock.protocol.v1.ReclaimUnitsRequest;
import io.hyperblock.protocol.v1.ReclaimUnitsResponse;
import io.hyperblock.protocol.v1.RepairServiceGrpc;
import io.hyperblock.protocol.v1.SetPlacementFloorRequest;
import io.hyperblock.protocol.v1.SetPlacementFloorResponse;
import io.hyperblock.protocol.v1.UnitToReclaim;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * {@code hyperblock.v1.RepairService} (repair.proto) on a brick: rebuilds units from healthy peers
 * and reclaims units the brick no longer holds. A rebuild runs on the calling gRPC thread; the
 * management server bounds how many run at once. Progress is streamed at most every {@link
 * #PROGRESS_EVERY_BYTES}, and once more when the unit is durable.
 *
 * <p><b>Fenced rebuilds</b> (ADR 0009, a non-empty {@code fence}): after the bulk copy (none for a
 * catch-up, {@code changed_since_millis > 0}) the stripe is frozen here and on every fence brick
 * ({@link StripeFence}), then what changed meanwhile is copied while nothing can write: replicas,
 * the source's changed ranges since the copy began minus {@link #CATCH_UP_MARGIN} (the whole unit
 * if the source's change journal no longer reaches back that far); EC shards, every row whose local
 * version differs from the row's consistent one ({@link ShardReconstructor#settle}). The finished
 * message carries {@code fenced_for_millis}; the freezes stay held for the server to release with
 * SetPlacementFloor, unless {@code release_fence_when_done}. On any failure the freezes taken are
 * released. Without a fence a rebuild runs as before ADR 0009, except that an EC shard with {@code
 * changed_since_millis > 0} gets the row check only (EC delta resync).
 *
 * <p>FreezeStripe and SetPlacementFloor act on the brick's {@link PlacementGate}, shared with its
 * Brick and Row services.
 */
public final class RepairGrpcService extends RepairServiceGrpc.RepairServiceImplBase {
  private static final System.Logger LOG = System.getLogger(RepairGrpcService.class.getName());

  /** Progress messages are sent at most this often (in bytes) to keep the stream light. */
  static final long PROGRESS_EVERY_BYTES = 4L << 20;

  /**
   * Subtracted from the copy's start before asking a source what changed since: covers the clock
   * skew between this brick and the source (the journal stamps changes with the source's clock).
   * Over-copying is harmless, since nothing can write the frozen stripe.
   */
  static final Duration CATCH_UP_MARGIN = Duration.ofSeconds(60);

  /** Longest freeze token accepted: task ids are UUIDs; this only bounds memory. */
  static final int MAX_TOKEN_CHARS = 256;

  private final ShardStore store;
  private final PlacementGate gate;
  private final SourceChannels channels;
  private final ReplicaCopier copier;
  private final ShardReconstructor reconstructor;
  private final Clock clock;
  private final TokenBucket.Pause pause;

  /**
   * @param gate the brick's placement gate, shared with its Brick and Row services
   */
  public RepairGrpcService(
      ShardStore store,
      RowStore rows,
      PlacementGate gate,
      SourceChannels channels,
      Clock clock,
      TokenBucket.Pause pause) {
    this.store = store;
    this.gate = gate;
    this.channels = channels;
    this.copier = new ReplicaCopier(store, channels);
    this.reconstructor = new ShardReconstructor(rows, channels);
    this.clock = clock;
    this.pause = pause;
  }

  @Override
  public void rebuildUnit(RebuildUnitRequest request, StreamObserver<RebuildUnitProgress> out) {
    RebuildSpec spec;
    try {
      spec = RebuildSpec.of(request);
    } catch (IllegalArgumentException e) {
      out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    var call = (ServerCallStreamObserver<RebuildUnitProgress>) out;
    TokenBucket bucket = new TokenBucket(spec.maxBytesPerSecond(), clock, pause);
    long[] lastSent = {0};
    Progress progress =
        (done, written) -> {
          if (call.isCancelled()) {
            throw new Progress.RebuildCancelledException("rebuild of " + spec.taskId());
          }
          if (done - lastSent[0] >= PROGRESS_EVERY_BYTES) {
            lastSent[0] = done;
            out.onNext(message(spec, done, written, false).build());
          }
        };
    StripeFence fence = null;
    boolean finished = false;
    try {
      long written;
      long fencedFor = 0;
      if (!spec.fenced()) {
        written = unfenced(spec, bucket, progress);
      } else {
        long copyBegan = clock.millis();
        boolean catchUpOnly = spec.changedSinceMillis() > 0;
        written = catchUpOnly ? 0 : bulk(spec, bucket, progress);
        fence = StripeFence.take(gate, channels, spec, clock);
        long since =
            catchUpOnly ? spec.changedSinceMillis() : copyBegan - CATCH_UP_MARGIN.toMillis();
        // Not rate limited: client writes to the stripe wait for it, within the freeze's lease.
        TokenBucket unlimited = new TokenBucket(0, clock, pause);
        written +=
            spec.kind() == RebuildKind.REBUILD_KIND_COPY_REPLICA
                ? copier.copyChangedSince(spec, Math.max(1, since), unlimited, progress)
                : reconstructor.settle(spec, unlimited, progress);
        fencedFor = fence.frozenForMillis();
        if (spec.releaseFenceWhenDone()) {
          fence.release();
        }
      }
      finished = true;
      out.onNext(
          message(spec, spec.unitBytes(), written, true).setFencedForMillis(fencedFor).build());
      out.onCompleted();
      LOG.log(
          Level.INFO,
          "rebuilt {0}/{1}-{2} ({3} bytes written, fenced for {4} ms) for task {5}",
          spec.volumeId(),
          spec.stripeIndex(),
          spec.shardIndex(),
          written,
          fencedFor,
          spec.taskId());
    } catch (Progress.RebuildCancelledException e) {
      LOG.log(Level.INFO, "rebuild of task {0} cancelled by the server", spec.taskId());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.onError(Status.CANCELLED.withDescription("brick stopping").asRuntimeException());
    } catch (RuntimeException e) {
      out.onError(toStatus(e));
    } finally {
      if (fence != null && !finished) {
        fence.release(); // a failed or cancelled attempt must not leave writers stalled
      }
    }
  }

  /** A rebuild without fence: as before ADR 0009 (plus EC delta resync). */
  private long unfenced(RebuildSpec spec, TokenBucket bucket, Progress progress)
      throws InterruptedException {
    if (spec.kind() == RebuildKind.REBUILD_KIND_COPY_REPLICA) {
      return copier.copy(spec, bucket, progress);
    }
    return spec.changedSinceMillis() > 0
        ? reconstructor.settle(spec, bucket, progress)
        : reconstructor.reconstruct(spec, bucket, progress, false);
  }

  /** The copy made while clients still write (fenced rebuild, step 1 of ADR 0009). */
  private long bulk(RebuildSpec spec, TokenBucket bucket, Progress progress)
      throws InterruptedException {
    return spec.kind() == RebuildKind.REBUILD_KIND_COPY_REPLICA
        ? copier.copy(spec, bucket, progress)
        : reconstructor.reconstruct(spec, bucket, progress, true);
  }

  private static RebuildUnitProgress.Builder message(
      RebuildSpec spec, long done, long written, boolean finished) {
    return RebuildUnitProgress.newBuilder()
        .setBytesDone(done)
        .setBytesTotal(spec.unitBytes())
        .setBytesWritten(written)
        .setFinished(finished);
  }

  @Override
  public void freezeStripe(FreezeStripeRequest r, StreamObserver<FreezeStripeResponse> out) {
    try {
      UUID volume = volumeId(r.getVolumeId());
      if (r.getStripeIndex() < 0) {
        throw new IllegalArgumentException("stripe_index must be >= 0, got " + r.getStripeIndex());
      }
      String token = token(r.getToken());
      if (r.getRelease()) {
        gate.release(volume, r.getStripeIndex(), token);
      } else {
        long lease = r.getLeaseMillis();
        if (lease < PlacementGate.MIN_LEASE.toMillis()
            || lease > PlacementGate.MAX_LEASE.toMillis()) {
          throw new IllegalArgumentException(
              "lease_millis "
                  + lease
                  + " is outside "
                  + PlacementGate.MIN_LEASE.toMillis()
                  + ".."
                  + PlacementGate.MAX_LEASE.toMillis()
                  + " (1 s .. 10 min)");
        }
        gate.freeze(volume, r.getStripeIndex(), token, Duration.ofMillis(lease));
      }
      out.onNext(FreezeStripeResponse.getDefaultInstance());
      out.onCompleted();
    } catch (IllegalArgumentException e) {
      out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
    } catch (RuntimeException e) {
      out.onError(toStatus(e));
    }
  }

  @Override
  public void setPlacementFloor(
      SetPlacementFloorRequest r, StreamObserver<SetPlacementFloorResponse> out) {
    try {
      UUID volume = volumeId(r.getVolumeId());
      if (r.getFloor() < 0) {
        throw new IllegalArgumentException("floor must be >= 0, got " + r.getFloor());
      }
      java.util.List<String> tokens = new java.util.ArrayList<>();
      for (String t : r.getReleaseTokensList()) {
        tokens.add(token(t));
      }
      // Raise before releasing: no old-map writer may slip in between.
      long floor = gate.raiseFloor(volume, r.getFloor());
      gate.releaseTokens(volume, tokens);
      out.onNext(SetPlacementFloorResponse.newBuilder().setFloor(floor).build());
      out.onCompleted();
    } catch (IllegalArgumentException e) {
      out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
    } catch (RuntimeException e) {
      out.onError(toStatus(e));
    }
  }

  private static UUID volumeId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("volume_id '" + id + "' is not a UUID like 3f2b0c1e-...");
    }
  }

  private static String token(String token) {
    if (token.isBlank() || token.length() > MAX_TOKEN_CHARS) {
      throw new IllegalArgumentException(
          "token must be 1.."
              + MAX_TOKEN_CHARS
              + " characters (the rebuild task id), got '"
              + token
              + "'");
    }
    return token;
  }

  @Override
  public void reclaimUnits(ReclaimUnitsRequest r, StreamObserver<ReclaimUnitsResponse> out) {
    try {
      int volumes = 0;
      for (String id : r.getDeletedVolumeIdsList()) {
        UUID volume = UUID.fromString(id);
        store.deleteVolume(volume, store.highestEpoch(volume));
        volumes++;
      }
      int units = 0;
      for (UnitToReclaim u : r.getUnitsList()) {
        UUID volume = UUID.fromString(u.getVolumeId());
        ShardKey key = new ShardKey(volume, u.getStripeIndex(), u.getShardIndex());
        for (ShardInfo info : store.list(volume)) {
          if (info.key().equals(key) && info.sizeBytes() > 0) {
            store.trim(key, 0, info.sizeBytes(), store.highestEpoch(volume));
            units++;
          }
        }
      }
      store.flush();
      out.onNext(
          ReclaimUnitsResponse.newBuilder()
              .setUnitsReclaimed(units)
              .setVolumesDeleted(volumes)
              .build());
      out.onCompleted();
    } catch (IllegalArgumentException e) {
      out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
    } catch (RuntimeException e) {
      out.onError(toStatus(e));
    }
  }

  @Override
  public void changedRanges(ChangedRangesRequest r, StreamObserver<ChangedRangesResponse> out) {
    try {
      UUID volume = UUID.fromString(r.getVolumeId());
      ShardKey key = new ShardKey(volume, r.getStripeIndex(), r.getShardIndex());
      ChangedRanges changed = store.changedRangesSince(JournalEntry.NONE, r.getSinceMillis());
      var reply =
          ChangedRangesResponse.newBuilder()
              .setVolumeDeleted(changed.deletedVolumes().contains(volume));
      for (ByteRange range : changed.ranges().getOrDefault(key, java.util.List.of())) {
        reply.addRanges(
            ByteRangeProto.newBuilder().setOffset(range.offset()).setLength(range.length()));
      }
      out.onNext(reply.build());
      out.onCompleted();
    } catch (JournalTruncatedException e) {
      // Not an error of this brick: the question reaches back past the journal's retention.
      LOG.log(
          Level.INFO,
          "ChangedRanges of {0}/{1}-{2} since {3} is older than the change journal keeps",
          r.getVolumeId(),
          r.getStripeIndex(),
          r.getShardIndex(),
          r.getSinceMillis());
      out.onError(
          Status.OUT_OF_RANGE
              .withDescription(
                  "changes of unit "
                      + r.getVolumeId()
                      + "/"
                      + r.getStripeIndex()
                      + "-"
                      + r.getShardIndex()
                      + " since "
                      + java.time.Instant.ofEpochMilli(r.getSinceMillis())
                      + " are older than this brick's change journal keeps: "
                      + e.getMessage())
              .asRuntimeException());
    } catch (IllegalArgumentException e) {
      out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
    } catch (RuntimeException e) {
      out.onError(toStatus(e));
    }
  }

  private static StatusRuntimeException toStatus(RuntimeException e) {
    Status s =
        switch (e) {
          case StatusRuntimeException sre -> sre.getStatus();
          case FencedWriteException f -> Status.FAILED_PRECONDITION.withDescription(f.getMessage());
          case DiskFullException d -> Status.RESOURCE_EXHAUSTED.withDescription(d.getMessage());
          case CorruptBlockException c -> Status.DATA_LOSS.withDescription(c.getMessage());
          case IllegalStateException i -> Status.UNAVAILABLE.withDescription(i.getMessage());
          case java.io.UncheckedIOException u -> Status.INTERNAL.withDescription(u.getMessage());
          default -> {
            LOG.log(Level.ERROR, "rebuild failed unexpectedly", e);
            yield Status.INTERNAL.withDescription("rebuild failed: " + e);
          }
        };
    return s.asRuntimeException();
  }
}
