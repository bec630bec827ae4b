package io.hyperblock.brick.rows;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
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
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code hyperblock.v1.RowService} over a {@link RowStore}: validates requests, delegates, and maps
 * errors to the statuses rows.proto documents. Stateless and thread-safe.
 */
public final class RowGrpcService extends RowServiceGrpc.RowServiceImplBase {

  /** Largest stripe unit accepted (StripeGeometry.MAX_STRIPE_UNIT): bounds per-request buffers. */
  static final int MAX_STRIPE_UNIT = 1 << 26;

  private final RowStore rows;

  public RowGrpcService(RowStore rows) {
    this.rows = rows;
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
          RowMeta meta =
              rows.rollback(key(r.getUnit()), r.getFromGeneration(), epoch(r.getEpoch()));
          return RollbackUnitResponse.newBuilder().setMeta(proto(meta)).build();
        });
  }

  @Override
  public void markStale(MarkStaleRequest r, StreamObserver<MarkStaleResponse> out) {
    unary(
        out,
        () -> {
          RowMeta meta =
              rows.markStale(
                  key(r.getUnit()), r.getSetMask(), r.getClearMask(), epoch(r.getEpoch()));
          return MarkStaleResponse.newBuilder().setMeta(proto(meta)).build();
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
