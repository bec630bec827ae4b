package io.hyperblock.client.it;

import io.hyperblock.client.VolumeClient;
import io.hyperblock.client.VolumeClientConfig;
import io.hyperblock.client.brick.RowMeta;
import io.hyperblock.client.brick.UnitRef;
import io.hyperblock.client.grpc.GrpcBrickConnector;
import io.hyperblock.client.grpc.GrpcMetadataClient;
import io.hyperblock.client.metadata.Placement;
import io.hyperblock.client.metadata.VolumeInfo;
import io.hyperblock.client.testing.Placements;
import io.hyperblock.client.testing.TestCluster;
import io.hyperblock.core.protection.ProtectionPolicy;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * {@link TestCluster} over real bricks ({@link LocalBrick}: real stores on disk, real gRPC on
 * 127.0.0.1 ephemeral ports) and a gRPC management-server double, reached through the production
 * transports (GrpcMetadataClient, GrpcBrickConnector).
 */
final class LocalCluster implements TestCluster {

  private final VolumeInfo volume;
  private final List<LocalBrick> bricks = new ArrayList<>();
  private final List<UUID> ids = new ArrayList<>();
  private final Placement placement;
  private final TestMetadataServer server;
  private final GrpcMetadataClient metadata;
  // Generous: on a loaded 2-core machine a live brick can take seconds to answer, and a deadline
  // that fires marks its unit stale, which the model's failure budget does not count.
  private final GrpcBrickConnector connector = new GrpcBrickConnector(Duration.ofSeconds(30));

  LocalCluster(ProtectionPolicy policy, long size, long chunk, int unit, Path dir) {
    volume = new VolumeInfo(UUID.randomUUID(), "vol-it", size, chunk, policy, unit);
    Map<UUID, String> addresses = new HashMap<>();
    for (int i = 0; i < policy.unitsPerStripe(); i++) {
      LocalBrick b = new LocalBrick(new UUID(1, i + 1), dir.resolve("brick-" + i));
      bricks.add(b);
      ids.add(b.id);
      addresses.put(b.id, b.address());
    }
    placement = Placements.rotated(volume, ids, addresses);
    server = new TestMetadataServer(volume, placement);
    metadata = GrpcMetadataClient.connect(server.address());
  }

  List<?> reports() {
    return server.reports;
  }

  @Override
  public VolumeInfo volume() {
    return volume;
  }

  @Override
  public VolumeClient open(VolumeClientConfig config) {
    return VolumeClient.open(
        volume.name(), config.withPlacementRefresh(Duration.ZERO), metadata, connector);
  }

  @Override
  public int brickCount() {
    return bricks.size();
  }

  @Override
  public int brickOf(long stripe, int unit) {
    return Placements.holder(placement, ids, stripe, unit);
  }

  @Override
  public void kill(int i) {
    bricks.get(i).kill();
  }

  @Override
  public void revive(int i) {
    bricks.get(i).revive();
    connector.resetBackoff();
  }

  @Override
  public boolean isDown(int i) {
    return bricks.get(i).isDown();
  }

  @Override
  public void corruptBlock(int i, long stripe, int shard, long shardOffset) {
    bricks.get(i).corrupt(volume.id(), stripe, shard, shardOffset);
  }

  @Override
  public CompletableFuture<ByteBuffer> readShard(
      int i, long stripe, int shard, long offset, int length) {
    return connector
        .connect(ids.get(i), bricks.get(i).address())
        .readShard(volume.id(), stripe, shard, offset, length);
  }

  @Override
  public RowMeta meta(int i, UnitRef unit) {
    return connector
        .connect(ids.get(i), bricks.get(i).address())
        .readUnit(unit, 0, 0)
        .join()
        .meta();
  }

  @Override
  public void close() {
    metadata.close();
    connector.close();
    server.close();
    bricks.forEach(LocalBrick::close);
  }
}
