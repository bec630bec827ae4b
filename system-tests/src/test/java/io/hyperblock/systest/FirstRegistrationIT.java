package io.hyperblock.systest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A brick's first registration must survive losing the server's answer (a network blip, or a server
 * too busy to answer within the brick's 5 s deadline while it still commits the registration): the
 * brick retries and must end up as ONE registered brick with the id it prints, not be refused as a
 * second brick claiming its own data directory.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FirstRegistrationIT {

  private static final Pattern BRICK_READY = Pattern.compile("BRICK READY id=(\\S+)");

  @Test
  void brickWhoseFirstRegistrationAnswerIsLostJoinsOnceWithTheIdItPrints(
      @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
    try (ProcessCluster cluster = ProcessCluster.start(dir, List.of());
        LosingRelay relay = new LosingRelay(cluster.serverGrpcPort())) {
      int[] ports = FreePorts.pick(2);
      ProcessCluster.BrickSpec spec = new ProcessCluster.BrickSpec("b1", "dc1", "rack1", "host1");
      try (JvmProcess brick =
          ProcessCluster.brickProcess(dir, spec, "127.0.0.1:" + relay.port(), ports[0], ports[1])) {
        String id = brick.start().waitForLine(BRICK_READY, ProcessCluster.READY_TIMEOUT).group(1);

        assertThat(relay.droppedFrames()).as("the answer to the first call was lost").isPositive();
        Await.until(
            "brick " + id + " UP",
            ProcessCluster.STATE_TIMEOUT,
            cluster::brickStates,
            states -> "UP".equals(states.get(id)));
        assertThat(cluster.brickStates()).as("registered bricks").containsOnlyKeys(id);
      }
    }
  }
}
