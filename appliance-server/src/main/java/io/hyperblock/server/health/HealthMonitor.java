package io.hyperblock.server.health;

import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.server.api.UnavailableException;
import io.hyperblock.server.metadata.MetadataCommand.SetBrickState;
import io.hyperblock.server.metadata.MetadataCommand.TaskUpdate;
import io.hyperblock.server.metadata.MetadataCommand.UpdateRebuildTasks;
import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.metadata.MetadataStore;
import io.hyperblock.server.metadata.RebuildTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks bricks DOWN when they fall silent and UP when they speak again. Liveness wins over a drain:
 * a DRAINING brick that falls silent goes DOWN too (so alerts, volume health and rebuild planning
 * treat it as failed), its drain intent is kept ({@link DrainIntent}) and it comes back DRAINING,
 * not UP. While such a brick is DOWN, each scan cancels the drain moves that cannot run without it
 * (the rebuild of a DOWN brick takes over their units after the wait-before-replace window) and,
 * once no unit is placed on it and nothing moves away from it, marks it DRAINED: the drain never
 * waits for a brick that may not come back. Only the leader scans: it alone holds the heartbeats
 * bricks send (followers redirect them), and one decider avoids two members flapping a brick. A
 * member that just became leader counts every brick's silence from the moment it took over, so a
 * failover never marks healthy bricks DOWN.
 *
 * <p>The clock is injected; {@link #scan()} is called by the server's scheduler every scan
 * interval, and directly by tests.
 */
public final class HealthMonitor {
  static final String RESUMED_AT_REGISTRATION = "registered again while draining; drain resumes";

  private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);

  private final MetadataStore store;
  private final HeartbeatTracker heartbeats;
  private final Clock clock;
  private final HealthConfig config;
  private final Executor proposer;
  private final Set<UUID> pendingUp = ConcurrentHashMap.newKeySet();
  private volatile Instant leaderSince;

  /**
   * @param proposer runs UP proposals triggered by heartbeats, off the heartbeat RPC's thread
   */
  public HealthMonitor(
      MetadataStore store,
      HeartbeatTracker heartbeats,
      Clock clock,
      HealthConfig config,
      Executor proposer) {
    this.store = store;
    this.heartbeats = heartbeats;
    this.clock = clock;
    this.config = config;
    this.proposer = proposer;
  }

  public HealthConfig config() {
    return config;
  }

  /**
   * Records a heartbeat (or registration) from a brick and, if the brick is DOWN, proposes UP, or
   * DRAINING for a brick that went DOWN while draining.
   */
  public void onHeartbeat(UUID brickId, long capacityBytes, long usedBytes, long freeBytes) {
    Instant now = clock.instant();
    heartbeats.record(
        brickId, new HeartbeatTracker.Heartbeat(now, capacityBytes, usedBytes, freeBytes));
    MetadataState state = store.state();
    boolean down =
        state.topology().brick(brickId).map(b -> b.state() == BrickState.DOWN).orElse(false);
    if (down && pendingUp.add(brickId)) {
      boolean draining = DrainIntent.drainingWhenDown(state, brickId);
      BrickState back = draining ? BrickState.DRAINING : BrickState.UP;
      String reason = draining ? "heartbeat resumed; its drain resumes" : "heartbeat resumed";
      proposer.execute(
          () -> {
            try {
              store.submit(new SetBrickState(brickId, back, reason, now));
              LOG.info("brick {} is {} again ({})", brickId, back, reason);
            } catch (UnavailableException e) {
              LOG.warn("could not mark brick {} {}: {}", brickId, back, e.getMessage());
            } finally {
              pendingUp.remove(brickId);
            }
          });
    }
  }

  /**
   * Records a brick's registration, which has just been committed ({@code before}: the state read
   * before it). Registration turns a DOWN brick UP; a brick that went DOWN while draining and
   * registers again (its process restarted) is put back to DRAINING here, before the registration
   * answers, so it never takes new placements as UP. Called by whichever member served the
   * registration; if this proposal fails, the leader's next scan puts it back (within down-after).
   */
  public void onRegistered(UUID brickId, MetadataState before, long capacityBytes) {
    if (DrainIntent.drainingWhenDown(before, brickId)) {
      propose(brickId, BrickState.DRAINING, RESUMED_AT_REGISTRATION);
    }
    // after the proposal: a member whose state still shows the brick DOWN proposes DRAINING too
    onHeartbeat(brickId, capacityBytes, 0, capacityBytes);
  }

  /**
   * One scan: on the leader, proposes DOWN for every UP or DRAINING brick silent for longer than
   * down-after, and follows up the drains of bricks that went DOWN while draining (see the class
   * comment).
   *
   * @return the bricks this scan marked DOWN (empty on a follower)
   */
  public List<UUID> scan() {
    if (!store.isLeader()) {
      leaderSince = null;
      return List.of();
    }
    Instant now = clock.instant();
    if (leaderSince == null) {
      leaderSince = now;
      LOG.info("this member leads the metadata group; health monitor active");
    }
    List<UUID> marked = new ArrayList<>();
    MetadataState state = store.state();
    for (Brick brick : state.topology().bricks()) {
      if (brick.state() == BrickState.DOWN && DrainIntent.drainingWhenDown(state, brick.id())) {
        followFailedDrain(state, brick.id(), now);
        continue;
      }
      if (brick.state() == BrickState.UP
          && DrainIntent.upAfterDownWhileDraining(
              state, brick.id(), now.minus(config.downAfter()))) {
        // It registered again (a restart) while DOWN with a drain under way and the registration's
        // own proposal of DRAINING was lost (see onRegistered): the drain resumes now.
        propose(brick.id(), BrickState.DRAINING, RESUMED_AT_REGISTRATION);
      }
      if (brick.state() != BrickState.UP && brick.state() != BrickState.DRAINING) {
        continue;
      }
      Instant seen =
          heartbeats
              .last(brick.id())
              .map(HeartbeatTracker.Heartbeat::at)
              .filter(t -> t.isAfter(leaderSince))
              .orElse(leaderSince);
      Duration silent = Duration.between(seen, now);
      if (silent.compareTo(config.downAfter()) > 0) {
        String reason = "no heartbeat for " + silent.toMillis() + " ms";
        if (brick.state() == BrickState.DRAINING) {
          reason += " while DRAINING (its drain resumes if it comes back)";
        }
        try {
          store.submit(new SetBrickState(brick.id(), BrickState.DOWN, reason, now));
          marked.add(brick.id());
          LOG.warn("brick {} marked DOWN: {}", brick.id(), reason);
        } catch (UnavailableException e) {
          LOG.warn("could not mark brick {} DOWN: {}", brick.id(), e.getMessage());
        }
      }
    }
    return marked;
  }

  /**
   * A brick DOWN with a drain intent: cancels the drain moves that need it as their source, and
   * marks it DRAINED once no unit is placed on it and no move away from it is unfinished.
   */
  private void followFailedDrain(MetadataState state, UUID brick, Instant now) {
    List<TaskUpdate> cancel =
        DrainIntent.strandedMoves(state, brick).stream()
            .map(
                t ->
                    new TaskUpdate(
                        t.taskId(),
                        RebuildTask.State.CANCELLED,
                        t.bytesDone(),
                        t.attempts(),
                        DrainIntent.STRANDED))
            .toList();
    if (!cancel.isEmpty()) {
      try {
        store.submit(new UpdateRebuildTasks(cancel, now));
        LOG.warn(
            "brick {} is DOWN during its drain: {} move(s) that need it cancelled; its units are"
                + " rebuilt from redundancy after the wait-before-replace window",
            brick,
            cancel.size());
      } catch (UnavailableException e) {
        LOG.warn("could not cancel the stranded drain moves of {}: {}", brick, e.getMessage());
      }
      return;
    }
    if (DrainIntent.unitsOn(state, brick) == 0 && !DrainIntent.movingAway(state, brick)) {
      propose(
          brick,
          BrickState.DRAINED,
          "drain finished while DOWN: every unit it held was moved or rebuilt elsewhere; its data"
              + " directory may still hold stale shards (wipe it before reusing it)");
    }
  }

  private void propose(UUID brick, BrickState to, String reason) {
    try {
      store.submit(new SetBrickState(brick, to, reason, clock.instant()));
      LOG.info("brick {} is {}: {}", brick, to, reason);
    } catch (UnavailableException e) {
      LOG.warn("could not mark brick {} {}: {}", brick, to, e.getMessage());
    }
  }
}
