package io.hyperblock.core.placement;

/**
 * The topology cannot hold a stripe: fewer UP bricks with a positive weight than slots asked.
 * Nothing was placed. The caller should refuse the volume (or the rebuild) and tell the operator to
 * add bricks or bring bricks back up; retrying with the same topology fails again.
 */
public class PlacementException extends RuntimeException {
  private final int placeableBricks;
  private final int requestedSlots;

  public PlacementException(int placeableBricks, int requestedSlots, long topologyVersion) {
    super(
        "cannot place "
            + requestedSlots
            + " units on distinct bricks: topology version "
            + topologyVersion
            + " has only "
            + placeableBricks
            + " UP bricks with weight > 0; add bricks or bring DOWN bricks back");
    this.placeableBricks = placeableBricks;
    this.requestedSlots = requestedSlots;
  }

  /** UP bricks with a positive weight in the topology. */
  public int placeableBricks() {
    return placeableBricks;
  }

  /** Slots the caller asked for. */
  public int requestedSlots() {
    return requestedSlots;
  }
}
