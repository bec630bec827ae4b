package io.hyperblock.brick.fence;

import java.util.UUID;

/**
 * A client mutation was refused because the placement of its stripe is changing on this brick (ADR
 * 0009): the stripe is frozen for a unit move, or the writer's placement version is below the
 * volume's placement floor. Nothing was applied. The writer refreshes its placement map and retries
 * the whole operation under the new map; it must not count this brick as failed.
 */
public final class PlacementChangedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the mutation was refused. */
  public enum Reason {
    /** The stripe is frozen (a unit of it is being moved). */
    FROZEN,
    /** The writer's placement version is below the volume's placement floor. */
    BELOW_FLOOR
  }

  private final UUID volumeId;
  private final long stripeIndex;
  private final Reason reason;
  private final long placementVersion;
  private final long floor;

  PlacementChangedException(
      UUID volumeId, long stripeIndex, Reason reason, long placementVersion, long floor) {
    super(message(volumeId, stripeIndex, reason, placementVersion, floor));
    this.volumeId = volumeId;
    this.stripeIndex = stripeIndex;
    this.reason = reason;
    this.placementVersion = placementVersion;
    this.floor = floor;
  }

  private static String message(
      UUID volumeId, long stripeIndex, Reason reason, long placementVersion, long floor) {
    String what =
        switch (reason) {
          case FROZEN ->
              "stripe "
                  + stripeIndex
                  + " of volume "
                  + volumeId
                  + " is frozen on this brick while one of its units moves";
          case BELOW_FLOOR ->
              "placement version "
                  + placementVersion
                  + " of volume "
                  + volumeId
                  + " is below this brick's placement floor "
                  + floor
                  + " (the volume's placement changed)";
        };
    return what
        + "; nothing was applied: refresh the placement map and retry the whole operation under"
        + " the new map (ADR 0009)";
  }

  public UUID volumeId() {
    return volumeId;
  }

  public long stripeIndex() {
    return stripeIndex;
  }

  public Reason reason() {
    return reason;
  }

  /** The writer's placement version. */
  public long placementVersion() {
    return placementVersion;
  }

  /** The volume's placement floor on this brick when the mutation was refused. */
  public long floor() {
    return floor;
  }
}
