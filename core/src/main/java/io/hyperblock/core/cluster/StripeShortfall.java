package io.hyperblock.core.cluster;

import java.util.Objects;
import java.util.UUID;

/**
 * A stripe a plan could not fully restore: either its data cannot be read (too few readable units
 * to copy or reconstruct from), or the topology has no free brick to take some of its units.
 *
 * @param volumeId the volume
 * @param volumeName its operator-facing name
 * @param stripeIndex the stripe
 * @param reason why
 * @param unitsLeft units the plan leaves where they are (lost or on the leaving brick)
 * @param readableUnits units of the stripe readable now
 * @param unitsNeeded readable units needed to recreate the others (1 replica, or k shards)
 */
public record StripeShortfall(
    UUID volumeId,
    String volumeName,
    long stripeIndex,
    Reason reason,
    int unitsLeft,
    int readableUnits,
    int unitsNeeded) {

  /** Why a stripe stays short. */
  public enum Reason {
    /** Fewer readable units than needed: the data is unavailable until a brick comes back. */
    DATA_UNAVAILABLE,
    /** Every placeable brick already holds a unit of the stripe: add bricks to restore it. */
    NO_TARGET_BRICK
  }

  public StripeShortfall {
    Objects.requireNonNull(volumeId, "volumeId");
    Objects.requireNonNull(volumeName, "volumeName");
    Objects.requireNonNull(reason, "reason");
  }

  /** An operator-facing sentence. */
  public String message() {
    return switch (reason) {
      case DATA_UNAVAILABLE ->
          "stripe "
              + stripeIndex
              + " of volume "
              + volumeName
              + " is unavailable: "
              + readableUnits
              + " readable units, "
              + unitsNeeded
              + " needed; bring its DOWN bricks back";
      case NO_TARGET_BRICK ->
          "stripe "
              + stripeIndex
              + " of volume "
              + volumeName
              + " keeps "
              + unitsLeft
              + " unit(s) in place: every UP brick already holds one of its units; add bricks";
    };
  }
}
