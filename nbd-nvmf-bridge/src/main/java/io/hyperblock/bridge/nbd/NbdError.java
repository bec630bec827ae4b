package io.hyperblock.bridge.nbd;

import io.hyperblock.bridge.device.DeviceClosedException;
import io.hyperblock.bridge.device.DeviceIoException;
import io.hyperblock.bridge.device.DeviceRangeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The error values a simple reply carries ("Error values" section of the NBD spec; they are the
 * Linux errno numbers, fixed by the protocol whatever the server's platform).
 */
enum NbdError {
  NONE(0),
  EPERM(1),
  EIO(5),
  ENOMEM(12),
  EINVAL(22),
  ENOSPC(28),
  EOVERFLOW(75),
  ENOTSUP(95),
  ESHUTDOWN(108);

  private final int code;

  NbdError(int code) {
    this.code = code;
  }

  int code() {
    return code;
  }

  /**
   * Maps a device failure to the error the spec prescribes. An out-of-range write reports ENOSPC
   * and an out-of-range read EINVAL ("Request types": NBD_CMD_WRITE "SHOULD return ENOSPC" when the
   * request goes beyond the export size). Unknown throwables become EIO.
   */
  static NbdError of(Throwable failure, boolean writes) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return switch (t) {
      case DeviceRangeException r -> writes ? ENOSPC : EINVAL;
      case DeviceClosedException c -> ESHUTDOWN;
      case DeviceIoException io -> EIO;
      case UnsupportedOperationException u -> ENOTSUP;
      case OutOfMemoryError oom -> ENOMEM;
      default -> EIO;
    };
  }
}
