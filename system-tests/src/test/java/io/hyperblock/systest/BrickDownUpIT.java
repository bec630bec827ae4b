package io.hyperblock.systest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health monitor sees a brick process die and come back: 1 server and 3 bricks (one per rack),
 * heartbeats every 200 ms, DOWN after 2 s without one (issue 3). And the other way round: bricks
 * that outlive a kill -9 of the server are UP again under their ids once it is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@ExtendWith(PrintLogsOnFailure.class)
class BrickDownUpIT {

  ProcessCluster cluster;

  @BeforeAll
  void startCluster(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) {
    cluster = ProcessCluster.start(dir, ProcessCluster.racks(3, 1));
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void killedBrickIsMarkedDownAndUpAgainAfterRestartWithTheSameId() {
    String id = cluster.brickId("b2");

    cluster.killBrick("b2");
    cluster.awaitBrickState("b2", "DOWN");
    cluster.awaitBrickState("b1", "UP"); // the others stay (or, after a stall, come back) UP
    cluster.awaitBrickState("b3", "UP");
    assertThat(cluster.brickStates()).as("b2 while its process is dead").containsEntry(id, "DOWN");

    cluster.restartBrick("b2"); // fails if the brick comes back under another id
    cluster.awaitBrickState("b2", "UP");
    assertThat(cluster.brickId("b2")).isEqualTo(id);
    assertThat(cluster.brickStates())
        .hasSize(3)
        .containsOnlyKeys(cluster.brickId("b1"), id, cluster.brickId("b3"));
  }

  @Test
  void bricksThatOutliveAServerKillAreUpAgainUnderTheirIds() {
    Map<String, String> before = cluster.brickStates();
    Instant killed = Instant.now();

    cluster.restartServer(); // kill -9, then the same data directory and ports
    // UP in the recovered metadata is not enough: each brick must heartbeat the new process.
    Await.until(
        "every brick UP with a heartbeat after the server restart",
        ProcessCluster.STATE_TIMEOUT,
        () -> cluster.rest().get("bricks").path("bricks"),
        bricks -> {
          for (JsonNode b : bricks) {
            String beat = b.path("lastHeartbeat").asText(null);
            if (!"UP".equals(b.path("state").asText())
                || beat == null
                || !Instant.parse(beat).isAfter(killed)) {
              return false;
            }
          }
          return bricks.size() == before.size();
        });

    assertThat(cluster.brickStates())
        .as("the same bricks, none registered twice")
        .containsOnlyKeys(before.keySet());
    assertThat(cluster.brickNames())
        .allSatisfy(
            name -> assertThat(cluster.isRunning(name)).as(name + " kept running").isTrue());
  }
}
