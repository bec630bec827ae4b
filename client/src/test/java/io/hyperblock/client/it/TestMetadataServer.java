package io.hyperblock.client.it;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.hyperblock.client.metadata.Placement;
import io.hyperblock.client.metadata.VolumeInfo;
import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.protocol.v1.AttachVolumeRequest;
import io.hyperblock.protocol.v1.AttachVolumeResponse;
import io.hyperblock.protocol.v1.BrickAddress;
import io.hyperblock.protocol.v1.BrickServiceGrpc;
import io.hyperblock.protocol.v1.ChunkLocation;
import io.hyperblock.protocol.v1.DetachVolumeRequest;
import io.hyperblock.protocol.v1.DetachVolumeResponse;
import io.hyperblock.protocol.v1.ErasureCodedPolicy;
import io.hyperblock.protocol.v1.GetPlacementMapRequest;
import io.hyperblock.protocol.v1.GetPlacementMapResponse;
import io.hyperblock.protocol.v1.MetadataServiceGrpc;
import io.hyperblock.protocol.v1.ObserveEpochRequest;
import io.hyperblock.protocol.v1.PlacementMap;
import io.hyperblock.protocol.v1.ReplicatedPolicy;
import io.hyperblock.protocol.v1.ReportReplicaFailureRequest;
import io.hyperblock.protocol.v1.ReportReplicaFailureResponse;
import io.hyperblock.protocol.v1.Volume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real gRPC MetadataService on 127.0.0.1 serving one volume: attach bumps the epoch and pushes it
 * to every reachable brick (ObserveEpoch) before answering, as the management server does; failure
 * reports are recorded. A test double until the appliance server is wired in.
 */
final class TestMetadataServer implements AutoCloseable {

  final List<ReportReplicaFailureRequest> reports = new CopyOnWriteArrayList<>();
  private final String clusterId = UUID.randomUUID().toString();
  private volatile VolumeInfo volume;
  private volatile Placement placement;
  private final AtomicLong epoch = new AtomicLong();
  private final Map<String, ManagedChannel> bricks = new ConcurrentHashMap<>();
  private final Server server;

  TestMetadataServer(VolumeInfo volume, Placement placement) {
    this();
    serve(volume, placement);
  }

