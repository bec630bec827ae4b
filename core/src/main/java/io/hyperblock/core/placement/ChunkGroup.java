package io.hyperblock.core.placement;

import java.util.List;

/**
 * The chunks of one stripe: one {@link ChunkLocation} with N bricks for a replicated volume, or k+m
 * locations of one brick each for an EC volume (location i holds shard i).
 *
 * @param stripeIndex the stripe's index in the volume, at least 0
 * @param locations the stripe's chunks, non-empty
 */
public record ChunkGroup(long stripeIndex, List<ChunkLocation> locations) {

  public ChunkGroup {
    if (stripeIndex < 0) {
      throw new IllegalArgumentException("stripe index must be at least 0, got " + stripeIndex);
    }
    locations = List.copyOf(locations);
    if (locations.isEmpty()) {
      throw new IllegalArgumentException("stripe " + stripeIndex + " has no chunk location");
    }
  }
}
