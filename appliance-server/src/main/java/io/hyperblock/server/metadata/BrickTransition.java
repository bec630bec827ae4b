package io.hyperblock.server.metadata;

import io.hyperblock.core.topology.BrickState;
import java.time.Instant;
import java.util.UUID;

/**
 * One recorded change of a brick's state, e.g. UP -> DOWN by the health monitor.
 *
 * @param from the previous state, or null when the brick first registered
 * @param reason operator-readable cause ("no heartbeat for 31s", "registered", ...)
 */
public record BrickTransition(
    UUID brickId, BrickState from, BrickState to, Instant at, String reason) {

  /** The reason of the transition a registration records (first one, or DOWN -> UP). */
  public static final String REGISTERED = "registered";
}
