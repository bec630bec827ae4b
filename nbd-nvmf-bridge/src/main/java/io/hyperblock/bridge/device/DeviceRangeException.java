package io.hyperblock.bridge.device;

/**
 * The requested range {@code [offset, offset + length)} does not lie within {@code [0, size)}. The
 * request was not executed; retrying it cannot succeed.
 */
public final class DeviceRangeException extends BlockDeviceException {

  private final long offset;
  private final long length;
  private final long size;

  public DeviceRangeException(long offset, long length, long size) {
    super(
        "range ["
            + Long.toUnsignedString(offset)
            + ", +"
            + length
            + ") lies outside the device of "
            + size
            + " bytes",
        null);
    this.offset = offset;
    this.length = length;
    this.size = size;
  }

  /**
   * Throws this exception unless {@code [offset, offset + length)} lies within {@code [0, size)}.
   * Offsets are treated as unsigned, as on the wire, so a negative long is out of range.
   */
  public static void check(long offset, long length, long size) {
    if (offset < 0 || length < 0 || length > size || offset > size - length) {
      throw new DeviceRangeException(offset, length, size);
    }
  }

  public long offset() {
    return offset;
  }

  public long length() {
    return length;
  }

  public long size() {
    return size;
  }
}
