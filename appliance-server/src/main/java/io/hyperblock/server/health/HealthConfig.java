package io.hyperblock.server.health;

import java.time.Duration;
import java.util.Objects;

/**
 * Health monitor timings (the seed's: heartbeat 10 s, scan 15 s, DOWN after 30 s). Tests use
 * milliseconds.
 *
 * @param heartbeatInterval how often bricks are told to heartbeat
 * @param scanInterval how often the leader looks for silent bricks
 * @param downAfter a brick silent for longer than this is marked DOWN at the next scan
 */
public record HealthConfig(Duration heartbeatInterval, Duration scanInterval, Duration downAfter) {

  public static final HealthConfig DEFAULTS =
      new HealthConfig(Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(30));

  public HealthConfig {
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    Objects.requireNonNull(scanInterval, "scanInterval");
    Objects.requireNonNull(downAfter, "downAfter");
    if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
      throw new IllegalArgumentException("heartbeat interval must be positive");
    }
    if (scanInterval.isNegative() || scanInterval.isZero()) {
      throw new IllegalArgumentException("monitor scan interval must be positive");
    }
    if (downAfter.compareTo(heartbeatInterval) <= 0) {
      throw new IllegalArgumentException(
          "down-after ("
              + downAfter
              + ") must be longer than the heartbeat interval ("
              + heartbeatInterval
              + "), or every brick would flap DOWN between two heartbeats");
    }
  }
}
