package io.hyperblock.bridge.device;

/** The handle was closed (or its export detached) before the operation ran; reopen the export. */
public final class DeviceClosedException extends BlockDeviceException {

  public DeviceClosedException(String message) {
    super(message, null);
  }
}
