package io.hyperblock.brick.grpc;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.hyperblock.brick.fence.PlacementGate;
import io.hyperblock.brick.identity.BrickIdentity;
import io.hyperblock.brick.metrics.BrickMetrics;
import io.hyperblock.brick.metrics.BrickOp;
import io.hyperblock.brick.store.FencedWriteException;
import io.hyperblock.brick.store.ShardInfo;
import io.hyperblock.brick.store.ShardKey;
import io.hyperblock.brick.store.ShardStore;
import io.hyperblock.brick.store.StoreStats;
import io.hyperblock.protocol.v1.BrickServiceGrpc;
import io.hyperblock.protocol.v1.ChunkInfo;
import io.hyperblock.protocol.v1.DeleteVolumeRequest;
import io.hyperblock.protocol.v1.DeleteVolumeResponse;
import io.hyperblock.protocol.v1.FlushRequest;
import io.hyperblock.protocol.v1.FlushResponse;
import io.hyperblock.protocol.v1.ListChunksRequest;
import io.hyperblock.protocol.v1.ObserveEpochRequest;
import io.hyperblock.protocol.v1.ObserveEpochResponse;
import io.hyperblock.protocol.v1.ReadShardRequest;
import io.hyperblock.protocol.v1.ReadShardResponse;
import io.hyperblock.protocol.v1.ShardPiece;
import io.hyperblock.protocol.v1.StatRequest;
import io.hyperblock.protocol.v1.StatResponse;
import io.hyperblock.protocol.v1.StreamShardRequest;
import io.hyperblock.protocol.v1.TrimRequest;
import io.hyperblock.protocol.v1.TrimResponse;
import io.hyperblock.protocol.v1.VolumeEpoch;
import io.hyperblock.protocol.v1.WriteShardRequest;
import io.hyperblock.protocol.v1.WriteShardResponse;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code hyperblock.v1.BrickService} over a {@link ShardStore}. Validates every request (INVALID_
 * ARGUMENT), delegates, maps store errors ({@link StatusMapping}) and records metrics. Stateless
 * and thread-safe; the store serializes what must be serialized.
 *
 * <p>WriteShard and Trim pass the brick's {@link PlacementGate} (ADR 0009) after the fencing-epoch
 * check, so a fenced writer is told it is fenced (no PLACEMENT_CHANGED trailer) even when the
 * stripe is frozen too. Reads are never checked.
 */
public final class BrickGrpcService extends BrickServiceGrpc.BrickServiceImplBase {
  private final ShardStore store;
  private final BrickMetrics metrics;
  private final Supplier<Optional<BrickIdentity>> identity;
  private final PlacementGate gate;

  /**
   * A service with a placement gate of its own, not persisted and not shared with a RepairService:
   * nothing can freeze its stripes or raise its floors. For embedded test bricks only.
   *
   * @param identity the brick's identity; empty until a first start has registered
   */
  public BrickGrpcService(
      ShardStore store, BrickMetrics metrics, Supplier<Optional<BrickIdentity>> identity) {
    this(store, metrics, identity, PlacementGate.inMemory(Clock.systemUTC()));
  }

  /**
   * @param identity the brick's identity; empty until a first start has registered
   * @param gate the brick's placement gate, shared with its RowService and RepairService
   */
  public BrickGrpcService(
      ShardStore store,
      BrickMetrics metrics,
      Supplier<Optional<BrickIdentity>> identity,
      PlacementGate gate) {
    this.store = store;
    this.metrics = metrics;
    this.identity = identity;
    this.gate = gate;
  }

  /** Largest payload of one read or write; the store must accept I/O this large. */
  public static int maxIoBytes() {
    return Requests.MAX_IO_BYTES;
  }

  /** gRPC inbound message limit the server must be built with. */
  public static int maxInboundMessageBytes() {
    return Requests.MAX_INBOUND_MESSAGE_BYTES;
  }

