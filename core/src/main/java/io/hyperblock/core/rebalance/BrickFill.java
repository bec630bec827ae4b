package io.hyperblock.core.rebalance;

import java.util.Objects;
import java.util.UUID;

/**
 * How full one brick is before and after a rebalance, in bytes of placed units and relative to its
 * weight (the weight is normally the capacity in bytes, so the fill is then a fraction of
 * capacity).
 *
 * @param brickId the brick
 * @param weight its placement weight
 * @param takesPlacements whether it is UP with a positive weight (counted by the imbalance figures)
 * @param bytesBefore bytes of units on it now
 * @param bytesAfter bytes of units on it once the plan is applied
 */
public record BrickFill(
    UUID brickId, long weight, boolean takesPlacements, long bytesBefore, long bytesAfter) {

  public BrickFill {
    Objects.requireNonNull(brickId, "brickId");
  }

  /** {@code bytesBefore / weight}; 0 for an empty brick, infinite for data on a 0-weight brick. */
  public double fillBefore() {
    return fill(bytesBefore);
  }

  /** {@code bytesAfter / weight}, with the same conventions as {@link #fillBefore()}. */
  public double fillAfter() {
    return fill(bytesAfter);
  }

  private double fill(long bytes) {
    if (bytes == 0) {
      return 0;
    }
    return weight == 0 ? Double.POSITIVE_INFINITY : (double) bytes / weight;
  }
}
