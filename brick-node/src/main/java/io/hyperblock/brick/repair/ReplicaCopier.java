package io.hyperblock.brick.repair;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hyperblock.brick.store.ShardKey;
import io.hyperblock.brick.store.ShardStore;
import io.hyperblock.protocol.v1.BrickServiceGrpc;
import io.hyperblock.protocol.v1.ShardPiece;
import io.hyperblock.protocol.v1.StreamShardRequest;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * Copies a replica from the first source that streams it completely ({@code StreamShard}, 1 MiB
 * pieces under gRPC flow control). All-zero pieces are trimmed instead of written, so a sparse
 * replica stays sparse. The copy is flushed before it counts as done.
 */
final class ReplicaCopier {

  /** Deadline of one source stream: generous, since the token bucket may slow it on purpose. */
  private static final long STREAM_DEADLINE_MINUTES = 60;

  private final ShardStore store;
  private final SourceChannels channels;

  ReplicaCopier(ShardStore store, SourceChannels channels) {
    this.store = store;
    this.channels = channels;
  }

  /**
   * @return bytes written
   * @throws StatusRuntimeException UNAVAILABLE naming every source's failure, if none could stream
   */
  long copy(RebuildSpec spec, TokenBucket bucket, Progress progress) throws InterruptedException {
    ShardKey key = new ShardKey(spec.volumeId(), spec.stripeIndex(), spec.shardIndex());
    StringBuilder failures = new StringBuilder();
    for (RebuildSpec.Source source : spec.sources()) {
      try {
        long written = copyFrom(source, key, spec, bucket, progress);
        store.flush();
        return written;
      } catch (StatusRuntimeException e) {
        failures.append(source.brickId()).append('@').append(source.address());
        failures.append(": ").append(e.getStatus()).append("; ");
      }
    }
    throw Status.UNAVAILABLE
        .withDescription(
            "no source could stream "
                + key
                + " ("
                + failures
                + "); the server retries the task with other sources")
        .asRuntimeException();
  }

  private long copyFrom(
      RebuildSpec.Source source,
      ShardKey key,
      RebuildSpec spec,
      TokenBucket bucket,
      Progress progress)
      throws InterruptedException {
    Iterator<ShardPiece> pieces =
        BrickServiceGrpc.newBlockingStub(channels.get(source.address()))
            .withDeadlineAfter(STREAM_DEADLINE_MINUTES, TimeUnit.MINUTES)
            .streamShard(
                StreamShardRequest.newBuilder()
                    .setVolumeId(spec.volumeId().toString())
                    .setStripeIndex(spec.stripeIndex())
                    .setShardIndex(source.shardIndex())
                    .setOffset(0)
                    .setLength(spec.unitBytes())
                    .build());
    long done = 0;
    long written = 0;
    while (pieces.hasNext()) {
      ShardPiece piece = pieces.next();
      ByteBuffer data = piece.getData().asReadOnlyByteBuffer();
      int n = data.remaining();
      bucket.acquire(n);
      if (allZero(data)) {
        store.trim(key, piece.getOffset(), n, spec.epoch());
      } else {
        store.write(key, piece.getOffset(), data, spec.epoch(), piece.getGeneration());
        written += n;
      }
      done = piece.getOffset() + n;
      progress.advance(done, written);
    }
    if (done < spec.unitBytes()) {
      throw Status.UNAVAILABLE
          .withDescription("stream ended at " + done + " of " + spec.unitBytes() + " bytes")
          .asRuntimeException();
    }
    return written;
  }

  static boolean allZero(ByteBuffer b) {
    for (int i = b.position(); i < b.limit(); i++) {
      if (b.get(i) != 0) {
        return false;
      }
    }
    return true;
  }
}
