package io.hyperblock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hyperblock.protocol.v1.GetPlacementMapRequest;
import io.hyperblock.protocol.v1.GetPlacementMapResponse;
import io.hyperblock.protocol.v1.GetVolumeRequest;
import io.hyperblock.protocol.v1.RegisterBrickRequest;
import io.hyperblock.server.testing.FakeBricks;
import io.hyperblock.server.testing.RestClient;
import io.hyperblock.server.testing.ServerProcess;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3 done-when (1) and (2) on the metadata side: one server, six bricks on three racks, the
 * two seed volumes; then kill -9 and restart: same brick UUIDs, same volumes, byte-identical
 * placement.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServerRestartIT {

  @TempDir Path dir;

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static GetPlacementMapResponse placement(FakeBricks bricks, String volume) {
    String id =
        bricks.stub().getVolume(GetVolumeRequest.newBuilder().setName(volume).build()).getId();
    return bricks
        .stub()
        .getPlacementMap(GetPlacementMapRequest.newBuilder().setVolumeId(id).build());
  }

  @Test
  void killNineAndRestartKeepsBrickIdsVolumesAndByteIdenticalPlacementMaps() throws Exception {
    Path data = dir.resolve("server");
    List<String> args =
        List.of(
            "--grpc-port", "0",
            "--rest-port", "0",
            "--raft-port", String.valueOf(freePort()),
            "--snapshot-every", "5");
    ServerProcess server = ServerProcess.start("server", data, dir, args);
    try (FakeBricks bricks = new FakeBricks(3, 2)) {
      ServerProcess.Ready ready = server.awaitReady(Duration.ofSeconds(60));
      bricks.connect(ready.grpcPort());
      List<FakeBricks.Identity> before = bricks.registerAll();
      RestClient rest = new RestClient(ready.restPort(), data);
      var ec =
          rest.post(
              "/volumes",
              "{\"name\":\"analytics-ec\",\"size\":\"100GiB\",\"dataChunks\":4,\"parityChunks\":2}");
      assertThat(ec.status()).as("%s", ec.json()).isEqualTo(201);
      assertThat(ec.json().get("stripes").asLong()).isEqualTo(800);
      var r3 =
          rest.post("/volumes", "{\"name\":\"postgres-r3\",\"size\":\"50GiB\",\"replicas\":3}");
      assertThat(r3.status()).as("%s", r3.json()).isEqualTo(201);
      assertThat(r3.json().get("stripes").asLong()).isEqualTo(400);

      GetPlacementMapResponse ecMap = placement(bricks, "analytics-ec");
      GetPlacementMapResponse r3Map = placement(bricks, "postgres-r3");
      Map<String, String> rackOf =
          before.stream()
              .collect(Collectors.toMap(FakeBricks.Identity::brickId, FakeBricks.Identity::rack));
      assertThat(ecMap.getPlacementMap().getGroupsList())
          .hasSize(800)
          .allSatisfy(
              g -> {
                List<String> units =
                    g.getLocationsList().stream().map(l -> l.getBrickIds(0)).toList();
                assertThat(Set.copyOf(units)).hasSize(6);
                assertThat(units.stream().map(rackOf::get).collect(Collectors.toSet())).hasSize(3);
              });
      assertThat(r3Map.getPlacementMap().getGroupsList())
          .hasSize(400)
          .allSatisfy(
              g ->
                  assertThat(
                          g.getLocations(0).getBrickIdsList().stream()
                              .map(rackOf::get)
                              .collect(Collectors.toSet()))
                      .hasSize(3));

      server.kill();
      try (var files = java.nio.file.Files.walk(data.resolve("raft"))) {
        assertThat(files.map(f -> f.getFileName().toString()))
            .as("a snapshot was taken, so the restart replays snapshot + log tail")
            .anyMatch(n -> n.startsWith("snapshot."));
      }
      server = ServerProcess.start("server", data, dir, args);
      ServerProcess.Ready again = server.awaitReady(Duration.ofSeconds(60));
      bricks.connect(again.grpcPort());
      assertThat(bricks.registerAll()).isEqualTo(before);
      assertThat(placement(bricks, "analytics-ec").toByteArray()).isEqualTo(ecMap.toByteArray());
      assertThat(placement(bricks, "postgres-r3").toByteArray()).isEqualTo(r3Map.toByteArray());
      var volumes = new RestClient(again.restPort(), data).get("/volumes").json().get("volumes");
      assertThat(volumes.findValuesAsText("name")).containsExactly("analytics-ec", "postgres-r3");

      var foreign =
          RegisterBrickRequest.newBuilder()
              .setClusterId(UUID.randomUUID().toString())
              .setDatacenter("dc1")
              .setRack("rack-9")
              .setHost("intruder")
              .setCapacityBytes(1L << 40)
              .setAddress("127.0.0.1:7")
              .build();
      assertThatThrownBy(() -> bricks.stub().registerBrick(foreign))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                assertThat(e.getStatus().getDescription()).contains("belongs to cluster");
              });
    } finally {
      server.close();
    }
  }
}
