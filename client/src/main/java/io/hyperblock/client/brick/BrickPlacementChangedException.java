package io.hyperblock.client.brick;

import java.util.UUID;

/**
 * The brick refused a mutation because the stripe's placement is changing (the stripe is frozen for
 * a unit move) or the writer's placement version is below the volume's placement floor on the brick
 * (ADR 0009). Nothing was applied. Not a brick failure: refresh the placement map and retry the
 * whole operation under the new map.
 */
public final class BrickPlacementChangedException extends BrickIoException {
  private static final long serialVersionUID = 1L;

  public BrickPlacementChangedException(UUID brickId, String message, Throwable cause) {
    super(brickId, message, cause);
  }
}
