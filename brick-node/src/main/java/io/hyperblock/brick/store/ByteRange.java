package io.hyperblock.brick.store;

/**
 * A half-open byte range {@code [offset, offset + length)} of a shard.
 *
 * @param offset first byte, {@code >= 0}
 * @param length number of bytes, {@code > 0}
 */
public record ByteRange(long offset, long length) {
  public ByteRange {
    if (offset < 0 || length <= 0 || offset + length < 0) {
      throw new InvalidRangeException(
          "byte range at " + offset + " of " + length + " bytes is empty, negative or overflows");
    }
  }

  /** One past the last byte. */
  public long end() {
    return offset + length;
  }
}
