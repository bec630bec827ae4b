package io.hyperblock.client.grpc;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import io.hyperblock.client.brick.BrickChannel;
import io.hyperblock.client.brick.DirtyUnit;
import io.hyperblock.client.brick.RowCommit;
import io.hyperblock.client.brick.RowMeta;
import io.hyperblock.client.brick.UnitRead;
import io.hyperblock.client.brick.UnitRef;
import io.hyperblock.client.brick.UnitWrite;
import io.hyperblock.protocol.v1.BrickServiceGrpc;
import io.hyperblock.protocol.v1.BrickServiceGrpc.BrickServiceStub;
import io.hyperblock.protocol.v1.CommitRowsRequest;
import io.hyperblock.protocol.v1.FlushRowsRequest;
import io.hyperblock.protocol.v1.ListDirtyUnitsRequest;
import io.hyperblock.protocol.v1.MarkStaleRequest;
import io.hyperblock.protocol.v1.ReadShardRequest;
import io.hyperblock.protocol.v1.ReadUnitRequest;
import io.hyperblock.protocol.v1.RollbackUnitRequest;
import io.hyperblock.protocol.v1.RowServiceGrpc;
import io.hyperblock.protocol.v1.RowServiceGrpc.RowServiceStub;
import io.hyperblock.protocol.v1.TrimRequest;
import io.hyperblock.protocol.v1.WriteShardRequest;
import io.hyperblock.protocol.v1.WriteUnitRequest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * {@link BrickChannel} over a gRPC channel to one brick (BrickService + RowService on the same
 * port). Payloads are wrapped, not copied ({@link UnsafeByteOperations#unsafeWrap}): the caller
 * must leave write buffers alone until the future completes, as the contract says. Every call has a
 * deadline, so a hung brick surfaces as unavailable.
 */
public final class GrpcBrickChannel implements BrickChannel {

  private final UUID brickId;
  private final BrickServiceStub shards;
  private final RowServiceStub rows;
  private final long deadlineMs;

  public GrpcBrickChannel(UUID brickId, Channel channel, Duration deadline) {
    this.brickId = brickId;
    this.shards = BrickServiceGrpc.newStub(channel);
    this.rows = RowServiceGrpc.newStub(channel);
    this.deadlineMs = deadline.toMillis();
  }

  @Override
  public UUID brickId() {
    return brickId;
  }

  private BrickServiceStub shards() {
    return shards.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS);
  }

  private RowServiceStub rows() {
    return rows.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS);
  }

  private <Q, R, T> CompletableFuture<T> call(
      BiConsumer<Q, StreamObserver<R>> method, Q request, Function<R, T> convert) {
    return Calls.unary(o -> method.accept(request, o), convert, t -> Calls.brickError(brickId, t));
  }

  @Override
  public CompletableFuture<Void> writeShard(
      UUID volume,
      long stripe,
      int shard,
      long offset,
      ByteBuffer data,
      long epoch,
      long placementVersion) {
    WriteShardRequest r =
        WriteShardRequest.newBuilder()
            .setVolumeId(volume.toString())
            .setStripeIndex(stripe)
            .setShardIndex(shard)
            .setOffset(offset)
            .setData(UnsafeByteOperations.unsafeWrap(data.duplicate()))
            .setEpoch(epoch)
            .setPlacementVersion(placementVersion)
            .build();
    return call(shards()::writeShard, r, x -> null);
  }

  @Override
  public CompletableFuture<ByteBuffer> readShard(
      UUID volume, long stripe, int shard, long offset, int length) {
    ReadShardRequest r =
        ReadShardRequest.newBuilder()
            .setVolumeId(volume.toString())
            .setStripeIndex(stripe)
            .setShardIndex(shard)
            .setOffset(offset)
            .setLength(length)
            .build();
    return call(shards()::readShard, r, x -> x.getData().asReadOnlyByteBuffer());
  }

  @Override
  public CompletableFuture<Void> trimShard(
      UUID volume,
      long stripe,
      int shard,
      long offset,
      long length,
      long epoch,
      long placementVersion) {
    TrimRequest r =
        TrimRequest.newBuilder()
            .setVolumeId(volume.toString())
            .setStripeIndex(stripe)
            .setShardIndex(shard)
            .setOffset(offset)
            .setLength(length)
            .setEpoch(epoch)
            .setPlacementVersion(placementVersion)
            .build();
    return call(shards()::trim, r, x -> null);
  }

  /** RowService.FlushRows: flushes the store and the row journal. */
  @Override
  public CompletableFuture<Void> flush() {
    return call(rows()::flushRows, FlushRowsRequest.getDefaultInstance(), x -> null);
  }

  private static io.hyperblock.protocol.v1.UnitRef proto(UnitRef u) {
    return io.hyperblock.protocol.v1.UnitRef.newBuilder()
        .setVolumeId(u.volumeId().toString())
        .setStripeIndex(u.stripeIndex())
        .setShardIndex(u.shardIndex())
        .setRow(u.row())
        .setStripeUnit(u.stripeUnit())
        .build();
  }

  private static RowMeta meta(io.hyperblock.protocol.v1.RowMeta m) {
    return new RowMeta(
        m.getGeneration(),
        m.getDataGenerationsList().stream().mapToLong(Long::longValue).toArray(),
        m.getStaleMask(),
        m.getOpenGenerationsList().stream().mapToLong(Long::longValue).toArray());
  }

  @Override
  public CompletableFuture<UnitRead> readUnit(UnitRef unit, int offsetInUnit, int length) {
    ReadUnitRequest r =
        ReadUnitRequest.newBuilder()
            .setUnit(proto(unit))
            .setOffsetInUnit(offsetInUnit)
            .setLength(length)
            .build();
    return call(
        rows()::readUnit,
        r,
        x -> new UnitRead(x.getData().asReadOnlyByteBuffer(), meta(x.getMeta())));
  }

  @Override
  public CompletableFuture<RowMeta> writeUnit(
      UnitRef unit, int offsetInUnit, ByteBuffer data, UnitWrite how) {
    WriteUnitRequest.Builder b =
        WriteUnitRequest.newBuilder()
            .setUnit(proto(unit))
            .setOffsetInUnit(offsetInUnit)
            .setData(UnsafeByteOperations.unsafeWrap(data.duplicate()))
            .setEpoch(how.epoch())
            .setConditional(how.conditional())
            .setExpectedGeneration(Math.max(0, how.expectedGeneration()))
            .setNewGeneration(how.newGeneration())
            .setParticipants(how.participants())
            .setKeepRollback(how.keepRollback())
            .setPlacementVersion(how.placementVersion());
    for (long g : how.dataGenerations()) {
      b.addDataGenerations(g);
    }
    WriteUnitRequest r = b.build();
    return call(rows()::writeUnit, r, x -> meta(x.getMeta()));
  }

  @Override
  public CompletableFuture<Void> commit(UUID volume, List<RowCommit> commits) {
    CommitRowsRequest.Builder b = CommitRowsRequest.newBuilder().setVolumeId(volume.toString());
    for (RowCommit c : commits) {
      b.addCommits(
          io.hyperblock.protocol.v1.RowCommit.newBuilder()
              .setStripeIndex(c.stripeIndex())
              .setShardIndex(c.shardIndex())
              .setRow(c.row())
              .setGeneration(c.generation()));
    }
    CommitRowsRequest r = b.build();
    return call(rows()::commitRows, r, x -> null);
  }

  @Override
  public CompletableFuture<RowMeta> rollback(
      UnitRef unit, long fromGeneration, long epoch, long placementVersion) {
    RollbackUnitRequest r =
        RollbackUnitRequest.newBuilder()
            .setUnit(proto(unit))
            .setFromGeneration(fromGeneration)
            .setEpoch(epoch)
            .setPlacementVersion(placementVersion)
            .build();
    return call(rows()::rollbackUnit, r, x -> meta(x.getMeta()));
  }

  @Override
  public CompletableFuture<RowMeta> markStale(
      UnitRef unit, long setMask, long clearMask, long epoch, long placementVersion) {
    MarkStaleRequest r =
        MarkStaleRequest.newBuilder()
            .setUnit(proto(unit))
            .setSetMask(setMask)
            .setClearMask(clearMask)
            .setEpoch(epoch)
            .setPlacementVersion(placementVersion)
            .build();
    return call(rows()::markStale, r, x -> meta(x.getMeta()));
  }

  @Override
  public CompletableFuture<List<DirtyUnit>> dirtyUnits(UUID volume) {
    ListDirtyUnitsRequest r =
        ListDirtyUnitsRequest.newBuilder().setVolumeId(volume.toString()).build();
    return call(
        rows()::listDirtyUnits,
        r,
        x -> {
          List<DirtyUnit> out = new ArrayList<>();
          for (io.hyperblock.protocol.v1.DirtyUnit d : x.getUnitsList()) {
            io.hyperblock.protocol.v1.UnitRef u = d.getUnit();
            out.add(
                new DirtyUnit(
                    new UnitRef(
                        UUID.fromString(u.getVolumeId()),
                        u.getStripeIndex(),
                        u.getShardIndex(),
                        u.getRow(),
                        u.getStripeUnit()),
                    meta(d.getMeta()),
                    d.getParticipants()));
          }
          return out;
        });
  }
}
