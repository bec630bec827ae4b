package io.hyperblock.client.brick;

import java.util.Objects;
import java.util.UUID;

/**
 * One unit of an erasure-coded row: row {@code row} of shard {@code shardIndex} of stripe {@code
 * stripeIndex}, i.e. shard bytes {@code [row * stripeUnit, (row + 1) * stripeUnit)}.
 *
 * @param volumeId the volume
 * @param stripeIndex stripe (chunk) index, {@code >= 0}
 * @param shardIndex unit index in the stripe, data units first, {@code >= 0}
 * @param row row within the chunk, {@code >= 0}
 * @param stripeUnit bytes per unit, a power of two
 */
public record UnitRef(UUID volumeId, long stripeIndex, int shardIndex, long row, int stripeUnit) {

  public UnitRef {
    Objects.requireNonNull(volumeId, "volumeId");
    if (stripeIndex < 0 || shardIndex < 0 || row < 0) {
      throw new IllegalArgumentException(
          "unit needs stripe, shard and row >= 0, got "
              + stripeIndex
              + "/"
              + shardIndex
              + "/"
              + row);
    }
    if (stripeUnit <= 0 || Integer.bitCount(stripeUnit) != 1) {
      throw new IllegalArgumentException("stripe unit must be a power of two, got " + stripeUnit);
    }
  }

  /** Shard offset of the unit's first byte. */
  public long shardOffset() {
    return row * stripeUnit;
  }

  /** The same row on another shard of the stripe. */
  public UnitRef withShard(int shard) {
    return new UnitRef(volumeId, stripeIndex, shard, row, stripeUnit);
  }
}
