package io.hyperblock.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.server.testing.FakeBricks;
import io.hyperblock.server.testing.RestClient;
import io.hyperblock.server.testing.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3 done-when (5) on the server side: a brick that stops heartbeating (killed) is marked DOWN
 * by the monitor, and UP again once it heartbeats (restarted). Millisecond timings.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BrickHealthIT {

  @TempDir Path dir;

  private static String state(RestClient rest, String brickId) throws Exception {
    return rest.get("/bricks/" + brickId).json().get("state").asText();
  }

  private static void awaitState(RestClient rest, String brickId, String expected)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!state(rest, brickId).equals(expected)) {
      assertThat(System.nanoTime())
          .as("brick %s reaches %s", brickId, expected)
          .isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void silentBrickIsMarkedDownAndComesBackUpWhenItHeartbeatsAgain() throws Exception {
    Path data = dir.resolve("server");
    try (ServerProcess server =
            ServerProcess.start(
                "server",
                data,
                dir,
                List.of(
                    "--grpc-port", "0",
                    "--rest-port", "0",
                    "--raft-port", "0",
                    "--heartbeat-interval", "100ms",
                    "--monitor-interval", "100ms",
                    "--down-after", "3s"));
        FakeBricks bricks = new FakeBricks(3, 2)) {
      ServerProcess.Ready ready = server.awaitReady(Duration.ofSeconds(60));
      bricks.connect(ready.grpcPort());
      String victim = bricks.registerAll().getFirst().brickId();
      bricks.heartbeatEvery(Duration.ofMillis(100));
      RestClient rest = new RestClient(ready.restPort(), data);

      bricks.silence(victim, true);
      awaitState(rest, victim, "DOWN");
      var status = rest.get("/cluster/status").json();
      assertThat(status.get("bricksUp").asInt()).isEqualTo(5);

      bricks.silence(victim, false);
      awaitState(rest, victim, "UP");
      for (var identity : bricks.identities()) {
        assertThat(state(rest, identity.brickId())).isEqualTo("UP");
      }
    }
  }
}
