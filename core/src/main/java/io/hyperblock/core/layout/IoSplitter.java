package io.hyperblock.core.layout;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cuts a volume byte range into per-chunk operations ({@code split_io}).
 *
 * <p>A volume's logical byte space is a sequence of chunks of {@code chunkSize} bytes; volume byte
 * {@code b} lives in chunk {@code b / chunkSize} at offset {@code b % chunkSize}. For a request
 * {@code [offset, offset + length)} the splitter yields the ops in ascending order; they are
 * contiguous, never overlap, never cross a chunk boundary, and together cover exactly the request.
 * Their buffer offsets run from 0 to {@code length} in the same order, so op {@code i} reads or
 * writes request-buffer bytes {@code [bufferOffset, bufferOffset + length)}.
 *
 * <p>The splitter does not know the volume size: the caller checks the request against it first (an
 * NBD request past the end of the export is the client's error, not a layout one).
 */
public final class IoSplitter {

  /** The default chunk (stripe) size, 128 MiB. */
  public static final long DEFAULT_CHUNK_SIZE = 128L << 20;

  /**
   * The largest chunk size, 1 GiB: {@link ChunkOp#length()} is an {@code int} so that one op fits a
   * single Java array or {@code ByteBuffer}, and 2^30 is the largest power of two an {@code int}
   * holds.
   */
  public static final long MAX_CHUNK_SIZE = 1L << 30;

  /** Java lists (and arrays) hold at most about {@code Integer.MAX_VALUE} elements. */
  private static final long MAX_LISTED_OPS = Integer.MAX_VALUE - 8;

  private IoSplitter() {}

  /**
   * Splits {@code [offset, offset + length)} into chunk operations.
   *
   * @param offset first volume byte, {@code >= 0}
   * @param length number of bytes, {@code >= 0}; {@code offset + length} must not exceed {@link
   *     Long#MAX_VALUE}. A zero length yields an empty list.
   * @param chunkSize chunk size in bytes, a power of two in [1, {@link #MAX_CHUNK_SIZE}]
   * @return the ops in ascending offset order; an immutable list the caller may keep
   * @throws InvalidLayoutException if an argument breaks one of the limits above, or the range
   *     spans more chunks than a list can hold (use {@link #forEachChunkOp} for such ranges)
   */
  public static List<ChunkOp> split(long offset, long length, long chunkSize) {
    long count = countOps(offset, length, chunkSize);
    if (count > MAX_LISTED_OPS) {
      throw new InvalidLayoutException(
          "I/O range at offset "
              + offset
              + " with length "
              + length
              + " spans "
              + count
              + " chunks, more than a list can hold; iterate with forEachChunkOp instead");
    }
    List<ChunkOp> ops = new ArrayList<>((int) count);
    forEachChunkOp(
        offset,
        length,
        chunkSize,
        (chunk, inChunk, n, buf) -> ops.add(new ChunkOp(chunk, inChunk, n, buf)));
    return List.copyOf(ops);
  }

  /**
   * Calls {@code visitor} once per chunk operation of {@code [offset, offset + length)}, in the
   * order and with the values {@link #split} would return, without allocating.
   *
   * @throws InvalidLayoutException if an argument breaks a limit of {@link #split}; the visitor is
   *     then not called at all
   * @throws NullPointerException if {@code visitor} is null
   */
  public static void forEachChunkOp(
      long offset, long length, long chunkSize, ChunkOpVisitor visitor) {
    validate(offset, length, chunkSize);
    Objects.requireNonNull(visitor, "visitor");
    int shift = Long.numberOfTrailingZeros(chunkSize);
    long mask = chunkSize - 1;
    long end = offset + length;
    long pos = offset;
    while (pos < end) {
      long inChunk = pos & mask;
      // min(bytes left in this chunk, bytes left in the request): <= chunkSize, so fits an int
      int n = (int) Math.min(chunkSize - inChunk, end - pos);
      visitor.visit(pos >>> shift, inChunk, n, pos - offset);
      pos += n;
    }
  }

  /**
   * The number of ops {@link #split} returns for the same arguments, computed in O(1): the number
   * of chunks {@code [offset, offset + length)} touches.
   *
   * @throws InvalidLayoutException if an argument breaks a limit of {@link #split}
   */
  public static long countOps(long offset, long length, long chunkSize) {
    validate(offset, length, chunkSize);
    if (length == 0) {
      return 0;
    }
    int shift = Long.numberOfTrailingZeros(chunkSize);
    return ((offset + length - 1) >>> shift) - (offset >>> shift) + 1;
  }

  /**
   * Checks that {@code chunkSize} is a power of two in [1, {@link #MAX_CHUNK_SIZE}]; chunk
   * arithmetic relies on shifts and masks, and a chunk's bytes must be addressable by {@code int}.
   *
   * @throws InvalidLayoutException otherwise
   */
  public static void requireValidChunkSize(long chunkSize) {
    if (chunkSize <= 0 || Long.bitCount(chunkSize) != 1 || chunkSize > MAX_CHUNK_SIZE) {
      throw new InvalidLayoutException(
          "chunk size must be a power of two between 1 B and "
              + MAX_CHUNK_SIZE
              + " B (1 GiB), e.g. "
              + DEFAULT_CHUNK_SIZE
              + " (128 MiB); got "
              + chunkSize
              + " B");
    }
  }

  private static void validate(long offset, long length, long chunkSize) {
    requireValidChunkSize(chunkSize);
    if (offset < 0) {
      throw new InvalidLayoutException("I/O offset must be >= 0, got " + offset);
    }
    if (length < 0) {
      throw new InvalidLayoutException("I/O length must be >= 0, got " + length);
    }
    if (offset > Long.MAX_VALUE - length) {
      throw new InvalidLayoutException(
          "I/O range at offset "
              + offset
              + " with length "
              + length
              + " ends past the largest byte offset "
              + Long.MAX_VALUE
              + "; shorten the request");
    }
  }
}
