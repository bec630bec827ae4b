package io.hyperblock.brick.rows;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.hyperblock.brick.fence.PlacementChangedException;
import io.hyperblock.brick.fence.PlacementGate;
import io.hyperblock.brick.fence.PlacementStatus;
import io.hyperblock.brick.store.CorruptBlockException;
import io.hyperblock.brick.store.DiskFullException;
import io.hyperblock.brick.store.FencedWriteException;
import io.hyperblock.brick.store.InvalidRangeException;
import io.hyperblock.brick.store.ShardKey;
import io.hyperblock.brick.store.StoreException;
import io.hyperblock.protocol.v1.CommitRowsRequest;
import io.hyperblock.protocol.v1.CommitRowsResponse;
import io.hyperblock.protocol.v1.DirtyUnit;
import io.hyperblock.protocol.v1.FlushRowsRequest;
import io.hyperblock.protocol.v1.FlushRowsResponse;
import io.hyperblock.protocol.v1.ListDirtyUnitsRequest;
import io.hyperblock.protocol.v1.ListDirtyUnitsResponse;
import io.hyperblock.protocol.v1.MarkStaleRequest;
import io.hyperblock.protocol.v1.MarkStaleResponse;
import io.hyperblock.protocol.v1.ReadUnitRequest;
import io.hyperblock.protocol.v1.ReadUnitResponse;
import io.hyperblock.protocol.v1.RollbackUnitRequest;
import io.hyperblock.protocol.v1.RollbackUnitResponse;
import io.hyperblock.protocol.v1.RowCommit;
import io.hyperblock.protocol.v1.RowServiceGrpc;
import io.hyperblock.protocol.v1.UnitRef;
import io.hyperblock.protocol.v1.WriteUnitRequest;
import io.hyperblock.protocol.v1.WriteUnitResponse;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code hyperblock.v1.RowService} over a {@link RowStore}: validates requests, delegates, and maps
 * errors to the statuses rows.proto documents. Stateless and thread-safe.
 *
 * <p>Client mutations (WriteUnit, RollbackUnit, MarkStale) pass the brick's {@link PlacementGate}
 * after the fencing-epoch check (ADR 0009). One exception: a MarkStale with {@code
 * placement_version} 0 that only clears bits ({@code set_mask} 0) is a brick's own repair call (the
 * rebuilder clearing the stale mark of a unit it just rebuilt, possibly while the stripe is frozen
 * for exactly that rebuild) and is not checked. Clearing a mark only ever follows a completed write
 * of the unit, so it cannot let an old-map write in. CommitRows only drops rollback records and is
 * not checked either; reads never are.
 */
public final class RowGrpcService extends RowServiceGrpc.RowServiceImplBase {

  /** Largest stripe unit accepted (StripeGeometry.MAX_STRIPE_UNIT): bounds per-request buffers. */
  static final int MAX_STRIPE_UNIT = 1 << 26;

  private final RowStore rows;
  private final PlacementGate gate;

  /**
   * A service with a placement gate of its own, not persisted and not shared with a RepairService:
   * nothing can freeze its stripes or raise its floors. For embedded test bricks only.
   */
  public RowGrpcService(RowStore rows) {
    this(rows, PlacementGate.inMemory(Clock.systemUTC()));
  }

  /**
   * @param gate the brick's placement gate, shared with its BrickService and RepairService
   */
  public RowGrpcService(RowStore rows, PlacementGate gate) {
    this.rows = rows;
    this.gate = gate;
  }

  @Override
  public void readUnit(ReadUnitRequest r, StreamObserver<ReadUnitResponse> out) {
    unary(
        out,
        () -> {
          UnitKey key = key(r.getUnit());
          byte[] bytes = new byte[Math.max(0, r.getLength())];
          RowMeta meta = rows.read(key, r.getOffsetInUnit(), r.getLength(), ByteBuffer.wrap(bytes));
          return ReadUnitResponse.newBuilder()
              .setData(UnsafeByteOperations.unsafeWrap(bytes))
              .setMeta(proto(meta))
              .build();
        });
  }

  @Override
  public void writeUnit(WriteUnitRequest r, StreamObserver<WriteUnitResponse> out) {
    unary(
        out,
        () -> {
          UnitKey key = key(r.getUnit());
          long[] vector = r.getDataGenerationsList().stream().mapToLong(Long::longValue).toArray();
          try (PlacementGate.Permit p = enter(key, r.getEpoch(), r.getPlacementVersion())) {
            RowMeta meta =
                rows.write(
                    key,
                    r.getOffsetInUnit(),
                    r.getData().asReadOnlyByteBuffer(),
                    epoch(r.getEpoch()),
                    r.getConditional(),
                    r.getExpectedGeneration(),
                    r.getNewGeneration(),
                    vector,
                    r.getParticipants(),
                    r.getKeepRollback());
            return WriteUnitResponse.newBuilder().setMeta(proto(meta)).build();
          }
        });
  }

  @Override
  public void commitRows(CommitRowsRequest r, StreamObserver<CommitRowsResponse> out) {
    unary(
        out,
        () -> {
          UUID volume = uuid(r.getVolumeId());
          for (RowCommit c : r.getCommitsList()) {
            // the stripe unit is not part of a unit's identity; 1 is a valid placeholder
            rows.commit(
                new UnitKey(
                    new ShardKey(volume, c.getStripeIndex(), c.getShardIndex()), c.getRow(), 1),
                c.getGeneration());
          }
          return CommitRowsResponse.getDefaultInstance();
        });
  }

