package io.hyperblock.brick.repair;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hyperblock.brick.store.ShardKey;
import io.hyperblock.brick.store.ShardStore;
import io.hyperblock.protocol.v1.BrickServiceGrpc;
import io.hyperblock.protocol.v1.ByteRangeProto;
import io.hyperblock.protocol.v1.ChangedRangesRequest;
import io.hyperblock.protocol.v1.ChangedRangesResponse;
import io.hyperblock.protocol.v1.RepairServiceGrpc;
import io.hyperblock.protocol.v1.ShardPiece;
import io.hyperblock.protocol.v1.StreamShardRequest;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * Copies a replica from the first source that streams it completely ({@code StreamShard}, 1 MiB
 * pieces under gRPC flow control). All-zero pieces are trimmed instead of written, so a sparse
 * replica stays sparse. The copy is flushed before it counts as done.
 *
 * <p>A catch-up ({@code changed_since_millis > 0}) copies only the ranges the source changed since
 * that time, read from the source's change journal ({@code RepairService.ChangedRanges}): the
 * writes a new replica missed while clients still wrote by the previous placement map, or that a
 * returning brick missed while away. A source whose change journal no longer reaches back that far
 * answers {@code OUT_OF_RANGE}; the whole unit is then copied from that source instead.
 */
final class ReplicaCopier {
  private static final System.Logger LOG = System.getLogger(ReplicaCopier.class.getName());

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
    return fromFirstSource(
        spec,
        (source, key) ->
            spec.changedSinceMillis() > 0
                ? catchUpFrom(source, key, spec, spec.changedSinceMillis(), bucket, progress)
                : copyFrom(source, key, spec, bucket, progress, 0, spec.unitBytes()));
  }

  /**
   * Copies only the ranges the first answering source changed at or after {@code sinceMillis}
   * (source clock): the final catch-up of a fenced rebuild (ADR 0009). If the source's change
   * journal no longer reaches back to {@code sinceMillis}, copies the whole unit from it.
   *
   * @return bytes written (of the whole copy, if it came to that)
   * @throws StatusRuntimeException UNAVAILABLE naming every source's failure, if none answered
   */
  long copyChangedSince(RebuildSpec spec, long sinceMillis, TokenBucket bucket, Progress progress)
      throws InterruptedException {
    return fromFirstSource(
        spec, (source, key) -> catchUpFrom(source, key, spec, sinceMillis, bucket, progress));
  }

  private interface Attempt {
    long run(RebuildSpec.Source source, ShardKey key) throws InterruptedException;
  }

  private long fromFirstSource(RebuildSpec spec, Attempt attempt) throws InterruptedException {
    ShardKey key = new ShardKey(spec.volumeId(), spec.stripeIndex(), spec.shardIndex());
    StringBuilder failures = new StringBuilder();
    for (RebuildSpec.Source source : spec.sources()) {
      try {
        long written = attempt.run(source, key);
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
      Progress progress,
      long from,
      long to)
      throws InterruptedException {
    Iterator<ShardPiece> pieces =
        BrickServiceGrpc.newBlockingStub(channels.get(source.address()))
            .withDeadlineAfter(STREAM_DEADLINE_MINUTES, TimeUnit.MINUTES)
            .streamShard(
                StreamShardRequest.newBuilder()
                    .setVolumeId(spec.volumeId().toString())
                    .setStripeIndex(spec.stripeIndex())
                    .setShardIndex(source.shardIndex())
                    .setOffset(from)
                    .setLength(to - from)
                    .build());
    long done = from;
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
    if (done < to) {
      throw Status.UNAVAILABLE
          .withDescription("stream ended at " + done + " of " + to + " bytes")
          .asRuntimeException();
    }
    return written;
  }

  private long catchUpFrom(
      RebuildSpec.Source source,
      ShardKey key,
      RebuildSpec spec,
      long sinceMillis,
      TokenBucket bucket,
      Progress progress)
      throws InterruptedException {
    ChangedRangesResponse changed;
    try {
      changed =
          RepairServiceGrpc.newBlockingStub(channels.get(source.address()))
              .withDeadlineAfter(STREAM_DEADLINE_MINUTES, TimeUnit.MINUTES)
              .changedRanges(
                  ChangedRangesRequest.newBuilder()
                      .setVolumeId(spec.volumeId().toString())
                      .setStripeIndex(spec.stripeIndex())
                      .setShardIndex(source.shardIndex())
                      .setSinceMillis(sinceMillis)
                      .build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.OUT_OF_RANGE) {
        throw e;
      }
      // The source's journal no longer knows what changed since then: copy everything from it.
      LOG.log(
          System.Logger.Level.WARNING,
          "source {0}@{1} no longer knows the changes of {2} since {3} ms ({4}); copying the whole"
              + " unit ({5} bytes) from it for task {6}",
          source.brickId(),
          source.address(),
          key,
          sinceMillis,
          e.getStatus().getDescription(),
          spec.unitBytes(),
          spec.taskId());
      return copyFrom(source, key, spec, bucket, progress, 0, spec.unitBytes());
    }
    long written = 0;
    for (ByteRangeProto r : changed.getRangesList()) {
      long end = Math.min(spec.unitBytes(), r.getOffset() + r.getLength());
      if (r.getOffset() < end) {
        written += copyFrom(source, key, spec, bucket, (d, w) -> {}, r.getOffset(), end);
      }
    }
    progress.advance(spec.unitBytes(), written);
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
