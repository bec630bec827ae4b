package io.hyperblock.core.impact;

import java.util.Objects;
import java.util.UUID;

/**
 * What losing a domain does to one volume that has units in it.
 *
 * @param volumeId the volume
 * @param name its operator-facing name
 * @param status OK, REDUCED or UNAVAILABLE
 * @param toleranceBefore units its weakest stripe can still lose now (policy tolerance minus units
 *     already lost; negative when already unavailable)
 * @param toleranceAfter the same once every unit in the domain is gone; negative means unavailable
 * @param worstStripe the stripe with the lowest tolerance after the loss
 * @param worstStripeLost units that stripe has lost after the loss (earlier losses included)
 * @param unitsPerStripe units per stripe of the policy
 * @param policyTolerance units per stripe the policy tolerates
 * @param message an operator-facing sentence
 */
public record VolumeImpact(
    UUID volumeId,
    String name,
    ImpactStatus status,
    int toleranceBefore,
    int toleranceAfter,
    long worstStripe,
    int worstStripeLost,
    int unitsPerStripe,
    int policyTolerance,
    String message) {

  public VolumeImpact {
    Objects.requireNonNull(volumeId, "volumeId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
  }
}
