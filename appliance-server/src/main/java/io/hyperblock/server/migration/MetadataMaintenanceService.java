package io.hyperblock.server.migration;

import io.hyperblock.core.cluster.ClusterSnapshot;
import io.hyperblock.core.cluster.StalePlanException;
import io.hyperblock.core.cluster.StripeShortfall;
import io.hyperblock.core.drain.DrainPlan;
import io.hyperblock.core.drain.DrainPlanner;
import io.hyperblock.core.drain.DrainRefusedException;
import io.hyperblock.core.impact.DependencyIndex;
import io.hyperblock.core.impact.Domain;
import io.hyperblock.core.impact.RemovalImpact;
import io.hyperblock.core.impact.UnknownDomainException;
import io.hyperblock.core.impact.VolumeDependency;
import io.hyperblock.core.placement.PlacementException;
import io.hyperblock.core.rebalance.RebalancePlan;
import io.hyperblock.core.rebalance.RebalancePlanner;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.server.api.BrickInfo;
import io.hyperblock.server.api.BrickRemovalRefusedException;
import io.hyperblock.server.api.BrickService;
import io.hyperblock.server.api.ConflictException;
import io.hyperblock.server.api.MaintenanceService;
import io.hyperblock.server.api.MigrationInfo;
import io.hyperblock.server.api.NotFoundException;
import io.hyperblock.server.metadata.MetadataCommand.PlanRebuild;
import io.hyperblock.server.metadata.MetadataCommand.SetBrickState;
import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.metadata.MetadataStore;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@link MaintenanceService} over the replicated metadata: plans with core's planners over a {@link
 * Snapshots snapshot}, records moves as rebuild tasks, and reads migrations back from them ({@link
 * Migrations}). Thread-safe.
 */
public final class MetadataMaintenanceService implements MaintenanceService {

  /** Rebalance plans shown recently, so that applying a stale one says exactly what changed. */
  private static final int PLANS_KEPT = 16;

