package io.hyperblock.server.healing;

import io.hyperblock.core.cluster.MoveKind;
import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.protocol.v1.RebuildKind;
import io.hyperblock.protocol.v1.RebuildUnitRequest;
import io.hyperblock.protocol.v1.RepairSource;
import io.hyperblock.server.metadata.BrickRecord;
import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.metadata.RebuildTask;
import io.hyperblock.server.metadata.VolumeRecord;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Turns a rebuild task and the current state into the RebuildUnit request for its target. */
final class TaskRequests {

  private TaskRequests() {}

  /**
   * The request, or empty with the reason in {@code why[0]} when the task cannot run now (its
   * volume is gone, or too few of its sources are UP).
   */
  static Optional<RebuildUnitRequest> build(
      MetadataState state, RebuildTask t, int stripeUnit, long rate, String[] why) {
    VolumeRecord v = state.volumeById(t.volumeId()).orElse(null);
    PlacementMap map = v == null ? null : state.placements().get(v.id());
    ChunkGroup group = map == null ? null : map.group(t.stripeIndex()).orElse(null);
    if (group == null) {
      why[0] = "volume " + t.volumeId() + " or its stripe " + t.stripeIndex() + " no longer exists";
      return Optional.empty();
    }
    var b =
        RebuildUnitRequest.newBuilder()
            .setTaskId(t.taskId())
            .setVolumeId(t.volumeId().toString())
            .setStripeIndex(t.stripeIndex())
            .setUnitBytes(t.bytes())
            .setEpoch(v.attachEpoch())
            .setMaxBytesPerSecond(rate);
    boolean ec = v.policy() instanceof ErasureCoded;
    if (ec) {
      ErasureCoded p = (ErasureCoded) v.policy();
      b.setShardIndex(t.slot())
          // EC units always go row by row with their generations, also when copied (drain):
          // a byte copy would leave the new unit without row metadata, i.e. never consistent.
          .setKind(RebuildKind.REBUILD_KIND_RECONSTRUCT_SHARD)
          .setDataUnits(p.dataUnits())
          .setParityUnits(p.parityUnits())
          .setStripeUnit(stripeUnit);
    } else {
      b.setShardIndex(0).setKind(RebuildKind.REBUILD_KIND_COPY_REPLICA);
    }
    int usable = 0;
    for (UUID source : t.sources()) {
      BrickRecord r = state.bricks().get(source);
      boolean up =
          state.topology().brick(source).map(Brick::state).orElse(null) == BrickState.UP
              || state.topology().brick(source).map(Brick::state).orElse(null)
                  == BrickState.DRAINING;
      int shard = ec ? slotOf(group, source) : 0;
      if (r == null || !up || shard < 0) {
        continue;
      }
      b.addSources(
          RepairSource.newBuilder()
              .setBrickId(source.toString())
              .setAddress(r.address())
              .setShardIndex(shard));
      usable++;
    }
    int needed =
        ec && t.kind() == MoveKind.RECONSTRUCT ? ((ErasureCoded) v.policy()).dataUnits() : 1;
    if (usable < needed) {
      why[0] = usable + " of the task's sources are UP, " + needed + " needed";
      return Optional.empty();
    }
    return Optional.of(b.build());
  }

  /**
   * UP replicas of the task's stripe in the current map, other than its target and former brick.
   */
  static List<RepairSource> stayingReplicas(MetadataState state, RebuildTask t) {
    List<RepairSource> out = new java.util.ArrayList<>();
    var v = state.volumeById(t.volumeId()).orElse(null);
    var map = v == null ? null : state.placements().get(v.id());
    var group = map == null ? null : map.group(t.stripeIndex()).orElse(null);
    if (group == null) {
      return out;
    }
    for (UUID b : group.locations().getFirst().brickIds()) {
      BrickRecord r = state.bricks().get(b);
      boolean up = state.topology().brick(b).map(Brick::state).orElse(null) == BrickState.UP;
      if (!b.equals(t.toBrick()) && !b.equals(t.fromBrick()) && up && r != null) {
        out.add(RepairSource.newBuilder().setBrickId(b.toString()).setAddress(r.address()).build());
      }
    }
    return out;
  }

  /** The EC unit index {@code brick} holds in the stripe, or -1. */
  private static int slotOf(ChunkGroup g, UUID brick) {
    List<io.hyperblock.core.placement.ChunkLocation> l = g.locations();
    for (int i = 0; i < l.size(); i++) {
      if (l.get(i).brickIds().contains(brick)) {
        return i;
      }
    }
    return -1;
  }
}