  @Override
  public void writeShard(WriteShardRequest r, StreamObserver<WriteShardResponse> out) {
    unary(
        BrickOp.WRITE,
        r.getData().size(),
        out,
        () -> {
          ShardKey key = Requests.shard(r.getVolumeId(), r.getStripeIndex(), r.getShardIndex());
          Requests.ioRange(r.getOffset(), r.getData().size(), "data size");
          long epoch = Requests.epoch(r.getEpoch());
          long generation = Requests.generation(r.getGeneration());
          ByteBuffer data = r.getData().asReadOnlyByteBuffer();
          try (PlacementGate.Permit p = enter(key, epoch, r.getPlacementVersion())) {
            store.write(key, r.getOffset(), data, epoch, generation, r.getFua());
          }
          return WriteShardResponse.newBuilder()
              .setBytesWritten(r.getData().size())
              .setGeneration(generation)
              .build();
        });
  }

  @Override
  public void readShard(ReadShardRequest r, StreamObserver<ReadShardResponse> out) {
    unary(
        BrickOp.READ,
        Math.max(0, r.getLength()),
        out,
        () -> {
          ShardKey key = Requests.shard(r.getVolumeId(), r.getStripeIndex(), r.getShardIndex());
          Requests.ioRange(r.getOffset(), r.getLength(), "length");
          byte[] bytes = new byte[r.getLength()];
          store.read(key, r.getOffset(), r.getLength(), ByteBuffer.wrap(bytes));
          // The array is never touched again, so wrapping it without a copy is safe. The
          // generation is left 0: the store reports it only through list(), too slow per read.
          return ReadShardResponse.newBuilder()
              .setData(UnsafeByteOperations.unsafeWrap(bytes))
              .build();
        });
  }

  @Override
  public void flush(FlushRequest r, StreamObserver<FlushResponse> out) {
    unary(
        BrickOp.FLUSH,
        0,
        out,
        () -> {
          Requests.optionalVolumeId(r.getVolumeId());
          store.flush();
          return FlushResponse.getDefaultInstance();
        });
  }

  @Override
  public void trim(TrimRequest r, StreamObserver<TrimResponse> out) {
    unary(
        BrickOp.TRIM,
        0,
        out,
        () -> {
          ShardKey key = Requests.shard(r.getVolumeId(), r.getStripeIndex(), r.getShardIndex());
          Requests.range(r.getOffset(), r.getLength(), "length");
          long epoch = Requests.epoch(r.getEpoch());
          try (PlacementGate.Permit p = enter(key, epoch, r.getPlacementVersion())) {
            store.trim(key, r.getOffset(), r.getLength(), epoch);
          }
          return TrimResponse.getDefaultInstance();
        });
  }

  @Override
  public void stat(StatRequest r, StreamObserver<StatResponse> out) {
    unary(
        BrickOp.STAT,
        0,
        out,
        () -> {
          StoreStats s = store.stats();
          StatResponse.Builder b =
              StatResponse.newBuilder()
                  .setCapacityBytes(s.capacityBytes())
                  .setUsedBytes(s.usedBytes())
                  .setFreeBytes(s.freeBytes())
                  .setShardCount(s.shardCount());
          identity
              .get()
              .ifPresent(
                  id ->
                      b.setBrickId(id.brickId().toString())
                          .setClusterId(id.clusterId().toString()));
          Set<UUID> volumes = new LinkedHashSet<>();
          store.list(null).forEach(info -> volumes.add(info.key().volumeId()));
          for (UUID v : volumes) {
            b.addHighestEpochs(
                VolumeEpoch.newBuilder().setVolumeId(v.toString()).setEpoch(store.highestEpoch(v)));
          }
          return b.build();
        });
  }

