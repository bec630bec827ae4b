package io.hyperblock.client.brick;

import java.util.UUID;

/**
 * Root of the errors a {@link BrickChannel} reports (as the cause of a failed future). A plain
 * {@code BrickIoException} is an unexpected brick-side error: treat the brick as failed for this
 * unit (use redundancy, report it).
 */
public class BrickIoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final UUID brickId;

  public BrickIoException(UUID brickId, String message, Throwable cause) {
    super("brick " + brickId + ": " + message, cause);
    this.brickId = brickId;
  }

  /** The brick that failed. */
  public UUID brickId() {
    return brickId;
  }
}
