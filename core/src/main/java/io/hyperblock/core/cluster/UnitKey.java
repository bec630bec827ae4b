package io.hyperblock.core.cluster;

import java.util.Objects;
import java.util.UUID;

/**
 * One unit of a stripe, named by the brick that holds it (a stripe never has two units on one
 * brick, so the brick identifies the replica or shard).
 *
 * @param volumeId the volume
 * @param stripeIndex the stripe, at least 0
 * @param brickId the brick holding the unit
 */
public record UnitKey(UUID volumeId, long stripeIndex, UUID brickId) {
  public UnitKey {
    Objects.requireNonNull(volumeId, "volumeId");
    Objects.requireNonNull(brickId, "brickId");
    if (stripeIndex < 0) {
      throw new IllegalArgumentException("stripe index must be at least 0, got " + stripeIndex);
    }
  }
}
