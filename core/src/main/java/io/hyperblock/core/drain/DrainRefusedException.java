package io.hyperblock.core.drain;

import io.hyperblock.core.cluster.PlanningException;
import java.util.UUID;

/**
 * A drain that cannot be planned for this brick: it is unknown, DOWN (its units are rebuilt, not
 * drained), or already DRAINED/REMOVED. The message says which and what to do instead.
 */
public class DrainRefusedException extends PlanningException {
  private final UUID brickId;

  public DrainRefusedException(UUID brickId, String message) {
    super(message);
    this.brickId = brickId;
  }

  /** The brick the drain was asked for. */
  public UUID brickId() {
    return brickId;
  }
}
