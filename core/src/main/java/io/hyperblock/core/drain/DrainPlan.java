package io.hyperblock.core.drain;

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
import java.util.TreeMap;
import java.util.UUID;

/**
 * Which units leave a draining brick, where they go, and how many bytes that is.
 *
 * @param planId deterministic id of the content (same snapshot and brick, same id)
 * @param brickId the brick being drained
 * @param topologyVersion the topology version the plan was computed for
 * @param moves one per unit on the brick that can move, by volume, stripe and slot; each reads from
 *     the draining brick first
 * @param shortfalls stripes whose unit cannot leave (no free brick, or unreadable everywhere); the
 *     brick cannot become DRAINED while this is non-empty
 * @param newMaps per affected volume, its placement map at version + 1 with every move applied
 */
public record DrainPlan(
    String planId,
    UUID brickId,
    long topologyVersion,
    List<UnitMove> moves,
    List<StripeShortfall> shortfalls,
    Map<UUID, PlacementMap> newMaps) {

  public DrainPlan {
    moves = List.copyOf(moves);
    shortfalls = List.copyOf(shortfalls);
    newMaps = Collections.unmodifiableMap(new LinkedHashMap<>(newMaps));
  }

  /** Bytes all moves copy. */
  public long totalBytes() {
    return moves.stream().mapToLong(UnitMove::bytes).sum();
  }

  /** Bytes each target brick receives, ordered by brick id. */
  public Map<UUID, Long> bytesPerTarget() {
    Map<UUID, Long> out = new TreeMap<>();
    for (UnitMove m : moves) {
      out.merge(m.toBrick(), m.bytes(), Long::sum);
    }
    return Collections.unmodifiableMap(out);
  }

  /** Whether executing every move empties the brick. */
  public boolean emptiesBrick() {
    return shortfalls.isEmpty();
  }

  /**
   * Checks the plan against the current cluster before applying it: same topology version, and
   * every placement map it replaces still at the version it was computed from.
   *
   * @throws StalePlanException if not; make a new plan
   */
  public void validateAgainst(ClusterSnapshot current) {
    PlanValidation.requireCurrent("drain", planId, topologyVersion, newMaps, current);
  }

  /**
   * Checks the plan still fits the cluster.
   *
   * @throws StalePlanException if {@code currentTopologyVersion} differs from the plan's
   */
  public void validateAgainst(long currentTopologyVersion) {
    if (currentTopologyVersion != topologyVersion) {
      throw new StalePlanException("drain", planId, topologyVersion, currentTopologyVersion);
    }
  }
}
