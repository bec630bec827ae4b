package io.hyperblock.brick.scrub;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.hyperblock.brick.grpc.BrickGrpcService;
import io.hyperblock.brick.metrics.BrickMetrics;
import io.hyperblock.brick.metrics.CapacitySnapshot;
import io.hyperblock.brick.store.ExtentShardStore;
import io.hyperblock.brick.store.ShardStore;
import io.hyperblock.brick.store.StoreConfig;
import io.hyperblock.core.units.DataSize;
import io.hyperblock.protocol.v1.BrickAddress;
import io.hyperblock.protocol.v1.BrickState;
import io.hyperblock.protocol.v1.ChunkGroup;
import io.hyperblock.protocol.v1.ChunkLocation;
import io.hyperblock.protocol.v1.GetPlacementMapRequest;
import io.hyperblock.protocol.v1.GetPlacementMapResponse;
import io.hyperblock.protocol.v1.MetadataServiceGrpc;
import io.hyperblock.protocol.v1.PlacementMap;
import io.hyperblock.protocol.v1.ReportReplicaFailureRequest;
import io.hyperblock.protocol.v1.ReportReplicaFailureResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Three bricks (real stores on disk, real BrickService on 127.0.0.1 ephemeral ports) holding one
 * volume, and a MetadataService that serves its placement map: stripe 0 replicated on all three,
 * stripe 1 erasure-coded 2+1 (shard i on brick i). Failure reports are recorded.
 */
final class ScrubCluster implements AutoCloseable {
  final UUID volume = UUID.randomUUID();
  final List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
  final List<ShardStore> stores = new ArrayList<>();
  final List<ReportReplicaFailureRequest> reports = new CopyOnWriteArrayList<>();
  private final List<Server> servers = new ArrayList<>();
  private final List<BrickMetrics> metrics = new ArrayList<>();
  private final Server metadata;
  final ManagedChannel metadataChannel;

  ScrubCluster(Path dir) throws IOException {
    for (int i = 0; i < 3; i++) {
      ShardStore store =
          ExtentShardStore.open(
              StoreConfig.defaults(dir.resolve("brick-" + i), DataSize.parse("256MiB")));
      stores.add(store);
      BrickMetrics m = new BrickMetrics(() -> new CapacitySnapshot(0, 0, 0, 0));
      metrics.add(m);
      servers.add(
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
              .addService(new BrickGrpcService(store, m, Optional::empty))
              .build()
              .start());
    }
    metadata =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(new Metadata())
            .build()
            .start();
    metadataChannel =
        NettyChannelBuilder.forTarget("127.0.0.1:" + metadata.getPort()).usePlaintext().build();
  }

  Path extentFile(Path dir, int brick, long stripe, int shard) {
    return dir.resolve("brick-" + brick)
        .resolve("shards")
        .resolve(volume.toString())
        .resolve(stripe + "-" + shard + ".ext");
  }

  private final class Metadata extends MetadataServiceGrpc.MetadataServiceImplBase {
    @Override
    public void getPlacementMap(
        GetPlacementMapRequest r, StreamObserver<GetPlacementMapResponse> out) {
      var replicated =
          ChunkGroup.newBuilder()
              .setStripeIndex(0)
              .addLocations(
                  ChunkLocation.newBuilder()
                      .setChunkId(0)
                      .addAllBrickIds(ids.stream().map(UUID::toString).toList()));
      var ec = ChunkGroup.newBuilder().setStripeIndex(1);
      for (int i = 0; i < 3; i++) {
        ec.addLocations(
            ChunkLocation.newBuilder().setChunkId(i).addBrickIds(ids.get(i).toString()));
      }
      var response =
          GetPlacementMapResponse.newBuilder()
              .setPlacementMap(
                  PlacementMap.newBuilder()
                      .setVolumeId(volume.toString())
                      .setVersion(1)
                      .addGroups(replicated)
                      .addGroups(ec));
      for (int i = 0; i < 3; i++) {
        response.addBricks(
            BrickAddress.newBuilder()
                .setBrickId(ids.get(i).toString())
                .setAddress("127.0.0.1:" + servers.get(i).getPort())
                .setState(BrickState.BRICK_STATE_UP));
      }
      out.onNext(response.build());
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
  public void close() throws InterruptedException {
    metadataChannel.shutdownNow();
    metadata.shutdownNow();
    for (Server s : servers) {
      s.shutdownNow();
      s.awaitTermination(5, TimeUnit.SECONDS);
    }
    stores.forEach(ShardStore::close);
    metrics.forEach(BrickMetrics::close);
  }
}
