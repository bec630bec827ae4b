package io.hyperblock.client.grpc;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.hyperblock.client.brick.BrickChannel;
import io.hyperblock.client.session.BrickConnector;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Opens one gRPC channel per brick address (shared by every volume using this connector) and closes
 * them all on {@link #close()}. Channels connect lazily and reconnect by themselves.
 */
public final class GrpcBrickConnector implements BrickConnector, AutoCloseable {

  /** Default per-call deadline: a healthy brick answers in milliseconds, a hung one never. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

  /** Above the bricks' 16 MiB message limit, so the largest reads fit. */
  static final int MAX_INBOUND = 32 << 20;

  private final Duration deadline;
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

  public GrpcBrickConnector() {
    this(DEFAULT_DEADLINE);
  }

  public GrpcBrickConnector(Duration deadline) {
    this.deadline = deadline;
  }

  @Override
  public BrickChannel connect(UUID brickId, String address) {
    ManagedChannel ch =
        channels.computeIfAbsent(
            address,
            a ->
                NettyChannelBuilder.forTarget(a)
                    .usePlaintext()
                    .maxInboundMessageSize(MAX_INBOUND)
                    .build());
    return new GrpcBrickChannel(brickId, ch, deadline);
  }

  /**
   * Makes every channel retry its connection now instead of after its backoff: call when bricks are
   * known to be back (a heartbeat, a placement change), so requests do not fail fast meanwhile.
   */
  public void resetBackoff() {
    channels.values().forEach(ManagedChannel::resetConnectBackoff);
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    for (ManagedChannel ch : channels.values()) {
      try {
        ch.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
