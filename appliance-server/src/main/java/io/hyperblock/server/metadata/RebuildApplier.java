package io.hyperblock.server.metadata;

import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.ChunkLocation;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.server.metadata.CommandApplier.Applied;
import io.hyperblock.server.metadata.MetadataCommand.CompleteRebuild;
import io.hyperblock.server.metadata.MetadataCommand.PlanRebuild;
import io.hyperblock.server.metadata.MetadataCommand.TaskUpdate;
import io.hyperblock.server.metadata.MetadataCommand.UpdateRebuildTasks;
import io.hyperblock.server.metadata.RebuildTask.State;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** The rebuild commands of {@link CommandApplier}: pure functions of state and command. */
final class RebuildApplier {

  private RebuildApplier() {}

  static Applied plan(MetadataState state, PlanRebuild c) {
    var b = state.toBuilder();
    int added = 0;
    for (RebuildTask t : c.tasks()) {
      if (b.rebuildTasks.containsKey(t.taskId()) || hasOpenTask(b, t)) {
        continue; // a re-proposed plan, or the slot is already being rebuilt
      }
      VolumeRecord v = state.volumeById(t.volumeId()).orElse(null);
      if (v == null || !holds(v, state.placements().get(v.id()), t)) {
        continue; // the slot moved since the plan was computed
      }
      b.rebuildTasks.put(t.taskId(), t);
      added++;
    }
    if (added == 0) {
      return new Applied(state, Outcome.ok(0));
    }
    prune(b);
    return new Applied(b.build(), Outcome.ok(added));
  }

  static Applied update(MetadataState state, UpdateRebuildTasks c) {
    var b = state.toBuilder();
    boolean changed = false;
    for (TaskUpdate u : c.updates()) {
      RebuildTask t = b.rebuildTasks.get(u.taskId());
      if (t == null || t.state().finished()) {
        continue;
      }
      boolean allowed =
          t.state() == State.SETTLING
              // after CompleteRebuild: the catch-up's outcome (or its failure), never back
              ? u.state() == State.DONE
                  || u.state() == State.SETTLING
                  || u.state() == State.CANCELLED
              // SETTLING and DONE only through CompleteRebuild, which moves the placement
              : u.state() != State.DONE && u.state() != State.SETTLING;
      if (!allowed) {
        continue;
      }
      b.rebuildTasks.put(
          t.taskId(), t.with(u.state(), u.bytesDone(), u.attempts(), u.error(), c.at()));
      changed = true;
    }
    if (!changed) {
      return new Applied(state, Outcome.ok());
    }
    prune(b);
    return new Applied(b.build(), Outcome.ok());
  }

  static Applied complete(MetadataState state, CompleteRebuild c) {
    var b = state.toBuilder();
    VolumeRecord v = state.volumeById(c.volumeId()).orElse(null);
    PlacementMap map = v == null ? null : state.placements().get(v.id());
    List<ChunkGroup> groups = map == null ? List.of() : new ArrayList<>(map.groups());
    boolean moved = false;
    for (String id : c.taskIds()) {
      RebuildTask t = b.rebuildTasks.get(id);
      if (t == null || t.state().finished() || !t.volumeId().equals(c.volumeId())) {
        continue;
      }
      if (t.state() != State.COPIED) {
        continue; // not copied yet: a later CompleteRebuild takes it
      }
      int gi = indexOf(groups, t.stripeIndex());
      if (v == null || gi < 0 || !holds(v, groups.get(gi), t)) {
        b.rebuildTasks.put(id, t.with(State.CANCELLED, t.bytesDone(), t.attempts(), "", c.at()));
        continue;
      }
      groups.set(gi, replace(v, groups.get(gi), t));
      // failures reported for the unit's old brick or (earlier) its new one no longer apply
      b.removeReplicaFailures(
          f ->
              f.volumeId().equals(t.volumeId())
                  && f.stripeIndex() == t.stripeIndex()
                  && (f.brickId().equals(t.fromBrick()) || f.brickId().equals(t.toBrick())));
      // SETTLING until the leader raised the placement floor on the stripe's bricks and released
      // their freezes (ADR 0009).
      b.rebuildTasks.put(id, t.with(State.SETTLING, t.bytes(), t.attempts(), "", c.at()));
      moved = true;
    }
    if (!moved) {
      prune(b);
      return new Applied(b.build(), Outcome.ok(map == null ? 0 : map.version()));
    }
    PlacementMap next = new PlacementMap(v.id(), map.version() + 1, groups);
    b.placements.put(v.id(), next);
    b.volumes.put(v.name(), v.withPlacementEpoch(v.placementEpoch() + 1));
    prune(b);
    return new Applied(b.build(), Outcome.ok(next.version()));
  }

