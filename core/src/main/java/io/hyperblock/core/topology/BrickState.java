package io.hyperblock.core.topology;

/** Lifecycle of a brick as the management server sees it. */
public enum BrickState {
  /** Heartbeating and serving; the only state that takes new placements. */
  UP,
  /**
   * Missed heartbeats past the down-after threshold; its units are candidates for rebuild. Liveness
   * wins over a drain: a DRAINING brick that falls silent goes DOWN too, and the management server
   * keeps its drain intent apart (it comes back DRAINING, not UP).
   */
  DOWN,
  /** An operator asked for its data to move elsewhere; serves reads, takes no new placements. */
  DRAINING,
  /** Holds no data any more; may be removed. */
  DRAINED,
  /**
   * Removed from the cluster; kept only for history. Its host and data directory may be reused by a
   * replacement brick.
   */
  REMOVED;

  /** Whether TopoHash may place new units on a brick in this state. */
  public boolean acceptsNewPlacements() {
    return this == UP;
  }
}
