package io.hyperblock.brick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.brick.identity.ForeignClusterException;
import io.hyperblock.brick.identity.IdentityException;
import io.hyperblock.brick.identity.IdentityFile;
import io.hyperblock.protocol.v1.RegisterBrickRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Brick identity, registration and heartbeats against a real gRPC management-server double, real
 * sockets on 127.0.0.1 and a real store in a temp directory.
 */
@Timeout(120)
class BrickLifecycleIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  static BrickConfig config(Path dataDir, String server) {
    return BrickConfig.defaults(dataDir, server)
        .withPorts(0, 0)
        .withTimings(Duration.ofMillis(50), Duration.ofMillis(20), Duration.ofMillis(200));
  }

  static BrickServer start(BrickConfig config) throws Exception {
    return BrickServer.start(config, Clock.systemUTC(), BrickStores::open);
  }

  @Test
  void firstStartRegistersFormatsTheDirectoryAndHeartbeats() throws Exception {
    try (FakeMetadataServer mgmt = new FakeMetadataServer(UUID.randomUUID(), 50, 0);
        BrickServer brick = start(config(dir, mgmt.address()))) {
      assertThat(mgmt.registrations).hasSize(1);
      RegisterBrickRequest first = mgmt.registrations.getFirst();
      assertThat(first.getBrickId())
          .as("a first start presents the id it drew once, so a retry cannot register twice")
          .isEqualTo(brick.brickId().toString());
      assertThat(first.getClusterId()).isEmpty();
      assertThat(first.getAddress()).isEqualTo("127.0.0.1:" + brick.grpcPort());
      assertThat(first.getCapacityBytes()).isEqualTo(BrickConfig.DEFAULT_CAPACITY.bytes());
      assertThat(brick.clusterId()).isEqualTo(mgmt.clusterId);
      assertThat(new IdentityFile(dir).load())
          .hasValueSatisfying(id -> assertThat(id.brickId()).isEqualTo(brick.brickId()));
      assertThat(Files.readString(dir.resolve(BrickServer.PORTS_FILE)))
          .contains("grpc=" + brick.grpcPort())
          .contains("metrics=" + brick.metricsPort());

      Await.until(WAIT, "3 heartbeats", () -> mgmt.heartbeatsFrom(brick.brickId()) >= 3);
      assertThat(mgmt.heartbeats.getLast().getCapacityBytes())
          .isEqualTo(BrickConfig.DEFAULT_CAPACITY.bytes());
    }
  }

  @Test
  void restartKeepsTheBrickIdAndRegistersWithIt() throws Exception {
    try (FakeMetadataServer mgmt = new FakeMetadataServer(UUID.randomUUID(), 50, 0)) {
      UUID firstId;
      try (BrickServer brick = start(config(dir, mgmt.address()))) {
        firstId = brick.brickId();
      }
      try (BrickServer again = start(config(dir, mgmt.address()))) {
        assertThat(again.brickId()).isEqualTo(firstId);
        RegisterBrickRequest second = mgmt.registrations.getLast();
        assertThat(second.getBrickId()).isEqualTo(firstId.toString());
        assertThat(second.getClusterId()).isEqualTo(mgmt.clusterId.toString());
      }
    }
  }

  @Test
  void refusesADirectoryThatBelongsToAnotherCluster() throws Exception {
    UUID clusterA = UUID.randomUUID();
    try (FakeMetadataServer a = new FakeMetadataServer(clusterA, 50, 0)) {
      start(config(dir, a.address())).close();
    }
    try (FakeMetadataServer b = new FakeMetadataServer(UUID.randomUUID(), 50, 0)) {
      assertThatThrownBy(() -> start(config(dir, b.address())))
          .isInstanceOf(ForeignClusterException.class)
          .hasMessage(
              "data directory "
                  + dir
                  + " belongs to cluster "
                  + clusterA
                  + " but the management server at "
                  + b.address()
                  + " serves cluster "
                  + b.clusterId
                  + "; refusing to start (use a fresh directory or the right server)");
      assertThat(b.registrations).isEmpty();
    }
  }

  @Test
  void commandLineExitsNonZeroWithTheReasonForAForeignDirectory() throws Exception {
    try (FakeMetadataServer a = new FakeMetadataServer(UUID.randomUUID(), 50, 0)) {
      start(config(dir, a.address())).close();
    }
    try (FakeMetadataServer b = new FakeMetadataServer(UUID.randomUUID(), 50, 0)) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      PrintStream saved = System.err;
      int code;
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      try {
        code =
            BrickMain.run(
                new String[] {
                  "--data-dir",
                  dir.toString(),
                  "--server",
                  b.address(),
                  "--port",
                  "0",
                  "--metrics-port",
                  "-1",
                  "--capacity",
                  "1GiB"
                });
      } finally {
        System.setErr(saved);
      }
      assertThat(code).isEqualTo(BrickMain.EXIT_IDENTITY);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains("belongs to cluster")
          .contains("refusing to start");
    }
  }

  @Test
  void servesIoWhileTheServerIsAwayAndRegistersWhenItReturns() throws Exception {
    UUID cluster = UUID.randomUUID();
    int port;
    try (FakeMetadataServer mgmt = new FakeMetadataServer(cluster, 50, 0)) {
      port = mgmt.port();
      start(config(dir, mgmt.address())).close();
    }
    String address = "127.0.0.1:" + port;
    try (BrickServer brick = start(config(dir, address))) {
      assertThat(brick.registrar().registered()).isFalse();
      BrickIoIT.Client client = new BrickIoIT.Client(brick.grpcPort());
      try {
        client.write(UUID.randomUUID(), 0, new byte[] {1, 2, 3}, 1);
      } finally {
        client.close();
      }
      try (FakeMetadataServer back = new FakeMetadataServer(cluster, 50, port)) {
        Await.until(WAIT, "re-registration", () -> brick.registrar().registered());
        Await.until(WAIT, "heartbeats", () -> back.heartbeatsFrom(brick.brickId()) >= 1);
        assertThat(back.registrations.getFirst().getBrickId())
            .isEqualTo(brick.brickId().toString());
      }
    }
  }

  @Test
  void stopsItselfWhenAServerOfAnotherClusterAppearsLater() throws Exception {
    int port;
    try (FakeMetadataServer mgmt = new FakeMetadataServer(UUID.randomUUID(), 50, 0)) {
      port = mgmt.port();
      start(config(dir, mgmt.address())).close();
    }
    try (BrickServer brick = start(config(dir, "127.0.0.1:" + port));
        FakeMetadataServer other = new FakeMetadataServer(UUID.randomUUID(), 50, port)) {
      IdentityException reason = brick.stopped().get(20, TimeUnit.SECONDS);
      assertThat(reason)
          .isInstanceOf(ForeignClusterException.class)
          .hasMessageContaining("serves cluster " + other.clusterId);
      assertThat(other.registrations).isEmpty();
    }
  }

  @Test
  void rejectsAnUnparsableCapacityOnTheCommandLine() {
    assertThat(
            BrickMain.run(
                new String[] {
                  "--data-dir", dir.toString(), "--server", "127.0.0.1:1", "--capacity", "lots"
                }))
        .isEqualTo(2);
    assertThat(dir.resolve(IdentityFile.FILE_NAME)).doesNotExist();
  }
}
