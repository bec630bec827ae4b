package io.hyperblock.brick.store;

/** Validation of byte ranges at the store boundary. */
final class Ranges {
  private Ranges() {}

  /**
   * Checks {@code [offset, offset + length)}: non-negative, no overflow, at most {@code maxLength}
   * bytes (the max I/O size bounds per-request buffers and journal records).
   */
  static void check(long offset, long length, long maxLength) {
    if (offset < 0) {
      throw new InvalidRangeException("offset " + offset + " is negative; offsets start at 0");
    }
    if (length < 0) {
      throw new InvalidRangeException("length " + length + " is negative");
    }
    if (offset + length < 0) {
      throw new InvalidRangeException(
          "range at offset " + offset + " of " + length + " bytes overflows a 64-bit offset");
    }
    if (length > maxLength) {
      throw new InvalidRangeException(
          "I/O of "
              + length
              + " bytes exceeds the store's maximum of "
              + maxLength
              + " bytes; split the request");
    }
  }
}
