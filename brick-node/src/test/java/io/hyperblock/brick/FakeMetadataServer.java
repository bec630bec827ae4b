package io.hyperblock.brick;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.hyperblock.protocol.v1.BrickState;
import io.hyperblock.protocol.v1.ClusterInfo;
import io.hyperblock.protocol.v1.GetClusterInfoRequest;
import io.hyperblock.protocol.v1.HeartbeatRequest;
import io.hyperblock.protocol.v1.HeartbeatResponse;
import io.hyperblock.protocol.v1.MetadataServiceGrpc;
import io.hyperblock.protocol.v1.RegisterBrickRequest;
import io.hyperblock.protocol.v1.RegisterBrickResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real gRPC MetadataService on 127.0.0.1 that serves one cluster id, hands out brick ids and
 * records every registration and heartbeat. Enough of the management server for brick tests.
 */
final class FakeMetadataServer implements AutoCloseable {
  final UUID clusterId;
  final List<RegisterBrickRequest> registrations = new CopyOnWriteArrayList<>();
  final List<HeartbeatRequest> heartbeats = new CopyOnWriteArrayList<>();
  private final Set<String> knownBricks = ConcurrentHashMap.newKeySet();
  private final long heartbeatIntervalMs;
  private final Server server;

  /**
   * @param port 0 for an ephemeral port, or a port to reuse after a restart
   */
  FakeMetadataServer(UUID clusterId, long heartbeatIntervalMs, int port) throws IOException {
    this.clusterId = clusterId;
    this.heartbeatIntervalMs = heartbeatIntervalMs;
    this.server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
            .addService(new Service())
            .build()
            .start();
  }

  String address() {
    return "127.0.0.1:" + server.getPort();
  }

  int port() {
    return server.getPort();
  }

  long heartbeatsFrom(UUID brickId) {
    return heartbeats.stream().filter(h -> h.getBrickId().equals(brickId.toString())).count();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Service extends MetadataServiceGrpc.MetadataServiceImplBase {
    @Override
    public void getClusterInfo(GetClusterInfoRequest r, StreamObserver<ClusterInfo> out) {
      out.onNext(ClusterInfo.newBuilder().setClusterId(clusterId.toString()).build());
      out.onCompleted();
    }

    @Override
    public void registerBrick(RegisterBrickRequest r, StreamObserver<RegisterBrickResponse> out) {
      registrations.add(r);
      if (!r.getClusterId().isEmpty() && !r.getClusterId().equals(clusterId.toString())) {
        out.onError(
            Status.FAILED_PRECONDITION
                .withDescription("brick belongs to cluster " + r.getClusterId())
                .asRuntimeException());
        return;
      }
      String id = r.getBrickId().isEmpty() ? UUID.randomUUID().toString() : r.getBrickId();
      knownBricks.add(id);
      out.onNext(
          RegisterBrickResponse.newBuilder()
              .setBrickId(id)
              .setClusterId(clusterId.toString())
              .setHeartbeatIntervalMs(heartbeatIntervalMs)
              .build());
      out.onCompleted();
    }

    @Override
    public void heartbeat(HeartbeatRequest r, StreamObserver<HeartbeatResponse> out) {
      if (!knownBricks.contains(r.getBrickId())) {
        out.onError(Status.NOT_FOUND.withDescription("unknown brick").asRuntimeException());
        return;
      }
      heartbeats.add(r);
      out.onNext(
          HeartbeatResponse.newBuilder()
              .setState(BrickState.BRICK_STATE_UP)
              .setHeartbeatIntervalMs(heartbeatIntervalMs)
              .build());
      out.onCompleted();
    }
  }
}
