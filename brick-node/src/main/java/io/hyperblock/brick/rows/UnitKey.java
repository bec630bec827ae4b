package io.hyperblock.brick.rows;

import io.hyperblock.brick.store.ShardKey;
import java.util.UUID;

/**
 * One unit: row {@code row} of a shard, shard bytes {@code [row * stripeUnit, (row + 1) *
 * stripeUnit)}.
 */
public record UnitKey(ShardKey shard, long row, int stripeUnit) {

  public UnitKey {
    if (row < 0) {
      throw new IllegalArgumentException("row must be >= 0, got " + row);
    }
    if (stripeUnit <= 0 || Integer.bitCount(stripeUnit) != 1) {
      throw new IllegalArgumentException("stripe unit must be a power of two, got " + stripeUnit);
    }
    if (row > Long.MAX_VALUE / stripeUnit - 1) {
      throw new IllegalArgumentException("row " + row + " overflows the shard offset");
    }
  }

  public UUID volume() {
    return shard.volumeId();
  }

  public long shardOffset() {
    return row * stripeUnit;
  }

  /** Identity of the unit's row metadata: the stripe unit is an attribute, not part of it. */
  RowId id() {
    return new RowId(shard, row);
  }

  record RowId(ShardKey shard, long row) {}
}
