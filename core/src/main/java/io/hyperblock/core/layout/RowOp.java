package io.hyperblock.core.layout;

import java.util.List;

/**
 * The part of a chunk I/O that falls inside one row, with the data-unit segments it touches.
 *
 * <p>The op covers chunk bytes {@code [offsetInChunk, offsetInChunk + length)} and caller-buffer
 * bytes {@code [bufferOffset, bufferOffset + length)}. {@code segments} split exactly that range at
 * stripe-unit boundaries, in logical (ascending offset) order; their buffer offsets are contiguous.
 *
 * @param row the row index within the chunk, {@code >= 0}
 * @param coverage whether the op covers the whole row (encode) or part of it (read-modify-write)
 * @param offsetInChunk first byte of the op, relative to the chunk start
 * @param length number of bytes, {@code >= 1}; never crosses the row's end
 * @param bufferOffset where the op's bytes start in the caller's buffer
 * @param segments the touched stripe units, at least one, immutable
 */
public record RowOp(
    long row,
    RowCoverage coverage,
    long offsetInChunk,
    int length,
    long bufferOffset,
    List<UnitSegment> segments) {

  public RowOp {
    segments = List.copyOf(segments);
    if (row < 0 || coverage == null || offsetInChunk < 0 || length < 1 || bufferOffset < 0) {
      throw new InvalidLayoutException(
          "row op needs row >= 0, a coverage, offsetInChunk >= 0, length >= 1, bufferOffset >= 0,"
              + " got row="
              + row
              + " coverage="
              + coverage
              + " offsetInChunk="
              + offsetInChunk
              + " length="
              + length
              + " bufferOffset="
              + bufferOffset);
    }
    if (segments.isEmpty()) {
      throw new InvalidLayoutException("row op for row " + row + " needs at least one segment");
    }
  }

  /** True when the op covers the whole row, so parity is encoded from new data without reads. */
  public boolean isFullRow() {
    return coverage == RowCoverage.FULL_ROW;
  }
}
