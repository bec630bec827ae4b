package io.hyperblock.brick.grpc;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.stub.ServerCallStreamObserver;
import io.hyperblock.brick.metrics.BrickMetrics;
import io.hyperblock.brick.metrics.BrickOp;
import io.hyperblock.brick.store.ShardKey;
import io.hyperblock.brick.store.ShardStore;
import java.nio.ByteBuffer;

/**
 * Streams a shard range in pieces of {@link #PIECE_BYTES}, honouring gRPC flow control: a piece is
 * read from the store only when the transport is ready for it, so a slow rebuild target never makes
 * the brick buffer a whole 128 MiB chunk in memory.
 *
 * <p>gRPC runs the ready and cancel handlers serially for one call, so no locking is needed.
 */
final class ShardStreamer {
  /** One piece per message: large enough for throughput, small enough for a tight heap. */
  static final int PIECE_BYTES = 1 << 20;

  private final ShardStore store;
  private final BrickMetrics metrics;
  private final ShardKey key;
  private final long end;
  private final long generation;
  private final ServerCallStreamObserver<io.hyperblock.protocol.v1.ShardPiece> out;
  private final long startNanos;
  private long next;
  private long sent;
  private boolean done;

  ShardStreamer(
      ShardStore store,
      BrickMetrics metrics,
      ShardKey key,
      long offset,
      long length,
      long generation,
      ServerCallStreamObserver<io.hyperblock.protocol.v1.ShardPiece> out,
      long startNanos) {
    this.store = store;
    this.metrics = metrics;
    this.key = key;
    this.next = offset;
    this.end = offset + length;
    this.generation = generation;
    this.out = out;
    this.startNanos = startNanos;
  }

  /** Registers the handlers; gRPC calls the ready handler once the call can take messages. */
  void install() {
    out.setOnCancelHandler(
        () -> {
          if (!done) {
            done = true;
            metrics.record(BrickOp.STREAM_SHARD, "CANCELLED", sent, System.nanoTime() - startNanos);
          }
        });
    out.setOnReadyHandler(this::drain);
  }

  private void drain() {
    try {
      while (!done && next < end && out.isReady()) {
        int n = (int) Math.min(PIECE_BYTES, end - next);
        byte[] bytes = new byte[n];
        store.read(key, next, n, ByteBuffer.wrap(bytes));
        out.onNext(
            io.hyperblock.protocol.v1.ShardPiece.newBuilder()
                .setOffset(next)
                .setData(UnsafeByteOperations.unsafeWrap(bytes))
                .setGeneration(generation)
                .build());
        next += n;
        sent += n;
      }
      if (!done && next >= end) {
        done = true;
        out.onCompleted();
        metrics.record(BrickOp.STREAM_SHARD, "OK", sent, System.nanoTime() - startNanos);
      }
    } catch (RuntimeException e) {
      if (!done) {
        done = true;
        var status = StatusMapping.toStatus(e);
        metrics.record(
            BrickOp.STREAM_SHARD,
            status.getStatus().getCode().name(),
            sent,
            System.nanoTime() - startNanos);
        out.onError(status);
      }
    }
  }
}
