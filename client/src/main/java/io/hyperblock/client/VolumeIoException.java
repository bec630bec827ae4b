package io.hyperblock.client;

/**
 * Root of the errors a {@link VolumeClient} operation fails with. The subclasses say what the
 * caller can do: {@link VolumeFencedException} (stop, another exporter owns the volume), {@link
 * VolumeUnavailableException} (too many bricks failed: the I/O error goes to the block-device user;
 * data is intact once bricks return).
 */
public class VolumeIoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public VolumeIoException(String message, Throwable cause) {
    super(message, cause);
  }
}