  @Override
  public void rollbackUnit(RollbackUnitRequest r, StreamObserver<RollbackUnitResponse> out) {
    unary(
        out,
        () -> {
          UnitKey key = key(r.getUnit());
          try (PlacementGate.Permit p = enter(key, r.getEpoch(), r.getPlacementVersion())) {
            RowMeta meta = rows.rollback(key, r.getFromGeneration(), epoch(r.getEpoch()));
            return RollbackUnitResponse.newBuilder().setMeta(proto(meta)).build();
          }
        });
  }

  @Override
  public void markStale(MarkStaleRequest r, StreamObserver<MarkStaleResponse> out) {
    unary(
        out,
        () -> {
          UnitKey key = key(r.getUnit());
          boolean repairClear = r.getPlacementVersion() == 0 && r.getSetMask() == 0;
          try (PlacementGate.Permit p =
              repairClear ? NOT_CHECKED : enter(key, r.getEpoch(), r.getPlacementVersion())) {
            RowMeta meta =
                rows.markStale(key, r.getSetMask(), r.getClearMask(), epoch(r.getEpoch()));
            return MarkStaleResponse.newBuilder().setMeta(proto(meta)).build();
          }
        });
  }

  @Override
  public void listDirtyUnits(ListDirtyUnitsRequest r, StreamObserver<ListDirtyUnitsResponse> out) {
    unary(
        out,
        () -> {
          ListDirtyUnitsResponse.Builder b = ListDirtyUnitsResponse.newBuilder();
          for (RowStore.Dirty d : rows.dirty(uuid(r.getVolumeId()))) {
            UnitKey k = d.key();
            b.addUnits(
                DirtyUnit.newBuilder()
                    .setUnit(
                        UnitRef.newBuilder()
                            .setVolumeId(k.volume().toString())
                            .setStripeIndex(k.shard().stripeIndex())
                            .setShardIndex(k.shard().shardIndex())
                            .setRow(k.row())
                            .setStripeUnit(k.stripeUnit()))
                    .setMeta(proto(d.meta()))
                    .setParticipants(d.meta().participants()));
          }
          return b.build();
        });
  }

  @Override
  public void flushRows(FlushRowsRequest r, StreamObserver<FlushRowsResponse> out) {
    unary(
        out,
        () -> {
          rows.flush();
          return FlushRowsResponse.getDefaultInstance();
        });
  }

  private static final PlacementGate.Permit NOT_CHECKED = () -> {};

  /**
   * Admits a client mutation: a stale fencing epoch is refused first (as the store would, without
   * the PLACEMENT_CHANGED trailer), then the placement gate decides.
   */
  private PlacementGate.Permit enter(UnitKey key, long epoch, long placementVersion) {
    epoch(epoch);
    if (placementVersion < 0) {
      throw new IllegalArgumentException(
          "placement_version "
              + placementVersion
              + " is negative; send the version of the placement map the write is made by");
    }
    long highest = rows.highestEpoch(key.volume());
    if (epoch < highest) {
      throw new FencedWriteException(key.volume(), epoch, highest);
    }
    return gate.enter(key.volume(), key.shard().stripeIndex(), placementVersion);
  }

  private static io.hyperblock.protocol.v1.RowMeta proto(RowMeta m) {
    io.hyperblock.protocol.v1.RowMeta.Builder b =
        io.hyperblock.protocol.v1.RowMeta.newBuilder()
            .setGeneration(m.generation())
            .setStaleMask(m.staleMask());
    for (long g : m.vector()) {
      b.addDataGenerations(g);
    }
    for (long g : m.openGenerations()) {
      b.addOpenGenerations(g);
    }
    return b.build();
  }

  private static UnitKey key(UnitRef u) {
    int unit = u.getStripeUnit();
    if (unit <= 0 || unit > MAX_STRIPE_UNIT || Integer.bitCount(unit) != 1) {
      throw new IllegalArgumentException(
          "stripe unit must be a power of two up to 64 MiB, got " + unit);
    }
    return new UnitKey(
        new ShardKey(uuid(u.getVolumeId()), u.getStripeIndex(), u.getShardIndex()),
        u.getRow(),
        unit);
  }

  private static UUID uuid(String s) {
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("volume id '" + s + "' is not a UUID", e);
    }
  }

  private static long epoch(long e) {
    if (e < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, got " + e);
    }
    return e;
  }

  private static <T> void unary(StreamObserver<T> out, Supplier<T> call) {
    T response;
    try {
      response = call.get();
    } catch (RuntimeException e) {
      out.onError(status(e));
      return;
    }
    out.onNext(response);
    out.onCompleted();
  }

  static StatusRuntimeException status(RuntimeException e) {
    if (e instanceof PlacementChangedException p) {
      return PlacementStatus.of(p);
    }
    Status s =
        switch (e) {
          case FencedWriteException f -> Status.FAILED_PRECONDITION;
          case CorruptBlockException c -> Status.DATA_LOSS;
          case GenerationMismatchException g -> Status.ABORTED;
          case DiskFullException d -> Status.RESOURCE_EXHAUSTED;
          case InvalidRangeException i -> Status.INVALID_ARGUMENT;
          case IllegalArgumentException i -> Status.INVALID_ARGUMENT;
          case IllegalStateException i -> Status.UNAVAILABLE;
          case StoreException st -> Status.INTERNAL;
          default -> Status.INTERNAL;
        };
    return s.withDescription(e.getMessage()).withCause(e).asRuntimeException();
  }
}
