package io.hyperblock.core.cluster;

/**
 * A plan was computed for an older cluster topology than the current one, so its moves may target
 * bricks that left or miss bricks that joined. Nothing was applied; make a new plan from the
 * current snapshot.
 */
public class StalePlanException extends PlanningException {
  private final String planId;
  private final long planTopologyVersion;
  private final long currentTopologyVersion;

  public StalePlanException(
      String planKind, String planId, long planTopologyVersion, long currentTopologyVersion) {
    super(
        planKind
            + " plan "
            + planId
            + " was computed for topology version "
            + planTopologyVersion
            + " but the cluster is at version "
            + currentTopologyVersion
            + "; make a new "
            + planKind
            + " plan and review it before applying");
    this.planId = planId;
    this.planTopologyVersion = planTopologyVersion;
    this.currentTopologyVersion = currentTopologyVersion;
  }

  /**
   * A plan whose new placement map for {@code volumeId} was computed from {@code planMapVersion}
   * while the volume's map is now at {@code currentMapVersion}: committing it would undo the
   * changes committed since (by another rebuild, drain or rebalance).
   */
  public StalePlanException(
      String planKind,
      String planId,
      long topologyVersion,
      java.util.UUID volumeId,
      long planMapVersion,
      long currentMapVersion) {
    super(
        planKind
            + " plan "
            + planId
            + " was computed from placement map version "
            + planMapVersion
            + " of volume "
            + volumeId
            + " but that map is now at version "
            + currentMapVersion
            + "; another plan was committed since: make a new "
            + planKind
            + " plan");
    this.planId = planId;
    this.planTopologyVersion = topologyVersion;
    this.currentTopologyVersion = topologyVersion;
  }

  /** The refused plan's id. */
  public String planId() {
    return planId;
  }

  /** The topology version the plan was computed for. */
  public long planTopologyVersion() {
    return planTopologyVersion;
  }

  /** The topology version the caller checked against. */
  public long currentTopologyVersion() {
    return currentTopologyVersion;
  }
}
