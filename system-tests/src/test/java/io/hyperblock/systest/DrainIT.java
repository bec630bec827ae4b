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
import io.hyperblock.protocol.v1.ListChunksRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, "done when" 3: a brick is drained under concurrent I/O. One server and 7 bricks in 7
 * racks, an R3 and an EC 4+2 volume with known data; removing the busiest brick without force is
 * refused with its impact; {@code POST /bricks/{id}/drain} runs while a client keeps writing and
 * verifying the volumes; the brick ends DRAINED with zero shards, every acknowledged byte reads
 * back, and removing it then succeeds.
 *
 * <p>Both volumes are written and verified during the drain. Each move is fenced (ADR 0009): the
 * stripe is frozen for the final catch-up and the commit, and writers of the old map are refused
 * afterwards and retry under the new one, so no acknowledged write can read back older bytes (the
 * bug this test caught before ADR 0009).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@org.junit.jupiter.api.extension.ExtendWith(PrintLogsOnFailure.class)
class DrainIT {

  private static final long SIZE = 8L << 20;
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(120);

  @TempDir Path root;
  private HealingCluster cluster;
  private GrpcMetadataClient metadata;
  private GrpcBrickConnector connector;
  private final HttpClient http = HttpClient.newHttpClient();

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
    http.close();
  }

  @Test
  void drainedBrickEndsWithNoShardWhileVolumesStayReadableWritableAndCorrect() throws Exception {
    cluster = new HealingCluster(root, ProcessCluster.racks(7, 1), "10m").start();
    cluster
        .rest()
        .post(
            "volumes", "{\"name\":\"r3\",\"size\":\"8MiB\",\"chunkSize\":\"1MiB\",\"replicas\":3}");
    cluster
        .rest()
        .post(
            "volumes",
            "{\"name\":\"ec\",\"size\":\"8MiB\",\"chunkSize\":\"1MiB\",\"dataChunks\":4,"
                + "\"parityChunks\":2}");
    metadata = GrpcMetadataClient.connect(cluster.serverGrpc());
    connector = new GrpcBrickConnector();
    List<String> ioErrors = new ArrayList<>();
    byte[] r3 = fill("r3");
    byte[] ec = fill("ec");
    String victim = busiestBrick(List.of(placement("r3"), placement("ec")));

    HttpResponse<String> refused = send("DELETE", "bricks/" + victim, null);
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.body()).contains("still holds").contains("fault tolerance");

    try (VolumeLoad r3Load = new VolumeLoad(open("r3"), r3, 1, true);
        VolumeLoad ecLoad = new VolumeLoad(open("ec"), ec, 2, true)) {
      HttpResponse<String> drain = send("POST", "bricks/" + victim + "/drain", "");
      assertThat(drain.statusCode()).as(drain.body()).isEqualTo(202);
      String migration = RestClient.parse(drain.body()).path("id").asText();

      Await.until(
          "brick " + victim + " DRAINED",
          DRAIN_TIMEOUT,
          () -> brickState(victim),
          "DRAINED"::equals);
      assertThat(r3Load.writes()).as("r3 writes during the drain").isPositive();
      assertThat(ecLoad.writes()).as("ec writes during the drain").isPositive();
      assertThat(ecLoad.reads()).as("ec reads during the drain").isPositive();
      r3 = r3Load.stopAndFlush();
      ec = ecLoad.stopAndFlush();
      ioErrors.addAll(r3Load.errors().stream().map(e -> "r3: " + e).toList());
      ioErrors.addAll(ecLoad.errors().stream().map(e -> "ec: " + e).toList());

      JsonNode m = migrationById(migration);
      assertThat(m.path("state").asText()).isEqualTo("COMPLETED");
      assertThat(m.path("bytesDoneBytes").asLong()).isEqualTo(m.path("bytesTotalBytes").asLong());
    }

    assertThat(bricksOf(placement("r3"))).doesNotContain(victim);
    assertThat(bricksOf(placement("ec"))).doesNotContain(victim);
    assertThat(heldShards(victim)).as("shards left on the drained brick").isEmpty();
    assertThat(readAll("r3")).as("r3 after the drain").isEqualTo(r3);
    assertThat(readAll("ec")).as("ec after the drain").isEqualTo(ec);

    HttpResponse<String> removed = send("DELETE", "bricks/" + victim, null);
    assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
    assertThat(brickState(victim)).isEqualTo("REMOVED");
    // Checked last, so a failure here comes with every other fact above established.
    assertThat(ioErrors).as("reads and writes during the drain").isEmpty();
  }

  private VolumeClient open(String volume) {
    VolumeClientConfig d = VolumeClientConfig.defaults("drain-it");
    return VolumeClient.open(
        volume,
        new VolumeClientConfig(d.clientId(), Duration.ofMillis(300), d.codec(), d.faults()),
        metadata,
        connector);
  }

  private byte[] fill(String volume) {
    return VolumeData.fill(open(volume), VolumeData.of(volume, SIZE));
  }

  private byte[] readAll(String volume) {
    return VolumeData.readAll(open(volume), SIZE);
  }

  private PlacementMap placement(String volume) {
    return VolumeData.placement(cluster.rest(), metadata, volume);
  }

  private String brickState(String id) {
    return cluster.rest().get("bricks/" + id).path("state").asText();
  }

  private JsonNode migrationById(String id) {
    for (JsonNode m : cluster.rest().get("migrations").path("migrations")) {
      if (m.path("id").asText().equals(id)) {
        return m;
      }
    }
    throw new AssertionError("no migration " + id);
  }

  private List<String> heldShards(String brickId) {
    ManagedChannel ch = cluster.brickChannel(cluster.brickName(brickId));
    try {
      List<String> held = new ArrayList<>();
      BrickServiceGrpc.newBlockingStub(ch)
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .listChunks(ListChunksRequest.getDefaultInstance())
          .forEachRemaining(
              c -> {
                if (c.getSizeBytes() > 0) {
                  held.add(c.getVolumeId() + "/" + c.getStripeIndex() + "-" + c.getShardIndex());
                }
              });
      return held;
    } finally {
      ch.shutdownNow();
    }
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    String token = java.nio.file.Files.readString(root.resolve("server/admin.token")).trim();
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(cluster.rest().baseUrl() + "/api/v1/" + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static List<String> bricksOf(PlacementMap map) {
    List<String> ids = new ArrayList<>();
    for (ChunkGroup g : map.groups()) {
      for (ChunkLocation l : g.locations()) {
        l.brickIds().forEach(b -> ids.add(b.toString()));
      }
    }
    return ids;
  }

  /** The brick holding most units of the maps (it holds units of every one of them). */
  static String busiestBrick(List<PlacementMap> maps) {
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
