package io.hyperblock.systest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.ManagedChannel;
import io.hyperblock.client.VolumeClient;
import io.hyperblock.client.VolumeClientConfig;
import io.hyperblock.client.grpc.GrpcBrickConnector;
import io.hyperblock.client.grpc.GrpcMetadataClient;
import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.ChunkLocation;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.protocol.v1.BrickServiceGrpc;
import io.hyperblock.protocol.v1.ChunkInfo;
import io.hyperblock.protocol.v1.ListChunksRequest;
import io.hyperblock.protocol.v1.ReadShardRequest;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, "done when" 1: a brick killed with SIGKILL is rebuilt elsewhere. One server and 7 bricks
 * in 7 racks (an EC 4+2 stripe spans 6 bricks, so rebuilding it elsewhere needs a seventh), an R3
 * and an EC 4+2 volume filled with known data through {@link VolumeClient}; kill -9 the brick that
 * holds the most units; both volumes go DEGRADED, are rebuilt on other bricks after the
 * wait-before-replace window and return to HEALTHY; every byte reads back; the killed brick,
 * restarted, registers again and its stale units are reclaimed.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@org.junit.jupiter.api.extension.ExtendWith(PrintLogsOnFailure.class)
class RebuildFaultIT {

  private static final long SIZE = 8L << 20;
  private static final String WAIT_BEFORE_REPLACE = "3s";

  /** What the stale writer writes into each 1 MiB stripe of r3, at this offset in the stripe. */
  private static final int LATE_WRITE = 64 << 10;

  private static final int LATE_OFFSET = 128 << 10;
  private static final Duration HEAL_TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path root;
  private HealingCluster cluster;
  private GrpcMetadataClient metadata;
  private GrpcBrickConnector connector;

