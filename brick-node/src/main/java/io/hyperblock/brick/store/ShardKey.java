package io.hyperblock.brick.store;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies one shard on a brick: shard {@code shardIndex} of stripe (chunk) {@code stripeIndex}
 * of volume {@code volumeId}. For a replicated volume the shard index is 0; for an EC k+m volume it
 * is the unit index in {@code [0, k+m)}.
 *
 * @param volumeId the volume, never null
 * @param stripeIndex the stripe (chunk) index within the volume, {@code >= 0}
 * @param shardIndex the shard index within the stripe, {@code >= 0}
 */
public record ShardKey(UUID volumeId, long stripeIndex, int shardIndex) {

  public ShardKey {
    Objects.requireNonNull(volumeId, "volumeId");
    if (stripeIndex < 0) {
      throw new InvalidRangeException(
          "stripe index " + stripeIndex + " is negative; stripe indexes start at 0");
    }
    if (shardIndex < 0) {
      throw new InvalidRangeException(
          "shard index " + shardIndex + " is negative; shard indexes start at 0");
    }
  }

  @Override
  public String toString() {
    return volumeId + "/" + stripeIndex + "-" + shardIndex;
  }
}
