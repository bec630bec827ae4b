package io.hyperblock.client.brick;

import java.util.UUID;

/**
 * A conditional unit write found another generation than expected: the row changed since it was
 * read (a bug in row serialization, or a retry of a write that did apply). Re-read the row.
 */
public final class GenerationConflictException extends BrickIoException {
  private static final long serialVersionUID = 1L;

  public GenerationConflictException(UUID brickId, String message, Throwable cause) {
    super(brickId, message, cause);
  }
}
