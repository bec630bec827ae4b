package io.hyperblock.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.hyperblock.protocol.v1.GetPlacementMapRequest;
import io.hyperblock.protocol.v1.GetVolumeRequest;
import io.hyperblock.protocol.v1.MetadataServiceGrpc;
import io.hyperblock.server.testing.BrickProcess;
import io.hyperblock.server.testing.RestClient;
import io.hyperblock.server.testing.ServerProcess;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3 done-when (1), (2) and (5) with real processes: one management server and six real bricks
 * (brick-node) on three racks. Creates the seed volumes, checks their spread, kills and restarts a
 * brick (DOWN, then UP), then kill -9s everything and restarts it: same brick ids, same volumes,
 * byte-identical placement maps.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SeedClusterE2E {

  private static final Duration HEARTBEAT = Duration.ofMillis(200);
  private static final Duration START = Duration.ofSeconds(90);

  @TempDir Path dir;
  private ServerProcess server;
  private final List<BrickProcess> bricks = new ArrayList<>();
  private final List<String> serverArgs = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (BrickProcess b : bricks) {
      b.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private ServerProcess.Ready startServer() throws Exception {
    server = ServerProcess.start("server", dir.resolve("server"), dir, serverArgs);
    return server.awaitReady(START);
  }

  /** Starts (or restarts) the six bricks in parallel; returns their ids in start order. */
  private List<String> startBricks(int grpcPort) throws Exception {
    bricks.clear();
    for (int r = 0; r < 3; r++) {
      for (int i = 0; i < 2; i++) {
        String host = "host-" + r + "-" + i;
        bricks.add(
            BrickProcess.start(dir.resolve(host), dir, "rack-" + r, host, grpcPort, HEARTBEAT));
      }
    }
    List<String> ids = new ArrayList<>();
    for (BrickProcess b : bricks) {
      ids.add(b.awaitReady(START));
    }
    return ids;
  }

  private static Map<String, byte[]> placements(int grpcPort, List<String> volumes) {
    ManagedChannel ch =
        NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    try {
      var stub = MetadataServiceGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS);
      Map<String, byte[]> maps = new TreeMap<>();
      for (String name : volumes) {
        String id = stub.getVolume(GetVolumeRequest.newBuilder().setName(name).build()).getId();
        maps.put(
            name,
            stub.getPlacementMap(GetPlacementMapRequest.newBuilder().setVolumeId(id).build())
                .getPlacementMap()
                .toByteArray());
      }
      return maps;
    } finally {
      ch.shutdownNow();
    }
  }

  private static void awaitBrickState(RestClient rest, String id, String state) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!rest.get("/bricks/" + id).json().get("state").asText().equals(state)) {
      assertThat(System.nanoTime()).as("brick %s becomes %s", id, state).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @Test
  void seedVolumesSurviveBrickLossAndAFullKillNineRestart() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      serverArgs.addAll(List.of("--raft-port", String.valueOf(s.getLocalPort())));
    }
    serverArgs.addAll(
        List.of(
            "--grpc-port", "0",
            "--rest-port", "0",
            "--heartbeat-interval", HEARTBEAT.toMillis() + "ms",
            "--monitor-interval", "200ms",
            "--down-after", "2s"));
    ServerProcess.Ready ready = startServer();
    List<String> ids = startBricks(ready.grpcPort());
    RestClient rest = new RestClient(ready.restPort(), dir.resolve("server"));

    var ec =
        rest.post(
            "/volumes",
            "{\"name\":\"analytics-ec\",\"size\":\"100GiB\",\"dataChunks\":4,\"parityChunks\":2}");
    assertThat(ec.status()).as("%s", ec.json()).isEqualTo(201);
    var r3 = rest.post("/volumes", "{\"name\":\"postgres-r3\",\"size\":\"50GiB\",\"replicas\":3}");
    assertThat(r3.status()).as("%s", r3.json()).isEqualTo(201);
    Map<String, String> rackOf = new TreeMap<>();
    for (int i = 0; i < ids.size(); i++) {
      rackOf.put(ids.get(i), bricks.get(i).rack());
    }
    var ecGroups = rest.get("/volumes/analytics-ec/placement").json();
    List<String> volumes = List.of("analytics-ec", "postgres-r3");
    Map<String, byte[]> before = placements(ready.grpcPort(), volumes);
    var ecMap = io.hyperblock.protocol.v1.PlacementMap.parseFrom(before.get("analytics-ec"));
    assertThat(ecMap.getGroupsList())
        .hasSize(800)
        .allSatisfy(
            g -> {
              var units = g.getLocationsList().stream().map(l -> l.getBrickIds(0)).toList();
              assertThat(units).doesNotHaveDuplicates().hasSize(6);
              assertThat(units.stream().map(rackOf::get).collect(Collectors.toSet())).hasSize(3);
            });
    var r3Map = io.hyperblock.protocol.v1.PlacementMap.parseFrom(before.get("postgres-r3"));
    assertThat(r3Map.getGroupsList())
        .hasSize(400)
        .allSatisfy(
            g ->
                assertThat(
                        g.getLocations(0).getBrickIdsList().stream()
                            .map(rackOf::get)
                            .collect(Collectors.toSet()))
                    .hasSize(3));
    assertThat(ecGroups).isNotNull();

    // (5) a killed brick goes DOWN; restarted, it keeps its id and comes back UP
    bricks.getFirst().kill();
    awaitBrickState(rest, ids.getFirst(), "DOWN");
    bricks.set(
        0,
        BrickProcess.start(
            dir.resolve("host-0-0"), dir, "rack-0", "host-0-0", ready.grpcPort(), HEARTBEAT));
    assertThat(bricks.getFirst().awaitReady(START)).isEqualTo(ids.getFirst());
    awaitBrickState(rest, ids.getFirst(), "UP");

    // (2) kill -9 the server and every brick, restart all
    server.kill();
    for (BrickProcess b : bricks) {
      b.kill();
    }
    ServerProcess.Ready again = startServer();
    assertThat(startBricks(again.grpcPort())).isEqualTo(ids);
    assertThat(placements(again.grpcPort(), volumes))
        .allSatisfy((name, bytes) -> assertThat(bytes).isEqualTo(before.get(name)));
    RestClient restAgain = new RestClient(again.restPort(), dir.resolve("server"));
    assertThat(restAgain.get("/volumes").json().get("volumes").findValuesAsText("name"))
        .containsExactlyElementsOf(volumes);
    for (String id : ids) {
      awaitBrickState(restAgain, id, "UP");
    }
  }
}
