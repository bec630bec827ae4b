package io.hyperblock.brick.repair;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.hyperblock.brick.rows.RowStore;
import io.hyperblock.brick.store.ByteRange;
import io.hyperblock.brick.store.ChangedRanges;
import io.hyperblock.brick.store.CorruptBlockException;
import io.hyperblock.brick.store.DiskFullException;
import io.hyperblock.brick.store.FencedWriteException;
import io.hyperblock.brick.store.JournalEntry;
import io.hyperblock.brick.store.ShardInfo;
import io.hyperblock.brick.store.ShardKey;
import io.hyperblock.brick.store.ShardStore;
import io.hyperblock.protocol.v1.ByteRangeProto;
import io.hyperblock.protocol.v1.ChangedRangesRequest;
import io.hyperblock.protocol.v1.ChangedRangesResponse;
import io.hyperblock.protocol.v1.RebuildKind;
import io.hyperblock.protocol.v1.RebuildUnitProgress;
import io.hyperblock.protocol.v1.RebuildUnitRequest;
import io.hyperblock.protocol.v1.ReclaimUnitsRequest;
import io.hyperblock.protocol.v1.ReclaimUnitsResponse;
import io.hyperblock.protocol.v1.RepairServiceGrpc;
import io.hyperblock.protocol.v1.UnitToReclaim;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.UUID;

/**
 * {@code hyperblock.v1.RepairService} (repair.proto) on a brick: rebuilds units from healthy peers
 * and reclaims units the brick no longer holds. A rebuild runs on the calling gRPC thread; the
 * management server bounds how many run at once. Progress is streamed at most every {@link
 * #PROGRESS_EVERY_BYTES}, and once more when the unit is durable.
 */
public final class RepairGrpcService extends RepairServiceGrpc.RepairServiceImplBase {
  private static final System.Logger LOG = System.getLogger(RepairGrpcService.class.getName());

  /** Progress messages are sent at most this often (in bytes) to keep the stream light. */
  static final long PROGRESS_EVERY_BYTES = 4L << 20;

  private final ShardStore store;
  private final ReplicaCopier copier;
  private final ShardReconstructor reconstructor;
  private final Clock clock;
  private final TokenBucket.Pause pause;

  public RepairGrpcService(
      ShardStore store,
      RowStore rows,
      SourceChannels channels,
      Clock clock,
      TokenBucket.Pause pause) {
    this.store = store;
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
            out.onNext(message(spec, done, written, false));
          }
        };
    try {
      long written =
          spec.kind() == RebuildKind.REBUILD_KIND_COPY_REPLICA
              ? copier.copy(spec, bucket, progress)
              : reconstructor.reconstruct(spec, bucket, progress);
      out.onNext(message(spec, spec.unitBytes(), written, true));
      out.onCompleted();
      LOG.log(
          Level.INFO,
          "rebuilt {0}/{1}-{2} ({3} bytes written) for task {4}",
          spec.volumeId(),
          spec.stripeIndex(),
          spec.shardIndex(),
          written,
          spec.taskId());
    } catch (Progress.RebuildCancelledException e) {
      LOG.log(Level.INFO, "rebuild of task {0} cancelled by the server", spec.taskId());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.onError(Status.CANCELLED.withDescription("brick stopping").asRuntimeException());
    } catch (RuntimeException e) {
      out.onError(toStatus(e));
    }
  }

  private static RebuildUnitProgress message(
      RebuildSpec spec, long done, long written, boolean finished) {
    return RebuildUnitProgress.newBuilder()
        .setBytesDone(done)
        .setBytesTotal(spec.unitBytes())
        .setBytesWritten(written)
        .setFinished(finished)
        .build();
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
          default -> {
            LOG.log(Level.ERROR, "rebuild failed unexpectedly", e);
            yield Status.INTERNAL.withDescription("rebuild failed: " + e);
          }
        };
    return s.asRuntimeException();
  }
}
