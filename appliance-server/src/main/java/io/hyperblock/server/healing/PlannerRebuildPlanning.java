package io.hyperblock.server.healing;

import io.hyperblock.core.cluster.ClusterSnapshot;
import io.hyperblock.core.cluster.UnitKey;
import io.hyperblock.core.cluster.UnitMove;
import io.hyperblock.core.cluster.VolumeLayout;
import io.hyperblock.core.healing.RebuildPlan;
import io.hyperblock.core.healing.RebuildPlanner;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.placement.VolumePlacer;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.metadata.RebuildTask;
import io.hyperblock.server.metadata.ReplicaFailure;
import io.hyperblock.server.metadata.VolumeRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@link RebuildPlanning} by core's {@link RebuildPlanner} (TopoHash with the failed bricks
 * excluded, other placements left alone). Units reported stale by clients are never used as
 * sources. Only moves away from {@code replaced} become tasks: a brick still inside its
 * wait-before-replace window keeps its units.
 */
public final class PlannerRebuildPlanning implements RebuildPlanning {

  @Override
  public List<RebuildTask> plan(MetadataState state, Set<UUID> replaced, Instant at) {
    if (replaced.isEmpty()) {
      return List.of();
    }
    RebuildPlan plan = RebuildPlanner.plan(snapshot(state));
    List<RebuildTask> tasks = new ArrayList<>();
    for (UnitMove m : plan.tasks()) {
      if (!replaced.contains(m.fromBrick())) {
        continue;
      }
      tasks.add(
          RebuildTask.planned(
              plan.planId(),
              m.volumeId(),
              m.stripeIndex(),
              m.slot(),
              m.fromBrick(),
              m.toBrick(),
              m.sources(),
              m.kind(),
              m.bytes(),
              at));
    }
    return tasks;
  }

  /** The planners' view of the metadata state. */
  static ClusterSnapshot snapshot(MetadataState state) {
    List<VolumeLayout> volumes = new ArrayList<>();
    for (VolumeRecord v : state.volumes().values()) {
      PlacementMap map = state.placements().get(v.id());
      long unitBytes =
          v.policy() instanceof ErasureCoded ec
              ? v.chunkSizeBytes() / ec.dataUnits()
              : v.chunkSizeBytes();
      volumes.add(
          new VolumeLayout(
              v.id(), v.name(), v.policy(), unitBytes, VolumePlacer.defaultRule(v.policy()), map));
    }
    Set<UnitKey> stale = new HashSet<>();
    for (ReplicaFailure f : state.replicaFailures()) {
      stale.add(new UnitKey(f.volumeId(), f.stripeIndex(), f.brickId()));
    }
    return new ClusterSnapshot(state.topology(), volumes, stale);
  }
}
