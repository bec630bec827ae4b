package io.hyperblock.core.layout;

import io.hyperblock.core.protection.ErasureCoded;
import java.util.List;
import java.util.Objects;

/**
 * How one chunk of an erasure-coded k+m volume is striped over its k data shards.
 *
 * <p>The chunk's logical bytes are cut into stripe units of {@code stripeUnit} bytes, dealt round
 * robin to the data shards. Row {@code r} is stripe units {@code [r*k, r*k + k)}, i.e. chunk bytes
 * {@code [r * rowSize, (r + 1) * rowSize)} with {@code rowSize = k * stripeUnit}. Chunk offset
 * {@code o} lives at:
 *
 * <pre>
 *   row         = o / rowSize
 *   dataShard   = (o / stripeUnit) % k
 *   shardOffset = row * stripeUnit + o % stripeUnit
 * </pre>
 *
 * <p>Parity shard {@code j} holds, at shard offset {@code row * stripeUnit + x}, the parity of byte
 * {@code x} of the row's k data units; every shard of a chunk, data or parity, is {@link
 * #shardSize()} bytes.
 *
 * <p><b>Padding rule.</b> Chunk size and stripe unit are powers of two, but k need not be (EC_6_3,
 * EC_10_4), so the chunk need not be a whole number of rows. The shard size is therefore {@code
 * ceil(chunkSize / rowSize) * stripeUnit}: the last row may be partial, and its data units past the
 * chunk's end are <em>padding</em> that holds no logical bytes, reads as zeros and is encoded as
 * zeros. Because {@code stripeUnit <= chunkSize} and both are powers of two, padding is always
 * whole stripe units. With the defaults (128 MiB, 64 KiB) padding is under one row per chunk
 * (EC_6_3: 4 units of 64 KiB on 128 MiB); for power-of-two k there is none.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class StripeGeometry {

  /** The default stripe unit, 64 KiB. */
  public static final int DEFAULT_STRIPE_UNIT = 64 << 10;

  /**
   * The largest stripe unit, 64 MiB: a row ({@code k * stripeUnit}, k at most {@code
   * ErasureCoded.MAX_UNITS - 1}) must fit an {@code int} so a row op's length does.
   */
  public static final int MAX_STRIPE_UNIT = 1 << 26;

  /** At least one parity shard is needed, so the data shards are at most MAX_UNITS - 1. */
  public static final int MAX_DATA_SHARDS = ErasureCoded.MAX_UNITS - 1;

  private final long chunkSize;
  private final int dataShards;
  private final int stripeUnit;
  private final int unitShift;
  private final int rowSize;
  private final long rowCount;

  /**
   * @param chunkSize bytes per chunk, a power of two in [1, {@link IoSplitter#MAX_CHUNK_SIZE}]
   * @param dataShards k, in [1, {@link #MAX_DATA_SHARDS}]
   * @param stripeUnit bytes per stripe unit, a power of two no larger than {@code chunkSize} nor
   *     {@link #MAX_STRIPE_UNIT}. No lower bound here: the volume's block size sets the practical
   *     minimum, and tiny units let tests exercise every boundary.
   * @throws InvalidLayoutException if an argument breaks one of these limits
   */
  public StripeGeometry(long chunkSize, int dataShards, int stripeUnit) {
    IoSplitter.requireValidChunkSize(chunkSize);
    if (dataShards < 1 || dataShards > MAX_DATA_SHARDS) {
      throw new InvalidLayoutException(
          "data shards (k) must be between 1 and " + MAX_DATA_SHARDS + ", got " + dataShards);
    }
    if (stripeUnit <= 0
        || Integer.bitCount(stripeUnit) != 1
        || stripeUnit > MAX_STRIPE_UNIT
        || stripeUnit > chunkSize) {
      throw new InvalidLayoutException(
          "stripe unit must be a power of two no larger than the chunk size ("
              + chunkSize
              + " B) nor "
              + MAX_STRIPE_UNIT
              + " B (64 MiB), e.g. "
              + DEFAULT_STRIPE_UNIT
              + " (64 KiB); got "
              + stripeUnit
              + " B");
    }
    this.chunkSize = chunkSize;
    this.dataShards = dataShards;
    this.stripeUnit = stripeUnit;
    this.unitShift = Integer.numberOfTrailingZeros(stripeUnit);
    this.rowSize = dataShards * stripeUnit;
    this.rowCount = (chunkSize + rowSize - 1) / rowSize;
  }

  /** The geometry of {@code policy}'s data shards for the given chunk size and stripe unit. */
  public static StripeGeometry of(ErasureCoded policy, long chunkSize, int stripeUnit) {
    return new StripeGeometry(chunkSize, policy.dataUnits(), stripeUnit);
  }

  /** Chunk size in bytes. */
  public long chunkSize() {
    return chunkSize;
  }

  /** k, the number of data shards. */
  public int dataShards() {
    return dataShards;
  }

  /** Stripe unit in bytes. */
  public int stripeUnit() {
    return stripeUnit;
  }

  /** Logical bytes in a full row: {@code k * stripeUnit}. */
  public int rowSize() {
    return rowSize;
  }

  /** Rows per chunk, {@code ceil(chunkSize / rowSize)}; the last row may be padded. */
  public long rowCount() {
    return rowCount;
  }

  /** Bytes per shard (data or parity), {@code rowCount * stripeUnit}, padding included. */
  public long shardSize() {
    return rowCount * stripeUnit;
  }

  /**
   * Logical bytes in row {@code row}: {@link #rowSize()} except in a padded last row.
   *
   * @throws InvalidLayoutException if {@code row} is not in [0, rowCount)
   */
  public int rowLength(long row) {
    if (row < 0 || row >= rowCount) {
      throw new InvalidLayoutException(
          "row must be in [0, " + rowCount + ") for " + this + ", got " + row);
    }
    return (int) Math.min(rowSize, chunkSize - row * rowSize);
  }

  /**
   * Where chunk byte {@code offsetInChunk} is stored.
   *
   * @throws InvalidLayoutException if {@code offsetInChunk} is not in [0, chunkSize)
   */
  public UnitAddress locate(long offsetInChunk) {
    if (offsetInChunk < 0 || offsetInChunk >= chunkSize) {
      throw new InvalidLayoutException(
          "chunk offset must be in [0, " + chunkSize + "), got " + offsetInChunk);
    }
    long row = offsetInChunk / rowSize;
    int inRow = (int) (offsetInChunk - row * rowSize);
    return new UnitAddress(row, inRow >>> unitShift, row * stripeUnit + (inRow & (stripeUnit - 1)));
  }

  /**
   * The chunk offset stored at byte {@code shardOffset} of data shard {@code dataShard}: the
   * inverse of {@link #locate}.
   *
   * @throws InvalidLayoutException if the shard is not in [0, k), the offset is not in [0,
   *     shardSize), or the position is padding (check with {@link #isPadding} first when scanning a
   *     whole shard)
   */
  public long logicalOffset(int dataShard, long shardOffset) {
    long logical = unchecked(dataShard, shardOffset);
    if (logical >= chunkSize) {
      throw new InvalidLayoutException(
          "data shard "
              + dataShard
              + " offset "
              + shardOffset
              + " is padding past the chunk's last byte in "
              + this
              + "; it holds no logical data");
    }
    return logical;
  }

  /**
   * True when byte {@code shardOffset} of data shard {@code dataShard} is padding in the last row.
   *
   * @throws InvalidLayoutException if the shard is not in [0, k) or the offset not in [0,
   *     shardSize)
   */
  public boolean isPadding(int dataShard, long shardOffset) {
    return unchecked(dataShard, shardOffset) >= chunkSize;
  }

  private long unchecked(int dataShard, long shardOffset) {
    if (dataShard < 0 || dataShard >= dataShards) {
      throw new InvalidLayoutException(
          "data shard must be in [0, " + dataShards + "), got " + dataShard);
    }
    if (shardOffset < 0 || shardOffset >= shardSize()) {
      throw new InvalidLayoutException(
          "shard offset must be in [0, " + shardSize() + "), got " + shardOffset);
    }
    long row = shardOffset >>> unitShift;
    return row * rowSize + ((long) dataShard << unitShift) + (shardOffset & (stripeUnit - 1));
  }

  /** {@link #splitRows(long, int, long)} with buffer offsets counted from 0. */
  public List<RowOp> splitRows(long offsetInChunk, int length) {
    return splitRows(offsetInChunk, length, 0);
  }

  /** {@link #splitRows(long, int, long)} for one chunk op, with the op's buffer offsets. */
  public List<RowOp> splitRows(ChunkOp op) {
    return splitRows(op.offsetInChunk(), op.length(), op.bufferOffset());
  }

  /**
   * Splits chunk bytes {@code [offsetInChunk, offsetInChunk + length)} into per-row operations in
   * ascending order, each classified {@link RowCoverage#FULL_ROW} exactly when it covers every
   * logical byte of its row, and each listing its stripe-unit segments in logical order.
   *
   * @param offsetInChunk first chunk byte, {@code >= 0}
   * @param length bytes, {@code >= 0}, with {@code offsetInChunk + length <= chunkSize}; zero
   *     yields an empty list
   * @param bufferOffset buffer offset of the first byte, {@code >= 0}; later bytes follow it
   * @return the row ops; an immutable list
   * @throws InvalidLayoutException if the range is not inside the chunk or an argument is negative
   */
  public List<RowOp> splitRows(long offsetInChunk, int length, long bufferOffset) {
    RowOpCollector collector = new RowOpCollector(offsetInChunk, bufferOffset);
    forEachUnitSegment(offsetInChunk, length, bufferOffset, collector);
    return collector.rowOps();
  }

  /**
   * Calls {@code visitor} once per stripe-unit segment of {@code [offsetInChunk, offsetInChunk +
   * length)}, in logical order, with the values {@link #splitRows(long, int, long)} would return
   * (each segment tagged with its row and the row's coverage), without allocating: the form the
   * data path uses per request.
   *
   * @throws InvalidLayoutException as {@link #splitRows(long, int, long)}; the visitor is then not
   *     called at all
   * @throws NullPointerException if {@code visitor} is null
   */
  public void forEachUnitSegment(
      long offsetInChunk, int length, long bufferOffset, UnitSegmentVisitor visitor) {
    if (offsetInChunk < 0 || length < 0 || offsetInChunk > chunkSize - length) {
      throw new InvalidLayoutException(
          "chunk range at offset "
              + offsetInChunk
              + " with length "
              + length
              + " is not inside the chunk [0, "
              + chunkSize
              + "); split volume I/O with IoSplitter first");
    }
    if (bufferOffset < 0) {
      throw new InvalidLayoutException("buffer offset must be >= 0, got " + bufferOffset);
    }
    Objects.requireNonNull(visitor, "visitor");
    long end = offsetInChunk + length;
    long pos = offsetInChunk;
    while (pos < end) {
      long row = pos / rowSize;
      long rowStart = row * rowSize;
      long rowEnd = Math.min(rowStart + rowSize, chunkSize); // the last row may be padded
      long opEnd = Math.min(rowEnd, end);
      RowCoverage coverage =
          pos == rowStart && opEnd == rowEnd ? RowCoverage.FULL_ROW : RowCoverage.PARTIAL_ROW;
      while (pos < opEnd) {
        int inRow = (int) (pos - rowStart);
        long unitEnd = rowStart + ((long) ((inRow >>> unitShift) + 1) << unitShift);
        int n = (int) (Math.min(unitEnd, opEnd) - pos);
        visitor.visit(
            row,
            coverage,
            inRow >>> unitShift,
            row * stripeUnit + (inRow & (stripeUnit - 1)),
            n,
            bufferOffset + (pos - offsetInChunk));
        pos += n;
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StripeGeometry g
        && g.chunkSize == chunkSize
        && g.dataShards == dataShards
        && g.stripeUnit == stripeUnit;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(chunkSize) * 31 * 31 + dataShards * 31 + stripeUnit;
  }

  @Override
  public String toString() {
    return "StripeGeometry[chunkSize="
        + chunkSize
        + ", k="
        + dataShards
        + ", stripeUnit="
        + stripeUnit
        + "]";
  }
}
