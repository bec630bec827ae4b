package io.hyperblock.client.brick;

import java.util.UUID;

/**
 * The brick did not answer (down, unreachable, deadline exceeded, shutting down). The caller uses
 * the other replicas or units and reports the brick; the request may have been applied or not.
 */
public final class BrickUnavailableException extends BrickIoException {
  private static final long serialVersionUID = 1L;

  public BrickUnavailableException(UUID brickId, String message, Throwable cause) {
    super(brickId, message, cause);
  }
}