  /** A server with no volume yet: bricks can register first (their ids make the placement). */
  TestMetadataServer() {
    try {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
              .addService(new Service())
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Serves {@code volume} with {@code placement} from now on (a newer map after a move). */
  void serve(VolumeInfo volume, Placement placement) {
    this.volume = volume;
    this.placement = placement;
  }

  String address() {
    return "127.0.0.1:" + server.getPort();
  }

  private Volume volumeProto(long attachEpoch) {
    Volume.Builder b =
        Volume.newBuilder()
            .setId(volume.id().toString())
            .setName(volume.name())
            .setSizeBytes(volume.sizeBytes())
            .setChunkSizeBytes(volume.chunkSize())
            .setAttachEpoch(attachEpoch);
    switch (volume.policy()) {
      case Replicated r ->
          b.setReplicated(
              ReplicatedPolicy.newBuilder()
                  .setCopies(r.copies())
                  .setWriteQuorum(r.writeQuorum())
                  .setReadQuorum(r.readQuorum()));
      case ErasureCoded ec ->
          b.setErasureCoded(
              ErasureCodedPolicy.newBuilder()
                  .setDataUnits(ec.dataUnits())
                  .setParityUnits(ec.parityUnits())
                  .setStripeUnitBytes(volume.stripeUnit()));
    }
    return b.build();
  }

  private PlacementMap mapProto() {
    PlacementMap.Builder m =
        PlacementMap.newBuilder()
            .setVolumeId(volume.id().toString())
            .setVersion(placement.map().version());
    for (ChunkGroup g : placement.map().groups()) {
      io.hyperblock.protocol.v1.ChunkGroup.Builder gb =
          io.hyperblock.protocol.v1.ChunkGroup.newBuilder().setStripeIndex(g.stripeIndex());
      for (int i = 0; i < g.locations().size(); i++) {
        gb.addLocations(
            ChunkLocation.newBuilder()
                .setChunkId(i)
                .addAllBrickIds(
                    g.locations().get(i).brickIds().stream().map(UUID::toString).toList()));
      }
      m.addGroups(gb);
    }
    return m.build();
  }

  private List<BrickAddress> addresses() {
    return placement.brickAddresses().entrySet().stream()
        .map(
            e ->
                BrickAddress.newBuilder()
                    .setBrickId(e.getKey().toString())
                    .setAddress(e.getValue())
                    .build())
        .toList();
  }

  private void pushEpoch(long e) {
    for (String address : placement.brickAddresses().values()) {
      ManagedChannel ch =
          bricks.computeIfAbsent(
              address, a -> NettyChannelBuilder.forTarget(a).usePlaintext().build());
      try {
        BrickServiceGrpc.newBlockingStub(ch)
            .withDeadlineAfter(2, TimeUnit.SECONDS)
            .observeEpoch(
                ObserveEpochRequest.newBuilder()
                    .setVolumeId(volume.id().toString())
                    .setEpoch(e)
                    .build());
      } catch (RuntimeException down) {
        // a dead brick learns the epoch when it returns (the real server pushes it then)
      }
    }
  }

  private final class Service extends MetadataServiceGrpc.MetadataServiceImplBase {
    @Override
    public void attachVolume(AttachVolumeRequest r, StreamObserver<AttachVolumeResponse> out) {
      long e = epoch.incrementAndGet();
      pushEpoch(e);
      out.onNext(
          AttachVolumeResponse.newBuilder()
              .setVolume(volumeProto(e))
              .setEpoch(e)
              .setPlacementMap(mapProto())
              .addAllBricks(addresses())
              .build());
      out.onCompleted();
    }

    @Override
    public void registerBrick(
        io.hyperblock.protocol.v1.RegisterBrickRequest r,
        StreamObserver<io.hyperblock.protocol.v1.RegisterBrickResponse> out) {
      String id = r.getBrickId().isEmpty() ? UUID.randomUUID().toString() : r.getBrickId();
      out.onNext(
          io.hyperblock.protocol.v1.RegisterBrickResponse.newBuilder()
              .setBrickId(id)
              .setClusterId(clusterId)
              .setHeartbeatIntervalMs(200)
              .build());
      out.onCompleted();
    }

    @Override
    public void heartbeat(
        io.hyperblock.protocol.v1.HeartbeatRequest r,
        StreamObserver<io.hyperblock.protocol.v1.HeartbeatResponse> out) {
      out.onNext(
          io.hyperblock.protocol.v1.HeartbeatResponse.newBuilder()
              .setState(io.hyperblock.protocol.v1.BrickState.BRICK_STATE_UP)
              .setHeartbeatIntervalMs(200)
              .build());
      out.onCompleted();
    }

    @Override
    public void getPlacementMap(
        GetPlacementMapRequest r, StreamObserver<GetPlacementMapResponse> out) {
      out.onNext(
          GetPlacementMapResponse.newBuilder()
              .setPlacementMap(mapProto())
              .addAllBricks(addresses())
              .build());
      out.onCompleted();
    }

    @Override
    public void detachVolume(DetachVolumeRequest r, StreamObserver<DetachVolumeResponse> out) {
      out.onNext(DetachVolumeResponse.getDefaultInstance());
      out.onCompleted();
    }

    @Override
    public void reportReplicaFailure(
        ReportReplicaFailureRequest r, StreamObserver<ReportReplicaFailureResponse> out) {
      reports.add(r);
      out.onNext(ReportReplicaFailureResponse.getDefaultInstance());
      out.onCompleted();
    }
  }

  @Override
  public void close() {
    server.shutdownNow();
    bricks.values().forEach(ManagedChannel::shutdownNow);
  }
}
