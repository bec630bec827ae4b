package io.hyperblock.server.healing;

import io.grpc.StatusRuntimeException;
import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.protocol.v1.ChunkInfo;
import io.hyperblock.protocol.v1.ReclaimUnitsRequest;
import io.hyperblock.protocol.v1.UnitToReclaim;
import io.hyperblock.server.metadata.BrickRecord;
import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.metadata.RebuildTask;
import io.hyperblock.server.metadata.VolumeRecord;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reclaims, once per UP period of a brick, the units it holds that the placement no longer gives it
 * (it was replaced while away, or a volume was deleted meanwhile). The brick's list is read
 * <em>before</em> the state it is compared with, so a volume or unit placed after the listing is
 * never mistaken for a leftover; a unit of a stripe with an unfinished task (being written, or
 * still a source) is kept until the task finishes.
 */
final class BrickReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(BrickReconciler.class);

  private final RepairClient bricks;
  private final Set<UUID> reconciled = new HashSet<>();

  BrickReconciler(RepairClient bricks) {
    this.bricks = bricks;
  }

  /** Makes every brick be reconciled again (a new leader trusts no earlier round). */
  void forgetAll() {
    reconciled.clear();
  }

  /** Makes {@code brick} be reconciled again at the next round (it just lost a unit). */
  void forget(UUID brick) {
    reconciled.remove(brick);
  }

  /**
   * Reconciles every UP brick not reconciled since it came UP.
   *
   * @param stateAfter reads the state anew (called after each listing)
   */
  void reconcile(MetadataState stateBefore, Collection<String> runningTaskIds, Instant now) {
    for (Brick b : stateBefore.topology().bricks()) {
      if (b.state() != BrickState.UP) {
        reconciled.remove(b.id());
        continue;
      }
      BrickRecord r = stateBefore.bricks().get(b.id());
      if (r == null || reconciled.contains(b.id())) {
        continue;
      }
      try {
        var units = bricks.listUnits(r.address());
        ReclaimUnitsRequest request = leftovers(stateBefore, b.id(), units, now);
        if (request.getUnitsCount() + request.getDeletedVolumeIdsCount() > 0) {
          int n = bricks.reclaim(r.address(), request);
          LOG.info(
              "brick {}: reclaimed {} unit(s)/volume(s) it no longer holds ({} listed)",
              b.id(),
              n,
              units.size());
        }
        if (!waitsForTasks(stateBefore, b.id(), units, now)) {
          reconciled.add(b.id()); // else again next round, until those tasks finished
        }
      } catch (StatusRuntimeException e) {
        LOG.warn("brick {}: cannot reconcile its units yet: {}", b.id(), e.getStatus());
      }
    }
  }

  /** Whether a unit listed on the brick is not placed there but kept for an unfinished task. */
  private static boolean waitsForTasks(
      MetadataState state, UUID brick, Collection<ChunkInfo> units, Instant now) {
    for (ChunkInfo c : units) {
      VolumeRecord v = state.volumeById(UUID.fromString(c.getVolumeId())).orElse(null);
      if (c.getSizeBytes() > 0
          && v != null
          && !places(state, v, brick, c)
          && hasOpenTask(state, c, now)) {
        return true;
      }
    }
    return false;
  }

  /** The units listed on {@code brick} that the state does not place there. */
  static ReclaimUnitsRequest leftovers(
      MetadataState state, UUID brick, Collection<ChunkInfo> units, Instant now) {
    var request = ReclaimUnitsRequest.newBuilder();
    Set<String> deleted = new TreeSet<>();
    for (ChunkInfo c : units) {
      if (c.getSizeBytes() <= 0) {
        continue;
      }
      UUID volumeId = UUID.fromString(c.getVolumeId());
      VolumeRecord v = state.volumeById(volumeId).orElse(null);
      if (v == null) {
        deleted.add(c.getVolumeId());
        continue;
      }
      if (places(state, v, brick, c) || hasOpenTask(state, c, now)) {
        continue;
      }
      request.addUnits(
          UnitToReclaim.newBuilder()
              .setVolumeId(c.getVolumeId())
              .setStripeIndex(c.getStripeIndex())
              .setShardIndex(c.getShardIndex()));
    }
    return request.addAllDeletedVolumeIds(deleted).build();
  }

  private static boolean places(MetadataState state, VolumeRecord v, UUID brick, ChunkInfo c) {
    PlacementMap map = state.placements().get(v.id());
    ChunkGroup g = map == null ? null : map.group(c.getStripeIndex()).orElse(null);
    if (g == null) {
      return false;
    }
    if (v.policy() instanceof Replicated) {
      return c.getShardIndex() == 0 && g.locations().getFirst().brickIds().contains(brick);
    }
    return c.getShardIndex() < g.locations().size()
        && g.locations().get(c.getShardIndex()).brickIds().contains(brick);
  }

  /**
   * Whether a task of the unit's stripe is unfinished (the unit may be its target, being written,
   * or its source, read by a retry or a re-fence), or finished less than {@link
   * HealingConfig#reclaimAfter()} ago: a client that only reads still reads the unit by its cached
   * map until its next refresh, so it must not read zeros meanwhile.
   */
  private static boolean hasOpenTask(MetadataState state, ChunkInfo c, Instant now) {
    Instant recent = now.minus(HealingConfig.reclaimAfter());
    for (RebuildTask t : state.rebuildTasks().values()) {
      if ((!t.state().finished() || t.updatedAt().isAfter(recent))
          && t.volumeId().toString().equals(c.getVolumeId())
          && t.stripeIndex() == c.getStripeIndex()) {
        return true;
      }
    }
    return false;
  }
}
