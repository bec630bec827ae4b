package io.hyperblock.core.healing;

import io.hyperblock.core.cluster.ClusterSnapshot;
import io.hyperblock.core.cluster.Evacuation;
import io.hyperblock.core.cluster.PlanIds;
import io.hyperblock.core.cluster.StripeShortfall;
import io.hyperblock.core.cluster.UnitMove;
import io.hyperblock.core.cluster.VolumeLayout;
import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.PlacementMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Plans the rebuild of every unit that lives on a brick which no longer serves it (DOWN, DRAINED,
 * REMOVED, or absent from the topology).
 *
 * <p>Each lost unit gets a new brick from {@link io.hyperblock.core.cluster.Replacements}: TopoHash
 * over the snapshot's topology (where the failed bricks take no placements) with every surviving
 * unit kept in its slot, preferring a brick that keeps the stripe spread over racks. Its bytes come
 * from a readable replica ({@link io.hyperblock.core.cluster.MoveKind#COPY}) or from the stripe's
 * other readable shards ({@link io.hyperblock.core.cluster.MoveKind#RECONSTRUCT}). Units on UP and
 * DRAINING bricks never move, so a rebuild never disturbs healthy data.
 */
public final class RebuildPlanner {

  private RebuildPlanner() {}

  /**
   * The rebuild plan for a snapshot; deterministic (same snapshot, same plan and plan id).
   *
   * @return a plan with no task when nothing is lost
   */
  public static RebuildPlan plan(ClusterSnapshot snapshot) {
    List<UnitMove> tasks = new ArrayList<>();
    List<StripeShortfall> shortfalls = new ArrayList<>();
    Map<UUID, PlacementMap> newMaps = new LinkedHashMap<>();
    for (VolumeLayout volume : snapshot.volumes()) {
      Map<Long, ChunkGroup> changed = new LinkedHashMap<>();
      for (ChunkGroup group : volume.map().groups()) {
        Optional<Evacuation.StripeResult> r =
            Evacuation.stripe(snapshot, volume, group, b -> !snapshot.brickServes(b));
        if (r.isEmpty()) {
          continue;
        }
        Evacuation.StripeResult s = r.get();
        tasks.addAll(s.moves());
        if (!s.moves().isEmpty()) {
          changed.put(s.stripeIndex(), volume.group(s.stripeIndex(), s.newSlots()));
        }
        if (s.unrecoverableUnits() > 0) {
          shortfalls.add(
              shortfall(volume, s, StripeShortfall.Reason.DATA_UNAVAILABLE, s.leavingUnits()));
        } else if (s.unplacedUnits() > 0) {
          shortfalls.add(
              shortfall(volume, s, StripeShortfall.Reason.NO_TARGET_BRICK, s.unplacedUnits()));
        }
      }
      if (!changed.isEmpty()) {
        newMaps.put(volume.volumeId(), volume.nextMap(changed));
      }
    }
    long version = snapshot.topology().version();
    String id = PlanIds.of("rebuild", version, tasks, versions(newMaps));
    return new RebuildPlan(id, version, tasks, shortfalls, newMaps);
  }

  static StripeShortfall shortfall(
      VolumeLayout volume, Evacuation.StripeResult s, StripeShortfall.Reason reason, int left) {
    return new StripeShortfall(
        volume.volumeId(),
        volume.name(),
        s.stripeIndex(),
        reason,
        left,
        s.readableUnits(),
        volume.unitsNeededToRead());
  }

  private static Map<UUID, Long> versions(Map<UUID, PlacementMap> maps) {
    Map<UUID, Long> out = new LinkedHashMap<>();
    maps.forEach((id, m) -> out.put(id, m.version()));
    return out;
  }
}
