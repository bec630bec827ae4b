package io.hyperblock.core.rebalance;

import io.hyperblock.core.cluster.ClusterSnapshot;
import io.hyperblock.core.cluster.PlanIds;
import io.hyperblock.core.cluster.Sources;
import io.hyperblock.core.cluster.UnitMove;
import io.hyperblock.core.cluster.VolumeLayout;
import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.placement.TopoHash;
import io.hyperblock.core.topology.Brick;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Plans a rebalance: for every healthy stripe, the ideal placement under the current topology
 * ({@code TopoHash.place}, then {@code TopoHash.keepPositions} against the current map so a brick
 * that stays keeps its slot) against the current one; each slot that differs is a move. Since
 * TopoHash is weighted rendezvous, adding bricks moves units only where the ranking changed: in a
 * flat layout only onto the new bricks, about {@code w_new / W_total} of all units.
 *
 * <p>Stripes with an unreadable unit are skipped (counted in {@link
 * RebalancePlan#skippedStripes()}): restoring redundancy is the rebuild planner's job and comes
 * first. Units on a DRAINING brick are healthy but no longer in TopoHash's placement, so a
 * rebalance moves them too (copied from the draining brick), as a drain would.
 */
public final class RebalancePlanner {

  private RebalancePlanner() {}

  /**
   * The rebalance plan for a snapshot; deterministic.
   *
   * @throws io.hyperblock.core.placement.PlacementException if the topology has fewer placeable
   *     bricks than some volume's units per stripe (add bricks first)
   */
  public static RebalancePlan plan(ClusterSnapshot snapshot) {
    List<UnitMove> moves = new ArrayList<>();
    Map<UUID, PlacementMap> newMaps = new LinkedHashMap<>();
    Map<UUID, Long> before = new HashMap<>();
    Map<UUID, Long> after = new HashMap<>();
    long totalUnits = 0;
    long skipped = 0;
    for (VolumeLayout volume : snapshot.volumes()) {
      int units = volume.policy().unitsPerStripe();
      Map<Long, ChunkGroup> changed = new LinkedHashMap<>();
      for (ChunkGroup group : volume.map().groups()) {
        long stripe = group.stripeIndex();
        List<UUID> current = volume.slots(group);
        current.forEach(b -> before.merge(b, volume.unitBytes(), Long::sum));
        if (Sources.readableUnits(snapshot, volume, stripe, current) < units) {
          skipped++;
          current.forEach(b -> after.merge(b, volume.unitBytes(), Long::sum));
          continue;
        }
        totalUnits += units;
        List<UUID> fresh =
            TopoHash.place(
                snapshot.topology(),
                volume.rule(),
                TopoHash.pgId(volume.volumeId(), stripe),
                units);
        List<UUID> ideal = TopoHash.keepPositions(current, fresh);
        ideal.forEach(b -> after.merge(b, volume.unitBytes(), Long::sum));
        if (ideal.equals(current)) {
          continue;
        }
        for (int slot = 0; slot < units; slot++) {
          if (!ideal.get(slot).equals(current.get(slot))) {
            Sources.Transfer t =
                Sources.forSlot(snapshot, volume, stripe, current, slot).orElseThrow();
            moves.add(
                new UnitMove(
                    volume.volumeId(),
                    stripe,
                    slot,
                    current.get(slot),
                    ideal.get(slot),
                    t.bricks(),
                    t.kind(),
                    volume.unitBytes()));
          }
        }
        changed.put(stripe, volume.group(stripe, ideal));
      }
      if (!changed.isEmpty()) {
        newMaps.put(volume.volumeId(), volume.nextMap(changed));
      }
    }
    List<BrickFill> fills = new ArrayList<>();
    for (Brick b : snapshot.topology().bricks()) {
      long bytesBefore = before.getOrDefault(b.id(), 0L);
      long bytesAfter = after.getOrDefault(b.id(), 0L);
      if (b.takesPlacements() || bytesBefore > 0 || bytesAfter > 0) {
        fills.add(new BrickFill(b.id(), b.weight(), b.takesPlacements(), bytesBefore, bytesAfter));
      }
    }
    long version = snapshot.topology().version();
    Map<UUID, Long> versions = new LinkedHashMap<>();
    newMaps.forEach((id, m) -> versions.put(id, m.version()));
    String id = PlanIds.of("rebalance", version, moves, versions);
    return new RebalancePlan(id, version, moves, totalUnits, skipped, fills, newMaps);
  }
}
