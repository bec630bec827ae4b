package io.hyperblock.server.migration;

import io.hyperblock.core.cluster.MoveKind;
import io.hyperblock.core.cluster.UnitMove;
import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.metadata.RebuildTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns the unit moves of a drain or rebalance plan into rebuild tasks. A replica is copied from a
 * replica that stays in the stripe when there is one, the leaving brick last: at the map switch the
 * leaving brick stops receiving writes, and the catch-up that follows the switch (healing's
 * SETTLING step, ADR 0008) must read the writes made meanwhile from a source that still gets them.
 * An erasure-coded shard keeps the plan's source (the leaving brick, copied row by row with its row
 * generations, ADR 0008): rows written during the move then read as stale and are reconstructed.
 */
final class MoveTasks {

  private MoveTasks() {}

  static List<RebuildTask> of(
      MetadataState state, String planId, List<UnitMove> moves, Instant at) {
    List<RebuildTask> out = new ArrayList<>(moves.size());
    for (UnitMove m : moves) {
      UnitMove how = replicated(state, m) ? leavingBrickLast(m) : m;
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

  private static boolean replicated(MetadataState state, UnitMove m) {
    return state
        .volumeById(m.volumeId())
        .map(v -> v.policy() instanceof io.hyperblock.core.protection.Replicated)
        .orElse(false);
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
