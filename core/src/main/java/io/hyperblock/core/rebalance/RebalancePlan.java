package io.hyperblock.core.rebalance;

import io.hyperblock.core.cluster.ClusterSnapshot;
import io.hyperblock.core.cluster.PlanValidation;
import io.hyperblock.core.cluster.StalePlanException;
import io.hyperblock.core.cluster.UnitMove;
import io.hyperblock.core.placement.PlacementMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToDoubleFunction;

/**
 * The movement a rebalance makes, shown before anything moves.
 *
 * @param planId deterministic id of the content (same snapshot, same id)
 * @param topologyVersion the topology version the plan was computed for; {@link
 *     #validateAgainst(long)} refuses the plan on any other
 * @param moves units whose TopoHash placement changed, by volume, stripe and slot; each copies from
 *     the brick the unit leaves
 * @param totalUnits units of all stripes the planner looked at (moves / totalUnits is the moved
 *     fraction)
 * @param skippedStripes degraded stripes left alone (a rebuild restores them first)
 * @param fills every brick holding units or taking placements, in topology order
 * @param newMaps per affected volume, its placement map at version + 1 with every move applied
 */
public record RebalancePlan(
    String planId,
    long topologyVersion,
    List<UnitMove> moves,
    long totalUnits,
    long skippedStripes,
    List<BrickFill> fills,
    Map<UUID, PlacementMap> newMaps) {

  public RebalancePlan {
    moves = List.copyOf(moves);
    fills = List.copyOf(fills);
    newMaps = Collections.unmodifiableMap(new LinkedHashMap<>(newMaps));
  }

  /** Bytes all moves copy. */
  public long totalBytes() {
    return moves.stream().mapToLong(UnitMove::bytes).sum();
  }

  /** Moved units as a fraction of all units (0 when there are none). */
  public double movedFraction() {
    return totalUnits == 0 ? 0 : (double) moves.size() / totalUnits;
  }

  /** Highest over lowest fill among bricks that take placements, now (1 = perfectly even). */
  public double imbalanceBefore() {
    return imbalance(BrickFill::fillBefore);
  }

  /** Highest over lowest fill among bricks that take placements, once applied. */
  public double imbalanceAfter() {
    return imbalance(BrickFill::fillAfter);
  }

  private double imbalance(ToDoubleFunction<BrickFill> fill) {
    double max = 0;
    double min = Double.POSITIVE_INFINITY;
    for (BrickFill f : fills) {
      if (f.takesPlacements()) {
        max = Math.max(max, fill.applyAsDouble(f));
        min = Math.min(min, fill.applyAsDouble(f));
      }
    }
    if (max == 0) {
      return 1;
    }
    return min == 0 ? Double.POSITIVE_INFINITY : max / min;
  }

  /**
   * Checks the plan against the current cluster before applying it: same topology version, and
   * every placement map it replaces still at the version it was computed from.
   *
   * @throws StalePlanException if not; make a new plan
   */
  public void validateAgainst(ClusterSnapshot current) {
    PlanValidation.requireCurrent("rebalance", planId, topologyVersion, newMaps, current);
  }

  /**
   * Checks the plan was made for the current topology.
   *
   * @throws StalePlanException if {@code currentTopologyVersion} differs from the plan's; make a
   *     new plan
   */
  public void validateAgainst(long currentTopologyVersion) {
    if (currentTopologyVersion != topologyVersion) {
      throw new StalePlanException("rebalance", planId, topologyVersion, currentTopologyVersion);
    }
  }
}
