package io.hyperblock.client;

/**
 * A brick rejected this client's write because the volume was attached again with a newer fencing
 * epoch. The client is fenced for good: every later write fails the same way. Close it; only the
 * newer attachment may write.
 */
public final class VolumeFencedException extends VolumeIoException {
  private static final long serialVersionUID = 1L;

  public VolumeFencedException(String message, Throwable cause) {
    super(message, cause);
  }
}
