package io.hyperblock.server.migration;

import io.grpc.StatusRuntimeException;
import io.hyperblock.core.cluster.ClusterSnapshot;
import io.hyperblock.core.drain.DrainPlan;
import io.hyperblock.core.drain.DrainPlanner;
import io.hyperblock.core.impact.DependencyIndex;
import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.protocol.v1.ChunkInfo;
import io.hyperblock.protocol.v1.ReclaimUnitsRequest;
import io.hyperblock.protocol.v1.UnitToReclaim;
import io.hyperblock.server.api.UnavailableException;
import io.hyperblock.server.healing.PlannerRebuildPlanning;
import io.hyperblock.server.healing.RepairClient;
import io.hyperblock.server.metadata.BrickRecord;
import io.hyperblock.server.metadata.MetadataCommand.PlanRebuild;
import io.hyperblock.server.metadata.MetadataCommand.SetBrickState;
import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.metadata.MetadataStore;
import io.hyperblock.server.metadata.RebuildTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's follow-up of drains, one {@link #tick()} at a time: for every DRAINING brick with no
 * unfinished move away from it,
 *
 * <ul>
 *   <li>if the placement still names it (a move was given up, or a change made one pointless), the
 *       drain is planned again under a new migration id ({@code <plan id>-r<n>}), so a drain always
 *       converges or shows why it cannot;
 *   <li>otherwise, once the last move away from it is older than the settle time (every move is
 *       DONE, so the brick refuses writers of the old map, ADR 0009, and readers of the old map
 *       have refreshed it), every shard still on the brick is reclaimed ({@code
 *       RepairService.ReclaimUnits}) and the brick goes DRAINED: it holds nothing and may be
 *       removed.
 * </ul>
 *
 * <p>A brick removed with force while holding units gets its units rebuilt elsewhere at once
 * (healing's {@link PlannerRebuildPlanning}, as for a DOWN brick past its wait window, which a
 * REMOVED brick never reaches), and again whenever no move away from it is left while the placement
 * still names it.
 *
 * <p>The unit copies themselves are run by the healing package's rebuild coordinator, like every
 * rebuild task. Everything read here is in the Raft state, so a new leader simply carries on. Not
 * thread-safe: ticks are serialized by the caller.
 */
