package io.hyperblock.client.brick;

import java.util.UUID;

/**
 * A block the read touched failed its checksum on the brick; no bytes were returned. Read the range
 * from redundancy and rewrite it on this brick (whole 4 KiB blocks).
 */
public final class BrickCorruptDataException extends BrickIoException {
  private static final long serialVersionUID = 1L;

  public BrickCorruptDataException(UUID brickId, String message, Throwable cause) {
    super(brickId, message, cause);
  }
}
