package io.hyperblock.server.health;

import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.server.api.UnavailableException;
import io.hyperblock.server.metadata.MetadataCommand.SetBrickState;
import io.hyperblock.server.metadata.MetadataStore;
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
 * Marks bricks DOWN when they fall silent and UP when they speak again. Only the leader scans: it
 * alone holds the heartbeats bricks send (followers redirect them), and one decider avoids two
 * members flapping a brick. A member that just became leader counts every brick's silence from the
 * moment it took over, so a failover never marks healthy bricks DOWN.
 *
 * <p>The clock is injected; {@link #scan()} is called by the server's scheduler every scan
 * interval, and directly by tests.
 */
public final class HealthMonitor {
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

  /** Records a heartbeat (or registration) from a brick and, if the brick is DOWN, proposes UP. */
  public void onHeartbeat(UUID brickId, long capacityBytes, long usedBytes, long freeBytes) {
    Instant now = clock.instant();
    heartbeats.record(
        brickId, new HeartbeatTracker.Heartbeat(now, capacityBytes, usedBytes, freeBytes));
    boolean down =
        store
            .state()
            .topology()
            .brick(brickId)
            .map(b -> b.state() == BrickState.DOWN)
            .orElse(false);
    if (down && pendingUp.add(brickId)) {
      proposer.execute(
          () -> {
            try {
              store.submit(new SetBrickState(brickId, BrickState.UP, "heartbeat resumed", now));
              LOG.info("brick {} is UP again (heartbeat resumed)", brickId);
            } catch (UnavailableException e) {
              LOG.warn("could not mark brick {} UP: {}", brickId, e.getMessage());
            } finally {
              pendingUp.remove(brickId);
            }
          });
    }
  }

  /**
   * One scan: on the leader, proposes DOWN for every UP brick silent for longer than down-after.
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
    for (Brick brick : store.state().topology().bricks()) {
      if (brick.state() != BrickState.UP) {
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
}
