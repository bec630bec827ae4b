package io.hyperblock.systest;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.hyperblock.protocol.v1.BrickServiceGrpc;
import io.hyperblock.protocol.v1.FlushRequest;
import io.hyperblock.protocol.v1.ReadShardRequest;
import io.hyperblock.protocol.v1.WriteShardRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Shard I/O against one brick over its BrickService (hyperblock.v1, brick.proto), as a volume
 * client does it. Calls throw {@link io.grpc.StatusRuntimeException} with the brick's status.
 */
final class BrickClient implements AutoCloseable {

  private static final Duration DEADLINE = Duration.ofSeconds(15);

  private final ManagedChannel channel;
  private final BrickServiceGrpc.BrickServiceBlockingStub stub;

  BrickClient(ManagedChannel channel) {
    this.channel = channel;
    this.stub = BrickServiceGrpc.newBlockingStub(channel);
  }

  /** Writes {@code data} at {@code offset} of the shard under fencing epoch {@code epoch}. */
  long write(String volumeId, long stripe, int shard, long offset, byte[] data, long epoch) {
    return write(volumeId, stripe, shard, offset, data, epoch, 0);
  }

  /** As above, by a placement map of version {@code placementVersion} (ADR 0009). */
  long write(
      String volumeId,
      long stripe,
      int shard,
      long offset,
      byte[] data,
      long epoch,
      long placementVersion) {
    WriteShardRequest request =
        WriteShardRequest.newBuilder()
            .setVolumeId(volumeId)
            .setStripeIndex(stripe)
            .setShardIndex(shard)
            .setOffset(offset)
            .setData(ByteString.copyFrom(data))
            .setEpoch(epoch)
            .setPlacementVersion(placementVersion)
            .build();
    return stubWithDeadline().writeShard(request).getBytesWritten();
  }

  /**
   * As {@link #write(String, long, int, long, byte[], long, long)}, retried for up to 30 s while
   * the brick refuses it because the stripe is frozen for a unit move or resync (ADR 0009: what a
   * volume client does too). Any other error is thrown at once.
   */
  long writeWhenSettled(
      String volumeId,
      long stripe,
      int shard,
      long offset,
      byte[] data,
      long epoch,
      long placementVersion)
      throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        return write(volumeId, stripe, shard, offset, data, epoch, placementVersion);
      } catch (io.grpc.StatusRuntimeException e) {
        io.grpc.Metadata trailers = e.getTrailers();
        String why =
            trailers == null
                ? null
                : trailers.get(
                    io.grpc.Metadata.Key.of(
                        "hyperblock-error", io.grpc.Metadata.ASCII_STRING_MARSHALLER));
        if (!"PLACEMENT_CHANGED".equals(why) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100); // the freeze lasts a resync or a commit: poll until the deadline
      }
    }
  }

  /** Makes every acknowledged write on the brick durable. */
  void flush(String volumeId) {
    stubWithDeadline().flush(FlushRequest.newBuilder().setVolumeId(volumeId).build());
  }

  byte[] read(String volumeId, long stripe, int shard, long offset, int length) {
    ReadShardRequest request =
        ReadShardRequest.newBuilder()
            .setVolumeId(volumeId)
            .setStripeIndex(stripe)
            .setShardIndex(shard)
            .setOffset(offset)
            .setLength(length)
            .build();
    return stubWithDeadline().readShard(request).getData().toByteArray();
  }

  private BrickServiceGrpc.BrickServiceBlockingStub stubWithDeadline() {
    return stub.withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
