package io.hyperblock.server.migration;

import io.hyperblock.core.cluster.ClusterSnapshot;
import io.hyperblock.core.cluster.MoveKind;
import io.hyperblock.core.cluster.UnitMove;
import io.hyperblock.core.cluster.VolumeLayout;
import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.metadata.RebuildTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns the unit moves of a drain or rebalance plan into rebuild tasks, choosing how each unit is
 * read so that writes made during the move are never lost:
 *
 * <ul>
 *   <li>A replica is copied from a replica that stays in the stripe when there is one, the leaving
 *       brick last: at the map switch the leaving brick stops receiving writes, and the catch-up
 *       that follows the switch (healing's SETTLING step) must read the writes made meanwhile from
 *       a source that still gets them.
 *   <li>An erasure-coded shard is reconstructed from the stripe's other shards rather than copied
 *       byte for byte: reconstruction writes each row with the generation the stripe's version
 *       gives it (ADR 0003), so a row updated while the move runs carries an older generation on
 *       the new brick and readers reconstruct it instead of reading stale bytes. A plain copy has
 *       no row generations and was seen to serve such stale rows (DrainIT).
 * </ul>
 */
final class MoveTasks {

  private MoveTasks() {}

  static List<RebuildTask> of(
      MetadataState state, String planId, List<UnitMove> moves, Instant at) {
    ClusterSnapshot snapshot = Snapshots.of(state);
    List<RebuildTask> out = new ArrayList<>(moves.size());
    for (UnitMove m : moves) {
      UnitMove how = reconstructed(snapshot, m).orElseGet(() -> leavingBrickLast(m));
      out.add(
          RebuildTask.planned(
              planId,
              how.volumeId(),
              how.stripeIndex(),
              how.slot(),
              how.fromBrick(),
              how.toBrick(),
              how.sources(),
              how.kind(),
              how.bytes(),
              at));
    }
    return out;
  }

  /** An EC shard move as a reconstruction from the other readable shards, if k of them are. */
  static Optional<UnitMove> reconstructed(ClusterSnapshot snapshot, UnitMove m) {
    VolumeLayout v = snapshot.volume(m.volumeId()).orElse(null);
    if (v == null || !(v.policy() instanceof ErasureCoded ec)) {
      return Optional.empty();
    }
    ChunkGroup group =
        v.map().groups().stream()
            .filter(g -> g.stripeIndex() == m.stripeIndex())
            .findFirst()
            .orElse(null);
    if (group == null) {
      return Optional.empty();
    }
    List<UUID> slots = v.slots(group);
    List<UUID> sources = new ArrayList<>();
    for (int i = 0; i < slots.size(); i++) {
      UUID b = slots.get(i);
      if (i != m.slot()
          && !b.equals(m.toBrick())
          && snapshot.unitReadable(m.volumeId(), m.stripeIndex(), b)) {
        sources.add(b);
      }
    }
    if (sources.size() < ec.dataUnits()) {
      return Optional.empty();
    }
    return Optional.of(
        new UnitMove(
            m.volumeId(),
            m.stripeIndex(),
            m.slot(),
            m.fromBrick(),
            m.toBrick(),
            sources,
            MoveKind.RECONSTRUCT,
            m.bytes()));
  }

  static UnitMove leavingBrickLast(UnitMove m) {
    if (m.kind() != MoveKind.COPY || m.sources().size() < 2) {
      return m;
    }
    List<UUID> sources = new ArrayList<>(m.sources());
    if (sources.remove(m.fromBrick())) {
      sources.add(m.fromBrick());
    }
    return new UnitMove(
        m.volumeId(),
        m.stripeIndex(),
        m.slot(),
        m.fromBrick(),
        m.toBrick(),
        sources,
        m.kind(),
        m.bytes());
  }
}
