package io.hyperblock.server.grpc;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.hyperblock.protocol.v1.MetadataServiceGrpc;
import io.hyperblock.server.metadata.MemberEndpoint;
import io.hyperblock.server.metadata.MetadataStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Stubs to the current leader's MetadataService, for the calls only the leader may answer
 * (heartbeats: the leader alone runs the health monitor). Channels are cached per address.
 */
final class LeaderChannels implements AutoCloseable {
  private final MetadataStore store;
  private final Duration timeout;
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

  LeaderChannels(MetadataStore store, Duration timeout) {
    this.store = store;
    this.timeout = timeout;
  }

  /** The leader's gRPC address, when the leader is known and has announced itself. */
  Optional<String> leaderAddress() {
    return store
        .leaderId()
        .map(id -> store.state().members().get(id))
        .map(MemberEndpoint::grpcAddress);
  }

  /** A stub to the leader, or empty when this member leads or the leader is unknown. */
  Optional<MetadataServiceGrpc.MetadataServiceBlockingStub> leaderStub() {
    if (store.isLeader()) {
      return Optional.empty();
    }
    return leaderAddress()
        .map(
            a ->
                channels.computeIfAbsent(
                    a, x -> NettyChannelBuilder.forTarget(x).usePlaintext().build()))
        .map(
            ch ->
                MetadataServiceGrpc.newBlockingStub(ch)
                    .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS));
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
  }
}