  private static boolean hasOpenTask(MetadataState.Builder b, RebuildTask t) {
    for (RebuildTask o : b.rebuildTasks.values()) {
      if (!o.state().finished()
          && o.volumeId().equals(t.volumeId())
          && o.stripeIndex() == t.stripeIndex()
          && o.slot() == t.slot()) {
        return true;
      }
    }
    return false;
  }

  private static boolean holds(VolumeRecord v, PlacementMap map, RebuildTask t) {
    if (map == null) {
      return false;
    }
    int gi = indexOf(map.groups(), t.stripeIndex());
    return gi >= 0 && holds(v, map.groups().get(gi), t);
  }

  /** Whether slot {@code t.slot()} of the group names {@code t.fromBrick()}. */
  private static boolean holds(VolumeRecord v, ChunkGroup g, RebuildTask t) {
    List<UUID> slots = slots(v, g);
    return t.slot() < slots.size()
        && slots.get(t.slot()).equals(t.fromBrick())
        && !slots.contains(t.toBrick());
  }

  private static List<UUID> slots(VolumeRecord v, ChunkGroup g) {
    if (v.policy() instanceof Replicated) {
      return g.locations().getFirst().brickIds();
    }
    return g.locations().stream().map(l -> l.brickIds().getFirst()).toList();
  }

  private static ChunkGroup replace(VolumeRecord v, ChunkGroup g, RebuildTask t) {
    List<ChunkLocation> locations = new ArrayList<>(g.locations());
    if (v.policy() instanceof Replicated) {
      ChunkLocation l = locations.getFirst();
      List<UUID> bricks = new ArrayList<>(l.brickIds());
      bricks.set(t.slot(), t.toBrick());
      locations.set(0, new ChunkLocation(l.chunkId(), bricks));
    } else {
      ChunkLocation l = locations.get(t.slot());
      locations.set(t.slot(), new ChunkLocation(l.chunkId(), List.of(t.toBrick())));
    }
    return new ChunkGroup(g.stripeIndex(), locations);
  }

  private static int indexOf(List<ChunkGroup> groups, long stripeIndex) {
    int lo = 0;
    int hi = groups.size() - 1;
    while (lo <= hi) { // groups are in increasing stripe order (PlacementMap invariant)
      int mid = (lo + hi) >>> 1;
      long s = groups.get(mid).stripeIndex();
      if (s == stripeIndex) {
        return mid;
      } else if (s < stripeIndex) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return -1;
  }

  /** Drops the oldest finished tasks beyond {@link MetadataState#MAX_FINISHED_TASKS}. */
  private static void prune(MetadataState.Builder b) {
    List<RebuildTask> finished =
        b.rebuildTasks.values().stream()
            .filter(t -> t.state().finished())
            .sorted(Comparator.comparing(RebuildTask::updatedAt).thenComparing(RebuildTask::taskId))
            .toList();
    for (int i = 0; i < finished.size() - MetadataState.MAX_FINISHED_TASKS; i++) {
      b.rebuildTasks.remove(finished.get(i).taskId());
    }
  }
}
