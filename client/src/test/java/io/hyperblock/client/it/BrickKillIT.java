package io.hyperblock.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.client.VolumeClient;
import io.hyperblock.client.VolumeClientConfig;
import io.hyperblock.client.grpc.GrpcBrickConnector;
import io.hyperblock.client.grpc.GrpcMetadataClient;
import io.hyperblock.client.metadata.Placement;
import io.hyperblock.client.metadata.VolumeInfo;
import io.hyperblock.client.testing.Placements;
import io.hyperblock.core.protection.ErasureCoded;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An EC 4+2 volume on six brick processes ({@code BrickMain}): two bricks are killed with {@code
 * kill -9} while writes are in flight, the volume keeps serving exact bytes degraded, the bricks
 * come back (journals replayed), recovery repairs the rows they missed, and then two other bricks
 * die: every byte still equals the model.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class BrickKillIT {

  private static final long SIZE = 4 << 20;

  @TempDir Path dir;

  @Test
  void ecVolumeSurvivesKillDashNineMidWriteAndRepairsTheReturningBricks() throws Exception {
    Random rnd = new Random(5);
    byte[] model = new byte[(int) SIZE];
    List<BrickProcess> bricks = new ArrayList<>();
    try (TestMetadataServer mgmt = new TestMetadataServer();
        GrpcMetadataClient metadata = GrpcMetadataClient.connect(mgmt.address());
        GrpcBrickConnector connector = new GrpcBrickConnector(Duration.ofSeconds(5))) {
      List<CompletableFuture<BrickProcess>> starting = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        Path d = dir.resolve("brick-" + i);
        starting.add(CompletableFuture.supplyAsync(() -> spawn(d, mgmt.address())));
      }
      starting.forEach(f -> bricks.add(f.join()));
      VolumeInfo volume =
          new VolumeInfo(UUID.randomUUID(), "ec-kill", SIZE, 1 << 20, ErasureCoded.EC_4_2, 4096);
      List<UUID> ids = bricks.stream().map(b -> b.id).toList();
      mgmt.serve(volume, placement(volume, bricks, 1));

      VolumeClient client =
          VolumeClient.open(
              volume.name(),
              VolumeClientConfig.defaults("it").withPlacementRefresh(Duration.ZERO),
              metadata,
              connector);
      writeBatches(client, rnd, model, 6, () -> {});
      writeBatches(client, rnd, model, 6, () -> kill(bricks.get(1))); // dies mid-batch
      writeBatches(client, rnd, model, 6, () -> kill(bricks.get(4)));
      assertThat(read(client)).isEqualTo(model);
      client.flush().join();

      for (int i : new int[] {1, 4}) {
        bricks.set(i, spawn(dir.resolve("brick-" + i), mgmt.address()));
        assertThat(bricks.get(i).id).isEqualTo(ids.get(i));
      }
      mgmt.serve(volume, placement(volume, bricks, 2)); // the returning bricks have new ports
      client.refreshPlacement().join();
      var report = client.repair().join();
      assertThat(report.rowsUnresolved()).isZero();
      assertThat(report.unitsRepaired()).isPositive();

      kill(bricks.get(0));
      kill(bricks.get(3));
      assertThat(read(client)).isEqualTo(model);
      client.close();
    } finally {
      for (BrickProcess b : bricks) {
        b.process.destroyForcibly();
      }
    }
  }

  private static Placement placement(VolumeInfo v, List<BrickProcess> bricks, long version) {
    Map<UUID, String> addresses = new HashMap<>();
    bricks.forEach(b -> addresses.put(b.id, b.address()));
    Placement p = Placements.rotated(v, bricks.stream().map(b -> b.id).toList(), addresses);
    return new Placement(
        new io.hyperblock.core.placement.PlacementMap(v.id(), version, p.map().groups()),
        addresses);
  }

  private static BrickProcess spawn(Path d, String server) {
    try {
      return BrickProcess.spawn(d, server);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void kill(BrickProcess b) {
    try {
      b.kill9();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Batches of 16 concurrent non-overlapping random writes; {@code midway} runs during batch 3. */
  private static void writeBatches(
      VolumeClient c, Random rnd, byte[] model, int batches, Runnable midway) {
    for (int b = 0; b < batches; b++) {
      List<CompletableFuture<Void>> writes = new ArrayList<>();
      List<long[]> used = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        int len = 1 + rnd.nextInt(20000);
        long off = (long) (rnd.nextDouble() * (SIZE - len));
        if (used.stream().anyMatch(r -> off < r[0] + r[1] && r[0] < off + len)) {
          continue;
        }
        used.add(new long[] {off, len});
        byte[] data = new byte[len];
        rnd.nextBytes(data);
        System.arraycopy(data, 0, model, (int) off, len);
        writes.add(c.write(off, ByteBuffer.wrap(data)));
      }
      if (b == 2) {
        midway.run(); // while this batch's writes are in flight
      }
      writes.forEach(CompletableFuture::join);
    }
  }

  private static byte[] read(VolumeClient c) {
    ByteBuffer all = ByteBuffer.allocate((int) SIZE);
    c.read(0, all).join();
    return all.array();
  }
}
