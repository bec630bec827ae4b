package io.hyperblock.client.it;

import io.hyperblock.client.VolumeClient;
import io.hyperblock.client.VolumeClientConfig;
import io.hyperblock.client.brick.RowMeta;
import io.hyperblock.client.brick.UnitRef;
import io.hyperblock.client.grpc.GrpcBrickConnector;
import io.hyperblock.client.grpc.GrpcMetadataClient;
import io.hyperblock.client.metadata.Placement;
import io.hyperblock.client.metadata.VolumeInfo;
import io.hyperblock.client.scenarios.ClusterFactory;
import io.hyperblock.client.testing.Placements;
import io.hyperblock.client.testing.TestCluster;
import io.hyperblock.core.placement.PlacementMap;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Brick processes ({@link BrickProcess}: {@code BrickMain} JVMs) shared by the volumes of one test
 * class, plus a gRPC management-server double, reached through the production transports. Each
 * {@link #create volume} uses the first {@code unitsPerStripe} bricks, starting missing ones and
 * restarting dead ones first, all in parallel. {@link TestCluster#kill} is {@code kill -9}; {@link
 * TestCluster#revive} starts the brick again on its data directory (same id, journals replayed, a
 * new port) and serves a newer placement map with the new address.
 */
final class ProcessCluster implements ClusterFactory, AutoCloseable {

  private final Path dir;
  private final TestMetadataServer mgmt = new TestMetadataServer();
  private final GrpcMetadataClient metadata = GrpcMetadataClient.connect(mgmt.address());
  // Generous: on a loaded 2-core machine a live brick can take seconds to answer, and a deadline
  // that fires marks its unit stale, which the model's failure budget does not count.
  private final GrpcBrickConnector connector = new GrpcBrickConnector(Duration.ofSeconds(30));
  private final List<BrickProcess> bricks = new ArrayList<>();
  private final List<UUID> ids = new ArrayList<>();
  private int starts;

  ProcessCluster(Path dir) {
    this.dir = dir;
  }

  /** Brick JVMs started so far, restarts included. */
  synchronized int starts() {
    return starts;
  }

  @Override
  public TestCluster create(ProtectionPolicy policy, long size, long chunk, int unit) {
    int n = policy.unitsPerStripe();
    List<Integer> wanted = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (i >= bricks.size() || !bricks.get(i).process.isAlive()) {
        wanted.add(i);
      }
    }
    startAll(wanted);
    VolumeInfo volume = new VolumeInfo(UUID.randomUUID(), "vol-proc", size, chunk, policy, unit);
    Volume v = new Volume(volume, List.copyOf(ids.subList(0, n)));
    v.serve();
    return v;
  }

  /** Starts (or restarts) the bricks at {@code slots} in parallel: each JVM waits on its own. */
  private void startAll(List<Integer> slots) {
    if (slots.isEmpty()) {
      return;
    }
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<BrickProcess>> started = new ArrayList<>();
      for (int i : slots) {
        Path d = dir.resolve("brick-" + i);
        started.add(ex.submit(() -> BrickProcess.spawn(d, mgmt.address())));
      }
      for (int j = 0; j < slots.size(); j++) {
        install(slots.get(j), started.get(j).get());
      }
    } catch (ExecutionException e) {
      throw new AssertionError("a brick did not start", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted starting bricks", e);
    }
    connector.resetBackoff();
  }

  private synchronized void install(int slot, BrickProcess b) {
    starts++;
    if (slot < bricks.size()) {
      if (!b.id.equals(ids.get(slot))) {
        b.process.destroyForcibly();
        throw new AssertionError(
            "brick " + slot + " came back as " + b.id + ", not " + ids.get(slot));
      }
      bricks.set(slot, b);
    } else {
      bricks.add(b);
      ids.add(b.id);
    }
  }

  private synchronized String address(UUID id) {
    return bricks.get(ids.indexOf(id)).address();
  }

  @Override
  public void close() {
    metadata.close();
    connector.close();
    mgmt.close();
    bricks.forEach(b -> b.process.destroyForcibly());
  }

  /** One volume on the first {@code members.size()} bricks. Closing it leaves the bricks up. */
  private final class Volume implements TestCluster {
    private final VolumeInfo volume;
    private final List<UUID> members;
    private long version;
    private Placement placement;

    Volume(VolumeInfo volume, List<UUID> members) {
      this.volume = volume;
      this.members = members;
    }

    /** Serves the next placement version with the bricks' current addresses. */
    private synchronized void serve() {
      Map<UUID, String> addresses = new HashMap<>();
      members.forEach(id -> addresses.put(id, address(id)));
      Placement p = Placements.rotated(volume, members, addresses);
      placement =
          new Placement(new PlacementMap(volume.id(), ++version, p.map().groups()), addresses);
      mgmt.serve(volume, placement);
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
      return members.size();
    }

    @Override
    public int brickOf(long stripe, int unit) {
      return Placements.holder(placement, members, stripe, unit);
    }

    private BrickProcess brick(int i) {
      synchronized (ProcessCluster.this) {
        return bricks.get(i);
      }
    }

    @Override
    public void kill(int i) {
      try {
        brick(i).kill9();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted killing brick " + i, e);
      }
    }

    /** Safe to call for several bricks at once (each start waits on its own JVM). */
    @Override
    public void revive(int i) {
      if (brick(i).process.isAlive()) {
        return;
      }
      startAll(List.of(i));
      serve();
    }

    @Override
    public boolean isDown(int i) {
      return !brick(i).process.isAlive();
    }

    // Corruption and write-hole scenarios inspect bricks directly: they run over LocalCluster.
    @Override
    public void corruptBlock(int i, long stripe, int shard, long shardOffset) {
      throw new UnsupportedOperationException("corruptBlock: use LocalCluster");
    }

    @Override
    public CompletableFuture<ByteBuffer> readShard(
        int i, long stripe, int shard, long offset, int length) {
      throw new UnsupportedOperationException("readShard: use LocalCluster");
    }

    @Override
    public RowMeta meta(int i, UnitRef unit) {
      throw new UnsupportedOperationException("meta: use LocalCluster");
    }

    @Override
    public void close() {
      // the bricks serve the next volume; ProcessCluster.close stops them
    }
  }
}
