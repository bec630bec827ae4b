package io.hyperblock.systest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The health monitor sees a brick process die and come back (the shared {@link SeedCluster}: 1
 * server, 6 bricks), heartbeats every 200 ms, DOWN after 2 s without one (issue 3). And the other
 * way round: bricks that outlive a kill -9 of the server are UP again under their ids once it is
 * back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@ExtendWith({SeedCluster.class, PrintLogsOnFailure.class})
class BrickDownUpIT {

  ProcessCluster cluster;

  @BeforeAll
  void useTheSeedCluster(SeedCluster.Fixture seed) {
    cluster = seed.cluster();
  }

  @Test
  void killedBrickIsMarkedDownAndUpAgainAfterRestartWithTheSameId() {
    String id = cluster.brickId("b2");

    cluster.killBrick("b2");
    cluster.awaitBrickState("b2", "DOWN");
    for (String other : cluster.brickNames()) {
      if (!other.equals("b2")) { // the others stay (or, after a stall, come back) UP
        cluster.awaitBrickState(other, "UP");
      }
    }
    assertThat(cluster.brickStates()).as("b2 while its process is dead").containsEntry(id, "DOWN");

    cluster.restartBrick("b2"); // fails if the brick comes back under another id
    cluster.awaitBrickState("b2", "UP");
    assertThat(cluster.brickId("b2")).isEqualTo(id);
    assertThat(cluster.brickStates()).as("no brick registered twice").hasSize(6);
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