  @Override
  public void listChunks(ListChunksRequest r, StreamObserver<ChunkInfo> out) {
    long start = System.nanoTime();
    try {
      UUID volume = Requests.optionalVolumeId(r.getVolumeId());
      for (ShardInfo info : store.list(volume)) {
        out.onNext(
            ChunkInfo.newBuilder()
                .setVolumeId(info.key().volumeId().toString())
                .setStripeIndex(info.key().stripeIndex())
                .setShardIndex(info.key().shardIndex())
                .setSizeBytes(info.sizeBytes())
                .setGeneration(info.generation())
                .build());
      }
      out.onCompleted();
      metrics.record(BrickOp.LIST_CHUNKS, "OK", 0, System.nanoTime() - start);
    } catch (RuntimeException e) {
      fail(BrickOp.LIST_CHUNKS, start, out, e);
    }
  }

  @Override
  public void streamShard(StreamShardRequest r, StreamObserver<ShardPiece> out) {
    long start = System.nanoTime();
    try {
      ShardKey key = Requests.shard(r.getVolumeId(), r.getStripeIndex(), r.getShardIndex());
      Requests.range(r.getOffset(), r.getLength(), "length");
      ShardStreamer streamer =
          new ShardStreamer(
              store,
              metrics,
              key,
              r.getOffset(),
              r.getLength(),
              generationOf(key),
              (ServerCallStreamObserver<ShardPiece>) out,
              start);
      streamer.install();
    } catch (RuntimeException e) {
      fail(BrickOp.STREAM_SHARD, start, out, e);
    }
  }

  @Override
  public void deleteVolume(DeleteVolumeRequest r, StreamObserver<DeleteVolumeResponse> out) {
    unary(
        BrickOp.DELETE_VOLUME,
        0,
        out,
        () -> {
          UUID volume = Requests.volumeId(r.getVolumeId());
          long epoch = Requests.epoch(r.getEpoch());
          long before = store.stats().usedBytes();
          store.deleteVolume(volume, epoch);
          // Approximate under concurrent writes to other volumes; informational only.
          long freed = Math.max(0, before - store.stats().usedBytes());
          return DeleteVolumeResponse.newBuilder().setFreedBytes(freed).build();
        });
  }

  @Override
  public void observeEpoch(ObserveEpochRequest r, StreamObserver<ObserveEpochResponse> out) {
    unary(
        BrickOp.OBSERVE_EPOCH,
        0,
        out,
        () -> {
          UUID volume = Requests.volumeId(r.getVolumeId());
          store.observeEpoch(volume, Requests.epoch(r.getEpoch()));
          return ObserveEpochResponse.newBuilder()
              .setHighestEpoch(store.highestEpoch(volume))
              .build();
        });
  }

  /**
   * Admits a client mutation: a stale fencing epoch is refused first (as the store would), then the
   * placement gate decides.
   */
  private PlacementGate.Permit enter(ShardKey key, long epoch, long placementVersion) {
    Requests.placementVersion(placementVersion);
    long highest = store.highestEpoch(key.volumeId());
    if (epoch < highest) {
      throw new FencedWriteException(key.volumeId(), epoch, highest);
    }
    return gate.enter(key.volumeId(), key.stripeIndex(), placementVersion);
  }

  /**
   * Highest generation written to the shard. The store reports it only through {@link
   * ShardStore#list}, which scans the volume's shards: fine once per stream, too slow per read.
   */
  private long generationOf(ShardKey key) {
    for (ShardInfo info : store.list(key.volumeId())) {
      if (info.key().equals(key)) {
        return info.generation();
      }
    }
    return 0;
  }

  private <T> void unary(BrickOp op, long payload, StreamObserver<T> out, Supplier<T> call) {
    long start = System.nanoTime();
    T response;
    try {
      response = call.get();
    } catch (RuntimeException e) {
      fail(op, start, out, e);
      return;
    }
    out.onNext(response);
    out.onCompleted();
    metrics.record(op, "OK", payload, System.nanoTime() - start);
  }

  private void fail(BrickOp op, long start, StreamObserver<?> out, RuntimeException e) {
    StatusRuntimeException status = StatusMapping.toStatus(e);
    metrics.record(op, status.getStatus().getCode().name(), 0, System.nanoTime() - start);
    out.onError(status);
  }
}