public final class MigrationFinisher {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationFinisher.class);

  private final MetadataStore store;
  private final RepairClient bricks;
  private final Clock clock;
  private final Duration settle;
  private final PlannerRebuildPlanning rebuilds = new PlannerRebuildPlanning();
  private List<Object> lastRebuildKey = List.of();

  /**
   * @param settle how long after its last move a drained brick's shards are reclaimed: its moves
   *     are fenced (ADR 0009), but a reader with a cached map may read it until its next refresh
   */
  public MigrationFinisher(MetadataStore store, RepairClient bricks, Clock clock, Duration settle) {
    this.store = store;
    this.bricks = bricks;
    this.clock = clock;
    this.settle = settle;
  }

  /** One round; never throws for an unreachable brick or quorum. */
  public void tick() {
    if (!store.isLeader()) {
      return;
    }
    try {
      MetadataState state = store.state();
      for (Brick b : state.topology().bricks()) {
        if (b.state() == BrickState.DRAINING && !movingAway(state, b)) {
          follow(state, b);
        } else if (b.state() == BrickState.REMOVED && !movingAway(state, b)) {
          rebuildRemoved(state, b);
        }
      }
    } catch (UnavailableException e) {
      LOG.warn("drain follow-up stopped, the metadata group is unavailable: {}", e.getMessage());
    }
  }

  private static boolean movingAway(MetadataState state, Brick b) {
    return state.rebuildTasks().values().stream()
        .anyMatch(t -> !t.state().finished() && t.fromBrick().equals(b.id()));
  }

  private void follow(MetadataState state, Brick b) {
    ClusterSnapshot snapshot = Snapshots.of(state);
    if (!DependencyIndex.build(snapshot).unitsOn(b.id()).isEmpty()) {
      replan(state, snapshot, b);
      return;
    }
    Instant lastMove =
        state.rebuildTasks().values().stream()
            .filter(t -> t.fromBrick().equals(b.id()))
            .map(RebuildTask::updatedAt)
            .max(Instant::compareTo)
            .orElse(Instant.MIN);
    if (lastMove != Instant.MIN && clock.instant().isBefore(lastMove.plus(settle))) {
      return; // clients may still write there under their cached map
    }
    BrickRecord r = state.bricks().get(b.id());
    try {
      int reclaimed = r == null ? 0 : reclaimAll(r.address());
      Instant at = clock.instant();
      store.submit(
          new SetBrickState(
              b.id(),
              BrickState.DRAINED,
              "drain finished: no unit placed on it, " + reclaimed + " shard(s) reclaimed",
              at));
      LOG.info("brick {} is DRAINED ({} leftover shard(s) reclaimed)", b.id(), reclaimed);
    } catch (StatusRuntimeException e) {
      LOG.warn(
          "brick {} holds no placed unit but cannot reclaim its shards yet ({}); retrying",
          b.id(),
          e.getStatus());
    }
  }

  /** Plans the rebuild of the units a removed brick still holds per the placement. */
  private void rebuildRemoved(MetadataState state, Brick b) {
    long maps = state.placements().values().stream().mapToLong(m -> m.version()).sum();
    List<Object> key = List.of(b.id(), state.topology().version(), maps);
    if (key.equals(lastRebuildKey)
        || DependencyIndex.build(Snapshots.of(state)).unitsOn(b.id()).isEmpty()) {
      return; // nothing changed since the last attempt, or nothing to rebuild
    }
    lastRebuildKey = key;
    Instant at = clock.instant();
    List<RebuildTask> tasks = rebuilds.plan(state, java.util.Set.of(b.id()), at);
    if (!tasks.isEmpty()) {
      long added = store.submit(new PlanRebuild(tasks, at)).value();
      LOG.info("removed brick {}: {} unit(s) to rebuild elsewhere", b.id(), added);
    }
  }

  /** Reclaims every shard the brick lists; returns how many. */
  private int reclaimAll(String address) {
    List<ChunkInfo> units = bricks.listUnits(address);
    if (units.isEmpty()) {
      return 0;
    }
    var request = ReclaimUnitsRequest.newBuilder();
    for (ChunkInfo c : units) {
      request.addUnits(
          UnitToReclaim.newBuilder()
              .setVolumeId(c.getVolumeId())
              .setStripeIndex(c.getStripeIndex())
              .setShardIndex(c.getShardIndex()));
    }
    bricks.reclaim(address, request.build());
    return units.size();
  }

  private void replan(MetadataState state, ClusterSnapshot snapshot, Brick b) {
    DrainPlan plan;
    try {
      plan = DrainPlanner.plan(snapshot, b.id());
    } catch (RuntimeException e) {
      LOG.warn("drain of brick {} cannot be planned again: {}", b.id(), e.getMessage());
      return;
    }
    if (plan.moves().isEmpty()) {
      LOG.warn(
          "drain of brick {} is stuck: {} stripe(s) cannot move ({})",
          b.id(),
          plan.shortfalls().size(),
          plan.shortfalls().isEmpty() ? "" : plan.shortfalls().getFirst().message());
      return;
    }
    String id = retryId(state, plan.planId());
    Instant at = clock.instant();
    List<RebuildTask> tasks = MoveTasks.of(state, id, plan.moves(), at);
    long added = store.submit(new PlanRebuild(tasks, at)).value();
    LOG.info("drain of brick {} planned again as {}: {} move(s)", b.id(), id, added);
  }

  /** The plan id itself if no task has used it yet, else {@code <id>-r<n>} with the next n. */
  static String retryId(MetadataState state, String planId) {
    int n = 0;
    for (RebuildTask t : state.rebuildTasks().values()) {
      String p = t.planId();
      if (p.equals(planId)) {
        n = Math.max(n, 1);
      } else if (p.startsWith(planId + "-r")) {
        try {
          n = Math.max(n, Integer.parseInt(p.substring(planId.length() + 2)) + 1);
        } catch (NumberFormatException e) {
          // not one of ours
        }
      }
    }
    return n == 0 ? planId : planId + "-r" + n;
  }
}