  private final MetadataStore store;
  private final BrickService bricks;
  private final Clock clock;
  private final Map<String, RebalancePlan> recentPlans =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RebalancePlan> eldest) {
          return size() > PLANS_KEPT;
        }
      };

  public MetadataMaintenanceService(MetadataStore store, BrickService bricks, Clock clock) {
    this.store = store;
    this.bricks = bricks;
    this.clock = clock;
  }

  @Override
  public List<VolumeDependency> dependencies(String domain) {
    ClusterSnapshot snapshot = Snapshots.of(store.state());
    return DependencyIndex.build(snapshot).dependents(resolve(snapshot, domain));
  }

  @Override
  public RemovalImpact impact(String domain) {
    ClusterSnapshot snapshot = Snapshots.of(store.state());
    return RemovalImpact.of(snapshot, resolve(snapshot, domain));
  }

  @Override
  public BrickInfo remove(String brickId, boolean force) {
    BrickInfo brick = bricks.get(brickId);
    UUID id = brick.brick().id();
    BrickState state = brick.brick().state();
    if (state == BrickState.REMOVED) {
      return brick;
    }
    MetadataState now = store.state();
    ClusterSnapshot snapshot = Snapshots.of(now);
    int units = DependencyIndex.build(snapshot).unitsOn(id).size();
    String reason = "removed by operator";
    if (units > 0) {
      RemovalImpact impact = RemovalImpact.of(snapshot, id.toString());
      if (!force) {
        throw new BrickRemovalRefusedException(
            "brick "
                + id
                + " is "
                + state
                + " and still holds "
                + units
                + " units of "
                + impact.volumes().size()
                + " volumes; "
                + String.join("; ", impact.messages())
                + ". Drain it first (hyperblock-cli brick drain "
                + id
                + "), or remove it with force to accept this impact (its units are then rebuilt"
                + " from their redundancy)",
            impact.messages());
      }
      reason = "removed by operator with force while holding " + units + " units";
    }
    Instant at = clock.instant();
    for (MigrationInfo m : Migrations.all(now, at)) {
      if (m.state() == MigrationInfo.State.RUNNING && id.toString().equals(m.brickId())) {
        TaskUpdates.cancel(store, now, m.id(), at);
      }
    }
    store.submit(new SetBrickState(id, BrickState.REMOVED, reason, at)).orThrow("brick", brickId);
    return bricks.get(id.toString());
  }

  @Override
  public MigrationInfo drain(String brickId) {
    BrickInfo brick = bricks.get(brickId);
    UUID id = brick.brick().id();
    MetadataState state = store.state();
    if (brick.brick().state() == BrickState.DRAINING) {
      for (MigrationInfo m : Migrations.all(state, clock.instant())) {
        if (m.state() == MigrationInfo.State.RUNNING && id.toString().equals(m.brickId())) {
          return m;
        }
      }
    }
    DrainPlan preview = drainPlan(state, id);
    if (!preview.emptiesBrick()) {
      throw new ConflictException(
          "brick "
              + id
              + " cannot be drained: "
              + summarize(preview.shortfalls())
              + "; add bricks (or bring DOWN bricks back) and drain again");
    }
    if (brick.brick().state() == BrickState.UP) {
      store
          .submit(new SetBrickState(id, BrickState.DRAINING, "drain requested by operator", now()))
          .orThrow("brick", brickId);
    }
    return record(drainPlan(store.state(), id));
  }

  /** Records the plan's moves (already recorded ones are skipped) and returns its migration. */
  MigrationInfo record(DrainPlan plan) {
    Instant at = now();
    // A drain planned again over an unchanged cluster (after a failed or cancelled one) gets a new
    // migration id, so its moves are recorded afresh.
    String id = MigrationFinisher.retryId(store.state(), plan.planId());
    if (!plan.moves().isEmpty()) {
      store.submit(new PlanRebuild(MoveTasks.of(store.state(), id, plan.moves(), at), at));
    }
    return Migrations.find(store.state(), id, now())
        .orElseGet(
            () ->
                new MigrationInfo(
                    id,
                    MigrationInfo.Kind.DRAIN,
                    plan.brickId().toString(),
                    plan.moves().isEmpty()
                        ? MigrationInfo.State.COMPLETED
                        : MigrationInfo.State.RUNNING,
                    plan.moves().size(),
                    0,
                    plan.totalBytes(),
                    0,
                    at,
                    at,
                    null,
                    ""));
  }

  @Override
  public List<MigrationInfo> migrations() {
    return Migrations.all(store.state(), now());
  }

  @Override
  public MigrationInfo cancel(String migrationId) {
    MetadataState state = store.state();
    MigrationInfo m =
        Migrations.find(state, migrationId, now())
            .orElseThrow(() -> new NotFoundException("migration", migrationId));
    if (m.state() != MigrationInfo.State.RUNNING) {
      throw new ConflictException(
          "migration " + migrationId + " is already " + m.state() + "; nothing to cancel");
    }
    if (m.kind() == MigrationInfo.Kind.DRAIN) {
      UUID brick = UUID.fromString(m.brickId());
      // The brick goes UP first, so the drain follow-up does not re-plan what is being cancelled.
      if (state.topology().brick(brick).map(b -> b.state() == BrickState.DRAINING).orElse(false)) {
        store.submit(new SetBrickState(brick, BrickState.UP, "drain cancelled by operator", now()));
      }
    }
    TaskUpdates.cancel(store, store.state(), migrationId, now());
    return Migrations.find(store.state(), migrationId, now()).orElse(m);
  }

  @Override
  public RebalancePlan rebalancePlan() {
    RebalancePlan plan = rebalance(Snapshots.of(store.state()));
    synchronized (recentPlans) {
      recentPlans.put(plan.planId(), plan);
    }
    return plan;
  }

  @Override
  public MigrationInfo applyRebalance(String planId) {
    ClusterSnapshot snapshot = Snapshots.of(store.state());
    RebalancePlan shown;
    synchronized (recentPlans) {
      shown = recentPlans.get(planId);
    }
    if (shown != null) {
      try {
        shown.validateAgainst(snapshot);
      } catch (StalePlanException e) {
        throw new ConflictException(e.getMessage());
      }
    }
    RebalancePlan current = rebalance(snapshot);
    if (!current.planId().equals(planId)) {
      throw new ConflictException(
          "rebalance plan "
              + planId
              + " is not the current plan "
              + current.planId()
              + " (the topology or a placement map changed since it was made); review the"
              + " current plan with 'hyperblock-cli rebalance plan' and apply that");
    }
    if (current.moves().isEmpty()) {
      throw new ConflictException(
          "rebalance plan " + planId + " moves nothing: the cluster is already balanced");
    }
    Instant at = now();
    String id = MigrationFinisher.retryId(store.state(), planId);
    store.submit(new PlanRebuild(MoveTasks.of(store.state(), id, current.moves(), at), at));
    return Migrations.find(store.state(), id, now())
        .orElseThrow(
            () ->
                new ConflictException(
                    "rebalance plan "
                        + planId
                        + " recorded no move: every unit it moves is already being moved by a"
                        + " rebuild or drain; plan again once they finish"));
  }

  private static RebalancePlan rebalance(ClusterSnapshot snapshot) {
    try {
      return RebalancePlanner.plan(snapshot);
    } catch (PlacementException e) {
      throw new ConflictException("no rebalance is possible: " + e.getMessage());
    }
  }

  private static DrainPlan drainPlan(MetadataState state, UUID brick) {
    try {
      return DrainPlanner.plan(Snapshots.of(state), brick);
    } catch (DrainRefusedException e) {
      throw new ConflictException(e.getMessage());
    }
  }

  private static String summarize(List<StripeShortfall> shortfalls) {
    List<String> first = shortfalls.stream().limit(3).map(StripeShortfall::message).toList();
    String more = shortfalls.size() > 3 ? " (and " + (shortfalls.size() - 3) + " more)" : "";
    return String.join("; ", first) + more;
  }

  /** The domain, with a bare brick id prefix expanded through the brick service. */
  private Domain resolve(ClusterSnapshot snapshot, String spec) {
    String s = spec == null ? "" : spec.trim();
    if (!s.isEmpty() && !s.contains("/")) {
      try {
        return Domain.resolve(snapshot.topology(), s);
      } catch (UnknownDomainException e) {
        if (s.length() < 8) {
          throw new NotFoundException("domain", spec);
        }
        s = bricks.get(s).brick().id().toString(); // a prefix: NotFound/Validation from there
      }
    }
    try {
      return Domain.resolve(snapshot.topology(), s);
    } catch (UnknownDomainException e) {
      throw new NotFoundException("domain", spec);
    }
  }

  private Instant now() {
    return clock.instant();
  }
}
