package io.hyperblock.client.brick;

import java.util.UUID;

/**
 * The brick rejected a mutation because a newer writer attached the volume (a higher fencing
 * epoch). This client must stop writing: every later write would be rejected too.
 */
public final class BrickFencedException extends BrickIoException {
  private static final long serialVersionUID = 1L;

  public BrickFencedException(UUID brickId, String message, Throwable cause) {
    super(brickId, message, cause);
  }
}