  @AfterEach
  void stop() {
    if (connector != null) {
      connector.close();
    }
    if (metadata != null) {
      metadata.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static byte[] data(String volume) {
    return VolumeData.of(volume, SIZE);
  }

  private VolumeClient open(String volume) {
    return VolumeClient.open(
        volume, VolumeClientConfig.defaults("rebuild-it"), metadata, connector);
  }

  private void fill(String volume) {
    VolumeData.fill(open(volume), data(volume));
  }

  private byte[] readAll(String volume) {
    return VolumeData.readAll(open(volume), SIZE);
  }

  private PlacementMap placement(String volume) {
    return VolumeData.placement(cluster.rest(), metadata, volume);
  }

  private String state(String volume) {
    return cluster.rest().get("volumes/" + volume).path("state").asText();
  }

  @Test
  void killedBrickIsRebuiltElsewhereVolumesHealAndItsStaleUnitsAreReclaimedOnReturn()
      throws Exception {
    cluster = new HealingCluster(root, ProcessCluster.racks(7, 1), WAIT_BEFORE_REPLACE).start();
    cluster
        .rest()
        .post(
            "volumes", "{\"name\":\"r3\",\"size\":\"8MiB\",\"chunkSize\":\"1MiB\",\"replicas\":3}");
    cluster
        .rest()
        .post(
            "volumes",
            "{\"name\":\"ec\",\"size\":\"8MiB\",\"chunkSize\":\"1MiB\",\"dataChunks\":4,\"parityChunks\":2}");
    metadata = GrpcMetadataClient.connect(cluster.serverGrpc());
    connector = new GrpcBrickConnector();
    fill("r3");
    fill("ec");

    // A writer that never refreshes its placement map by itself: it writes by the map before the
    // rebuild, is refused by the stripes' bricks (placement floor, ADR 0009), refreshes and
    // writes the new replicas.
    VolumeClient staleWriter =
        VolumeClient.open(
            "r3",
            VolumeClientConfig.defaults("stale-writer").withPlacementRefresh(Duration.ZERO),
            metadata,
            connector);
    String victimId = busiestBrick(List.of(placement("r3"), placement("ec")));
    String victim = cluster.brickName(victimId);
    cluster.killBrick(victim);
    cluster.awaitBrickState(victim, "DOWN");
    assertThat(state("r3")).isEqualTo("DEGRADED");
    assertThat(state("ec")).isEqualTo("DEGRADED");

    for (String v : List.of("r3", "ec")) {
      Await.until("volume " + v + " HEALTHY", HEAL_TIMEOUT, () -> state(v), "HEALTHY"::equals);
      assertThat(bricksOf(placement(v))).as("bricks of %s", v).doesNotContain(victimId);
      assertThat(placement(v).version()).isGreaterThan(1);
    }
    byte[] r3 = data("r3");
    byte[] late = new byte[LATE_WRITE];
    new Random(7).nextBytes(late);
    for (long stripe = 0; stripe < SIZE >> 20; stripe++) {
      long at = (stripe << 20) + LATE_OFFSET;
      staleWriter.write(at, ByteBuffer.wrap(late)).join();
      System.arraycopy(late, 0, r3, (int) at, LATE_WRITE);
    }
    staleWriter.flush().join();
    staleWriter.close();
    Await.until(
        "every rebuild task finished (replicas caught up)",
        HEAL_TIMEOUT,
        () -> cluster.rest().get("rebuilds").path("volumes"),
        vs -> {
          for (JsonNode v : vs) {
            if (v.path("openTasks").asInt() > 0) {
              return false;
            }
          }
          return vs.size() > 0;
        });
    assertEveryReplicaHolds("r3", r3);
    assertThat(readAll("r3")).as("r3 after the rebuild").isEqualTo(r3);
    assertThat(readAll("ec")).as("ec after the rebuild").isEqualTo(data("ec"));

    cluster.startBricks(List.of(victim));
    cluster.awaitBrickState(victim, "UP");
    ManagedChannel ch = cluster.brickChannel(victim);
    try {
      Await.until(
          "stale units on " + victim + " reclaimed",
          HEAL_TIMEOUT,
          () -> heldUnits(ch),
          List::isEmpty);
    } finally {
      ch.shutdownNow();
    }
    // Under load a brick may flap DOWN while chosen as a target: its task is then CANCELLED (with
    // the reason) and the slot re-planned. Every slot of the victim ends with exactly one DONE
    // task.
    JsonNode rebuilds = cluster.rest().get("rebuilds");
    Map<String, Integer> donePerSlot = new HashMap<>();
    for (JsonNode t : rebuilds.path("tasks")) {
      String state = t.path("state").asText();
      assertThat(state).as("%s", t).isIn("DONE", "CANCELLED");
      if (state.equals("CANCELLED")) {
        assertThat(t.path("lastError").asText()).as("%s", t).isNotEmpty();
      } else if (t.path("fromBrick").asText().equals(victimId)) {
        assertThat(t.path("bytesDone").asLong()).isEqualTo(t.path("bytesTotal").asLong());
        String slot = t.path("volume").asText() + "/" + t.path("stripe") + "/" + t.path("slot");
        donePerSlot.merge(slot, 1, Integer::sum);
      }
    }
    assertThat(donePerSlot).isNotEmpty().allSatisfy((slot, n) -> assertThat(n).isEqualTo(1));
    List<String> healed = new ArrayList<>();
    for (JsonNode v : rebuilds.path("volumes")) {
      assertThat(v.path("openTasks").asInt()).as("open tasks of %s", v).isZero();
      healed.add(v.path("volume").asText());
    }
    assertThat(healed).containsExactlyInAnyOrder("r3", "ec");
  }

  /** Reads every replica of every stripe straight from its brick: all must hold {@code bytes}. */
  private void assertEveryReplicaHolds(String volume, byte[] bytes) {
    UUID id = UUID.fromString(cluster.rest().get("volumes/" + volume).path("id").asText());
    var placement = metadata.placement(id).join();
    for (ChunkGroup g : placement.map().groups()) {
      for (UUID brick : g.locations().getFirst().brickIds()) {
        ManagedChannel ch =
            io.grpc.netty.NettyChannelBuilder.forTarget(placement.brickAddresses().get(brick))
                .usePlaintext()
                .maxInboundMessageSize(4 << 20)
                .build();
        try {
          byte[] got =
              BrickServiceGrpc.newBlockingStub(ch)
                  .withDeadlineAfter(10, TimeUnit.SECONDS)
                  .readShard(
                      ReadShardRequest.newBuilder()
                          .setVolumeId(id.toString())
                          .setStripeIndex(g.stripeIndex())
                          .setShardIndex(0)
                          .setLength(1 << 20)
                          .build())
                  .getData()
                  .toByteArray();
          byte[] want = new byte[1 << 20];
          System.arraycopy(bytes, (int) (g.stripeIndex() << 20), want, 0, want.length);
          assertThat(got)
              .as("replica of stripe %d on brick %s", g.stripeIndex(), brick)
              .isEqualTo(want);
        } finally {
          ch.shutdownNow();
        }
      }
    }
  }

  /** Shards the brick still holds bytes of (trimmed ones are listed with size 0). */
  private static List<String> heldUnits(ManagedChannel ch) {
    List<String> held = new ArrayList<>();
    BrickServiceGrpc.newBlockingStub(ch)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .listChunks(ListChunksRequest.getDefaultInstance())
        .forEachRemaining(
            (ChunkInfo c) -> {
              if (c.getSizeBytes() > 0) {
                held.add(c.getVolumeId() + "/" + c.getStripeIndex() + "-" + c.getShardIndex());
              }
            });
    return held;
  }

  private static List<String> bricksOf(PlacementMap map) {
    List<String> ids = new ArrayList<>();
    for (ChunkGroup g : map.groups()) {
      for (ChunkLocation l : g.locations()) {
        l.brickIds().forEach(b -> ids.add(b.toString()));
      }
    }
    return ids;
  }

  /** The brick holding most units of the maps (it holds units of every one of them). */
  private static String busiestBrick(List<PlacementMap> maps) {
    Map<String, Integer> count = new HashMap<>();
    Map<String, Integer> volumes = new HashMap<>();
    for (PlacementMap m : maps) {
      List<String> ids = bricksOf(m);
      ids.forEach(b -> count.merge(b, 1, Integer::sum));
      ids.stream().distinct().forEach(b -> volumes.merge(b, 1, Integer::sum));
    }
    return count.entrySet().stream()
        .filter(e -> volumes.get(e.getKey()) == maps.size())
        .max(Map.Entry.comparingByValue())
        .orElseThrow()
        .getKey();
  }
}
