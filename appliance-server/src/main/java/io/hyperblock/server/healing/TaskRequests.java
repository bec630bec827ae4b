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
      MetadataState state,
      RebuildTask t,
      int stripeUnit,
      long rate,
      long fenceLeaseMillis,
      String fenceToken,
      String[] why) {
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
            .setMaxBytesPerSecond(rate)
            .setFenceToken(fenceToken)
            .setFenceLeaseMillis(fenceLeaseMillis);
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
    // A replica source must still hold the stripe in the current map (another task may have moved
    // it away since planning: it no longer gets writes) and must not be reported stale.
    List<UUID> replicas = ec ? List.of() : group.locations().getFirst().brickIds();
    List<UUID> candidates = new java.util.ArrayList<>(t.sources());
    if (!ec) {
      replicas.stream().filter(r -> !candidates.contains(r)).forEach(candidates::add);
    }
    for (UUID source : candidates) {
      BrickRecord r = state.bricks().get(source);
      int shard = ec ? slotOf(group, source) : 0;
      if (!isLive(state, source) || shard < 0) {
        continue;
      }
      if (!ec
          && (!replicas.contains(source)
              || source.equals(t.toBrick())
              || reportedStale(state, t.volumeId(), t.stripeIndex(), source))) {
        continue;
      }
      b.addSources(
          RepairSource.newBuilder()
              .setBrickId(source.toString())
              .setAddress(r.address())
              .setShardIndex(shard));
      usable++;
    }
    // ADR 0009: freeze the stripe on every live brick of it before the final catch-up. An EC
    // unit's catch-up resolves each row's version from the other units, so they are sources too.
    List<UUID> fenced = new java.util.ArrayList<>(liveBricks(state, group));
    if (isLive(state, t.fromBrick()) && !fenced.contains(t.fromBrick())) {
      fenced.add(t.fromBrick()); // committed already: the old holder still refuses old writers
    }
    for (UUID brick : fenced) {
      if (brick.equals(t.toBrick())) {
        continue;
      }
      RepairSource peer =
          RepairSource.newBuilder()
              .setBrickId(brick.toString())
              .setAddress(state.bricks().get(brick).address())
              .setShardIndex(ec ? (slotOf(group, brick) >= 0 ? slotOf(group, brick) : t.slot()) : 0)
              .build();
      b.addFence(peer);
      if (ec && !t.sources().contains(brick) && slotOf(group, brick) >= 0) {
        b.addSources(peer);
      }
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
   * Addresses of the UP (or DRAINING) bricks of the task's stripe in the current map, plus its
   * former brick if it is still up: where a committed move's placement floor goes (ADR 0009).
   */
  static List<String> liveStripeBricks(MetadataState state, RebuildTask t) {
    var v = state.volumeById(t.volumeId()).orElse(null);
    var map = v == null ? null : state.placements().get(v.id());
    var group = map == null ? null : map.group(t.stripeIndex()).orElse(null);
    java.util.Set<UUID> bricks = new java.util.LinkedHashSet<>();
    if (group != null) {
      bricks.addAll(liveBricks(state, group));
    }
    if (isLive(state, t.fromBrick())) {
      bricks.add(t.fromBrick());
    }
    return bricks.stream().map(b -> state.bricks().get(b).address()).toList();
  }

  /** The bricks of a stripe that are UP or DRAINING and registered. */
  static List<UUID> liveBricks(MetadataState state, ChunkGroup group) {
    java.util.Set<UUID> out = new java.util.LinkedHashSet<>();
    for (var location : group.locations()) {
      for (UUID b : location.brickIds()) {
        if (isLive(state, b)) {
          out.add(b);
        }
      }
    }
    return List.copyOf(out);
  }

  private static boolean isLive(MetadataState state, UUID brick) {
    BrickState s = state.topology().brick(brick).map(Brick::state).orElse(null);
    return (s == BrickState.UP || s == BrickState.DRAINING) && state.bricks().get(brick) != null;
  }

  /** Whether a client reported the stripe failed on {@code brick} (not resynced since). */
  static boolean reportedStale(MetadataState state, UUID volumeId, long stripe, UUID brick) {
    for (var f : state.replicaFailures()) {
      if (f.volumeId().equals(volumeId) && f.stripeIndex() == stripe && f.brickId().equals(brick)) {
        return true;
      }
    }
    return false;
  }

  /** The EC unit index {@code brick} holds in the stripe, or -1. */
  static int slotOf(ChunkGroup g, UUID brick) {
    List<io.hyperblock.core.placement.ChunkLocation> l = g.locations();
    for (int i = 0; i < l.size(); i++) {
      if (l.get(i).brickIds().contains(brick)) {
        return i;
      }
    }
    return -1;
  }
}
