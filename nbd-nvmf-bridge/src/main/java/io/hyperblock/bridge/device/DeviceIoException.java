package io.hyperblock.bridge.device;

/**
 * The device could not complete the operation (medium error, lost quorum, fenced by a newer
 * attachment). The contents of the affected range are unknown; the caller may retry or fail over.
 */
public final class DeviceIoException extends BlockDeviceException {

  public DeviceIoException(String message, Throwable cause) {
    super(message, cause);
  }
}
