package io.hyperblock.core.layout;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups the segments of {@link StripeGeometry#forEachUnitSegment} into {@link RowOp}s, so that
 * {@link StripeGeometry#splitRows(long, int, long)} and the allocation-free walk share one
 * algorithm. Single use, not thread-safe.
 */
final class RowOpCollector implements UnitSegmentVisitor {

  private final long startOffsetInChunk;
  private final long startBufferOffset;
  private final List<RowOp> rowOps = new ArrayList<>();
  private final List<UnitSegment> segments = new ArrayList<>();
  private long row = -1;
  private RowCoverage coverage;
  private long rowBufferOffset;
  private int rowLength;

  RowOpCollector(long startOffsetInChunk, long startBufferOffset) {
    this.startOffsetInChunk = startOffsetInChunk;
    this.startBufferOffset = startBufferOffset;
  }

  @Override
  public void visit(
      long row,
      RowCoverage coverage,
      int dataShard,
      long shardOffset,
      int length,
      long bufferOffset) {
    if (row != this.row) {
      flush();
      this.row = row;
      this.coverage = coverage;
      this.rowBufferOffset = bufferOffset;
      this.rowLength = 0;
    }
    segments.add(new UnitSegment(dataShard, shardOffset, length, bufferOffset));
    rowLength += length;
  }

  /** The collected row ops, in order; an immutable list. */
  List<RowOp> rowOps() {
    flush();
    return List.copyOf(rowOps);
  }

  private void flush() {
    if (segments.isEmpty()) {
      return;
    }
    // buffer offsets advance with chunk offsets, so the row op's chunk offset follows from them
    long offsetInChunk = startOffsetInChunk + (rowBufferOffset - startBufferOffset);
    rowOps.add(new RowOp(row, coverage, offsetInChunk, rowLength, rowBufferOffset, segments));
    segments.clear();
  }
}
