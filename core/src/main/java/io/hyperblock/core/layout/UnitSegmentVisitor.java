package io.hyperblock.core.layout;

/**
 * Receives the stripe-unit segments of a chunk range one at a time, without {@link RowOp} or {@link
 * UnitSegment} objects being allocated: the allocation-free form of {@link
 * StripeGeometry#splitRows(long, int, long)}.
 *
 * <p>Calls arrive in logical (ascending chunk offset) order on the caller's thread, before {@link
 * StripeGeometry#forEachUnitSegment} returns. Consecutive calls with the same {@code row} belong to
 * one row op; a change of {@code row} starts the next one. An exception thrown by the visitor stops
 * the iteration and propagates to the caller unchanged.
 */
@FunctionalInterface
public interface UnitSegmentVisitor {

  /**
   * Handles one segment.
   *
   * @param row the segment's row within the chunk
   * @param coverage how much of that row the whole range covers (the same for every segment of the
   *     row)
   * @param dataShard data shard holding the segment, in [0, k)
   * @param shardOffset first byte within the shard
   * @param length bytes, at least 1; never crosses a stripe unit
   * @param bufferOffset where the bytes sit in the caller's buffer
   */
  void visit(
      long row,
      RowCoverage coverage,
      int dataShard,
      long shardOffset,
      int length,
      long bufferOffset);
}
