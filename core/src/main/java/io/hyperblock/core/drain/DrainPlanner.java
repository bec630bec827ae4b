package io.hyperblock.core.drain;

import io.hyperblock.core.cluster.ClusterSnapshot;
import io.hyperblock.core.cluster.Evacuation;
import io.hyperblock.core.cluster.PlanIds;
import io.hyperblock.core.cluster.StripeShortfall;
import io.hyperblock.core.cluster.UnitMove;
import io.hyperblock.core.cluster.VolumeLayout;
import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.core.topology.ClusterTopology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Plans the drain of one brick: every unit on it moves to a brick chosen like a rebuild would
 * ({@link io.hyperblock.core.cluster.Replacements}: TopoHash with the brick taking no placements,
 * other units kept in their slots, rack spread preferred), copied from the draining brick itself
 * while it still serves reads (for a replica, the other replicas are listed as fallback sources).
 */
public final class DrainPlanner {

  private DrainPlanner() {}

  /**
   * The drain plan for {@code brickId}; deterministic.
   *
   * <p>The brick should be DRAINING in the snapshot. An UP brick is planned as if it were DRAINING
   * (a preview): marking it DRAINING bumps the topology version, so plan again after that (the
   * moves are the same, the plan id and version are new).
   *
   * @throws DrainRefusedException if the brick is unknown, DOWN, DRAINED or REMOVED
   */
  public static DrainPlan plan(ClusterSnapshot snapshot, UUID brickId) {
    ClusterTopology current = snapshot.topology();
    Brick brick =
        current
            .brick(brickId)
            .orElseThrow(
                () ->
                    new DrainRefusedException(
                        brickId,
                        "no brick "
                            + brickId
                            + " in topology version "
                            + current.version()
                            + "; list bricks to find its id"));
    ClusterTopology topology =
        switch (brick.state()) {
          case UP -> current.withBrickState(brickId, BrickState.DRAINING);
          case DRAINING -> current;
          case DOWN ->
              throw new DrainRefusedException(
                  brickId,
                  "brick "
                      + brickId
                      + " is DOWN and cannot serve its data for a drain; its units are rebuilt from"
                      + " the other units (see the rebuild plan), or bring it back UP and drain again");
          case DRAINED, REMOVED ->
              throw new DrainRefusedException(
                  brickId,
                  "brick " + brickId + " is " + brick.state() + " and holds nothing to drain");
        };
    ClusterSnapshot view = snapshot.withTopology(topology);
    List<UnitMove> moves = new ArrayList<>();
    List<StripeShortfall> shortfalls = new ArrayList<>();
    Map<UUID, PlacementMap> newMaps = new LinkedHashMap<>();
    for (VolumeLayout volume : snapshot.volumes()) {
      Map<Long, ChunkGroup> changed = new LinkedHashMap<>();
      for (ChunkGroup group : volume.map().groups()) {
        Optional<Evacuation.StripeResult> r =
            Evacuation.stripe(view, volume, group, b -> b.equals(brickId));
        if (r.isEmpty()) {
          continue;
        }
        Evacuation.StripeResult s = r.get();
        moves.addAll(s.moves());
        if (!s.moves().isEmpty()) {
          changed.put(s.stripeIndex(), volume.group(s.stripeIndex(), s.newSlots()));
        }
        if (s.unrecoverableUnits() > 0 || s.unplacedUnits() > 0) {
          shortfalls.add(shortfall(volume, s));
        }
      }
      if (!changed.isEmpty()) {
        newMaps.put(volume.volumeId(), volume.nextMap(changed));
      }
    }
    long version = snapshot.topology().version();
    Map<UUID, Long> versions = new LinkedHashMap<>();
    newMaps.forEach((id, m) -> versions.put(id, m.version()));
    String id = PlanIds.of("drain", version, moves, versions);
    return new DrainPlan(id, brickId, version, moves, shortfalls, newMaps);
  }

  private static StripeShortfall shortfall(VolumeLayout volume, Evacuation.StripeResult s) {
    boolean unreadable = s.unrecoverableUnits() > 0;
    return new StripeShortfall(
        volume.volumeId(),
        volume.name(),
        s.stripeIndex(),
        unreadable
            ? StripeShortfall.Reason.DATA_UNAVAILABLE
            : StripeShortfall.Reason.NO_TARGET_BRICK,
        unreadable ? s.unrecoverableUnits() : s.unplacedUnits(),
        s.readableUnits(),
        volume.unitsNeededToRead());
  }
}
