package io.hyperblock.bridge.device;

/**
 * Root of the failures a {@link BlockDevice} reports. Each subclass says what the caller should do;
 * exporters map them to their protocol's error codes (NBD: EINVAL/ENOSPC, EIO, ESHUTDOWN).
 */
public abstract sealed class BlockDeviceException extends RuntimeException
    permits DeviceRangeException, DeviceIoException, DeviceClosedException {

  protected BlockDeviceException(String message, Throwable cause) {
    super(message, cause);
  }
}
