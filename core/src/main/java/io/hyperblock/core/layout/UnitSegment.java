package io.hyperblock.core.layout;

/**
 * A run of bytes inside one stripe unit of one data shard, and where those bytes sit in the
 * caller's buffer. A segment never crosses a stripe-unit boundary.
 *
 * @param dataShard data shard index in [0, k)
 * @param shardOffset first byte within the shard, {@code >= 0}
 * @param length number of bytes, {@code >= 1}
 * @param bufferOffset where the bytes start in the caller's buffer, {@code >= 0}
 */
public record UnitSegment(int dataShard, long shardOffset, int length, long bufferOffset) {

  public UnitSegment {
    if (dataShard < 0 || shardOffset < 0 || length < 1 || bufferOffset < 0) {
      throw new InvalidLayoutException(
          "unit segment needs dataShard >= 0, shardOffset >= 0, length >= 1 and bufferOffset >= 0,"
              + " got dataShard="
              + dataShard
              + " shardOffset="
              + shardOffset
              + " length="
              + length
              + " bufferOffset="
              + bufferOffset);
    }
  }
}
