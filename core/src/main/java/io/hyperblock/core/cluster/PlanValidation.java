package io.hyperblock.core.cluster;

import io.hyperblock.core.placement.PlacementMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The check every plan makes before it is applied: it must have been computed for the current
 * topology version, and each placement map it replaces must still be the one it started from (its
 * new map has version + 1), otherwise committing it would undo another plan's changes.
 */
public final class PlanValidation {

  private PlanValidation() {}

  /**
   * Refuses a plan that no longer fits {@code current}.
   *
   * @param planKind "rebuild", "drain" or "rebalance", for the message
   * @param planId the plan's id
   * @param topologyVersion the topology version the plan was computed for
   * @param newMaps the plan's new maps, each at its base version + 1
   * @param current the cluster now
   * @throws StalePlanException if the topology version differs, or an affected volume's map is at
   *     another version than the plan's base (a volume that no longer exists counts as changed)
   */
  public static void requireCurrent(
      String planKind,
      String planId,
      long topologyVersion,
      Map<UUID, PlacementMap> newMaps,
      ClusterSnapshot current) {
    long now = current.topology().version();
    if (now != topologyVersion) {
      throw new StalePlanException(planKind, planId, topologyVersion, now);
    }
    for (PlacementMap next : newMaps.values()) {
      long base = next.version() - 1;
      Optional<VolumeLayout> v = current.volume(next.volumeId());
      long actual = v.map(x -> x.map().version()).orElse(-1L);
      if (actual != base) {
        throw new StalePlanException(
            planKind, planId, topologyVersion, next.volumeId(), base, actual);
      }
    }
  }
}
