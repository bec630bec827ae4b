package io.hyperblock.core.healing;

import io.hyperblock.core.cluster.ClusterSnapshot;
import io.hyperblock.core.cluster.PlanValidation;
import io.hyperblock.core.cluster.StalePlanException;
import io.hyperblock.core.cluster.StripeShortfall;
import io.hyperblock.core.cluster.UnitMove;
import io.hyperblock.core.placement.PlacementMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What to rebuild after bricks failed. Execute every task (each recreates one unit on its target
 * brick), then commit {@link #newMaps()}; a stripe in {@link #shortfalls()} keeps the affected
 * units where they are.
 *
 * @param planId deterministic id of the content (see {@link io.hyperblock.core.cluster.PlanIds})
 * @param topologyVersion the topology version the plan was computed for
 * @param tasks one per lost unit that can be rebuilt, by volume, stripe and slot
 * @param shortfalls stripes left short: data unavailable, or no brick to rebuild onto
 * @param newMaps per affected volume, its placement map at version + 1 with every task applied
 */
public record RebuildPlan(
    String planId,
    long topologyVersion,
    List<UnitMove> tasks,
    List<StripeShortfall> shortfalls,
    Map<UUID, PlacementMap> newMaps) {

  public RebuildPlan {
    tasks = List.copyOf(tasks);
    shortfalls = List.copyOf(shortfalls);
    newMaps = Collections.unmodifiableMap(new LinkedHashMap<>(newMaps));
  }

  /** Stripes whose data is unavailable (fewer readable units than needed to rebuild). */
  public List<StripeShortfall> unavailable() {
    return shortfalls.stream()
        .filter(s -> s.reason() == StripeShortfall.Reason.DATA_UNAVAILABLE)
        .toList();
  }

  /** Stripes with rebuildable units but no brick to put them on. */
  public List<StripeShortfall> withoutTarget() {
    return shortfalls.stream()
        .filter(s -> s.reason() == StripeShortfall.Reason.NO_TARGET_BRICK)
        .toList();
  }

  /** Bytes all tasks write. */
  public long totalBytes() {
    return tasks.stream().mapToLong(UnitMove::bytes).sum();
  }

  /**
   * Checks the plan against the current cluster before applying it: same topology version, and
   * every placement map it replaces still at the version it was computed from.
   *
   * @throws StalePlanException if not; make a new plan
   */
  public void validateAgainst(ClusterSnapshot current) {
    PlanValidation.requireCurrent("rebuild", planId, topologyVersion, newMaps, current);
  }

  /**
   * Checks the plan still fits the cluster.
   *
   * @throws StalePlanException if {@code currentTopologyVersion} differs from the plan's
   */
  public void validateAgainst(long currentTopologyVersion) {
    if (currentTopologyVersion != topologyVersion) {
      throw new StalePlanException("rebuild", planId, topologyVersion, currentTopologyVersion);
    }
  }
}
