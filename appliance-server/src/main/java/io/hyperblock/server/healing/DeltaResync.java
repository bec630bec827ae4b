package io.hyperblock.server.healing;

import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.protocol.v1.RebuildKind;
import io.hyperblock.protocol.v1.RebuildUnitRequest;
import io.hyperblock.protocol.v1.RepairSource;
import io.hyperblock.server.metadata.BrickTransition;
import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.metadata.RebuildTask;
import io.hyperblock.server.metadata.VolumeRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Delta resync of a brick that came back: for every replica the placement still gives it, copy from
 * a peer replica only the ranges the peer changed since the brick went DOWN (the peers' change
 * journals, {@code RepairService.ChangedRanges}), instead of the whole unit. A brick back within
 * the wait-before-replace window keeps all its units and needs exactly this; a brick replaced while
 * away has no units left in the map (they are reclaimed instead).
 *
 * <p>An erasure-coded shard is resynced row by row: the returning brick reconstructs every row
 * whose generation differs from the row's consistent version (the rows it missed), nothing else.
 * Each unit's resync is fenced (ADR 0009): the stripe is frozen on its bricks while the missed
 * writes are copied, so no copy races a client write, and released when done. Resync is not
 * recorded in the Raft state: a new leader resyncs again every brick that came back within {@link
 * #HORIZON} (copying a range twice is harmless).
 */
final class DeltaResync {

  /** Bricks that came back longer ago than this are not resynced by a new leader. */
  static final Duration HORIZON = Duration.ofHours(1);

  /**
   * One unit to catch up on the returning brick. Its request is built when it is dispatched, from
   * the state then ({@link #request}): sources and fences named when it was queued may have moved
   * away meanwhile, and a former holder must never be copied from.
   */
  record Job(UUID brick, UUID volumeId, long stripe, long sinceMillis, long lease, int attempt) {
    Job next() {
      return new Job(brick, volumeId, stripe, sinceMillis, lease, attempt + 1);
    }

    String id() {
      return "resync:" + volumeId + "/" + stripe + "@" + brick;
    }
  }

  private final Set<String> done = new HashSet<>();

  /** Forgets what was resynced (a new leadership redoes recent resyncs). */
  void forgetAll() {
    done.clear();
  }

  /**
   * Resync jobs for bricks that came back (DOWN, then UP or DRAINING) within {@link #HORIZON} and
   * were not resynced since.
   */
  List<Job> jobs(MetadataState state, Instant now, Duration fenceLease) {
    List<Job> jobs = new ArrayList<>();
    for (Brick b : state.topology().bricks()) {
      // A brick that died while draining comes back DRAINING: its units are still read until
      // they moved, so they are resynced too.
      boolean live = b.state() == BrickState.UP || b.state() == BrickState.DRAINING;
      if (!live || state.bricks().get(b.id()) == null) {
        continue;
      }
      Instant down = null;
      Instant up = null;
      for (BrickTransition t : state.transitions()) {
        if (!t.brickId().equals(b.id())) {
          continue;
        }
        if (t.to() == BrickState.DOWN) {
          down = t.at();
          up = null;
        } else if ((t.to() == BrickState.UP || t.to() == BrickState.DRAINING) && down != null) {
          up = t.at();
        }
      }
      if (down == null || up == null || up.isBefore(now.minus(HORIZON))) {
        continue;
      }
      String key = b.id() + "@" + up;
      if (!done.add(key)) {
        continue;
      }
      long since = down.minus(RebuildCoordinator.CLOCK_SKEW_MARGIN).toEpochMilli();
      jobs.addAll(unitsOf(state, b.id(), Math.max(1, since), fenceLease.toMillis()));
    }
    return jobs;
  }

  private static List<Job> unitsOf(MetadataState state, UUID brick, long since, long lease) {
    List<Job> jobs = new ArrayList<>();
    for (VolumeRecord v : state.volumes().values()) {
      var map = state.placements().get(v.id());
      if (map == null) {
        continue;
      }
      for (ChunkGroup g : map.groups()) {
        if (TaskRequests.slotOf(g, brick) >= 0) {
          jobs.add(new Job(brick, v.id(), g.stripeIndex(), since, lease, 0));
        }
      }
    }
    return jobs;
  }

  /** What to do with a job now. */
  enum Readiness {
    READY,
    /** A move of the stripe is open: resync once it finished. */
    WAIT,
    /** The brick no longer holds the unit, or the volume is gone. */
    DROP
  }

  /**
   * The job's RebuildUnit request from the current state: sources and fences are the live bricks of
   * the stripe now (replicas reported stale excluded), with a fresh freeze token.
   */
  static Optional<RebuildUnitRequest> request(
      MetadataState state, Job job, String token, Readiness[] readiness) {
    VolumeRecord v = state.volumeById(job.volumeId()).orElse(null);
    var map = v == null ? null : state.placements().get(v.id());
    ChunkGroup g = map == null ? null : map.group(job.stripe()).orElse(null);
    int slot = g == null ? -1 : TaskRequests.slotOf(g, job.brick());
    if (slot < 0) {
      readiness[0] = Readiness.DROP;
      return Optional.empty();
    }
    for (RebuildTask t : state.rebuildTasks().values()) {
      if (!t.state().finished()
          && t.volumeId().equals(job.volumeId())
          && t.stripeIndex() == job.stripe()) {
        readiness[0] = Readiness.WAIT;
        return Optional.empty();
      }
    }
    var request =
        RebuildUnitRequest.newBuilder()
            .setTaskId(job.id())
            .setVolumeId(v.id().toString())
            .setStripeIndex(g.stripeIndex())
            .setEpoch(v.attachEpoch())
            .setChangedSinceMillis(job.sinceMillis())
            .setFenceToken(token)
            .setFenceLeaseMillis(job.lease())
            .setReleaseFenceWhenDone(true);
    boolean ec = v.policy() instanceof ErasureCoded;
    if (v.policy() instanceof ErasureCoded p) {
      request
          .setShardIndex(slot)
          .setKind(RebuildKind.REBUILD_KIND_RECONSTRUCT_SHARD)
          .setUnitBytes(v.chunkSizeBytes() / p.dataUnits())
          .setDataUnits(p.dataUnits())
          .setParityUnits(p.parityUnits())
          .setStripeUnit(HealingConfig.DEFAULTS.stripeUnit());
    } else {
      request
          .setShardIndex(0)
          .setKind(RebuildKind.REBUILD_KIND_COPY_REPLICA)
          .setUnitBytes(v.chunkSizeBytes());
    }
    for (UUID peer : TaskRequests.liveBricks(state, g)) {
      if (peer.equals(job.brick())) {
        continue;
      }
      RepairSource source =
          RepairSource.newBuilder()
              .setBrickId(peer.toString())
              .setAddress(state.bricks().get(peer).address())
              .setShardIndex(ec ? TaskRequests.slotOf(g, peer) : 0)
              .build();
      request.addFence(source);
      if (ec || !TaskRequests.reportedStale(state, job.volumeId(), job.stripe(), peer)) {
        request.addSources(source);
      }
    }
    int needed = v.policy() instanceof ErasureCoded p ? p.dataUnits() : 1;
    if (request.getSourcesCount() < needed) {
      readiness[0] = Readiness.DROP;
      return Optional.empty();
    }
    readiness[0] = Readiness.READY;
    return Optional.of(request.build());
  }
}
