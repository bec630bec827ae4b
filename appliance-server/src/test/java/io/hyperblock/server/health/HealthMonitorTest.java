package io.hyperblock.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.core.topology.BrickState;
import io.hyperblock.server.metadata.InMemoryMetadataStore;
import io.hyperblock.server.metadata.MetadataCommand.RegisterBrick;
import io.hyperblock.server.metadata.MetadataCommand.SetBrickState;
import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.testing.Fixtures;
import io.hyperblock.server.testing.LeadershipStore;
import io.hyperblock.server.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HealthMonitorTest {

  private static final java.time.Instant T0 = Fixtures.T0;

  private static final HealthConfig SEED = HealthConfig.DEFAULTS;

  private InMemoryMetadataStore store;
  private LeadershipStore view;
  private MutableClock clock;
  private HealthMonitor monitor;
  private List<UUID> bricks;

  @BeforeEach
  void cluster() {
    store = new InMemoryMetadataStore();
    bricks = Fixtures.cluster(store, 3, 1);
    clock = new MutableClock(Fixtures.T0);
    view = new LeadershipStore(store);
    monitor = new HealthMonitor(view, new HeartbeatTracker(), clock, SEED, Runnable::run);
  }

  private BrickState state(UUID id) {
    return store.state().topology().brick(id).orElseThrow().state();
  }

  private void heartbeatAll() {
    bricks.forEach(b -> monitor.onHeartbeat(b, 100, 10, 90));
  }

  @Test
  void brickSilentLongerThanDownAfterIsMarkedDownAtTheNextScan() {
    monitor.scan(); // becomes leader at T0
    heartbeatAll();
    clock.advance(Duration.ofSeconds(15));
    monitor.onHeartbeat(bricks.get(1), 100, 10, 90);
    monitor.onHeartbeat(bricks.get(2), 100, 10, 90);
    assertThat(monitor.scan()).isEmpty();
    clock.advance(Duration.ofSeconds(16)); // brick 0 silent for 31 s, the others for 16 s
    assertThat(monitor.scan()).containsExactly(bricks.getFirst());
    assertThat(state(bricks.getFirst())).isEqualTo(BrickState.DOWN);
    assertThat(state(bricks.get(1))).isEqualTo(BrickState.UP);
    var t = store.state().transitions().getLast();
    assertThat(t.from()).isEqualTo(BrickState.UP);
    assertThat(t.to()).isEqualTo(BrickState.DOWN);
    assertThat(t.reason()).contains("no heartbeat for 31000 ms");
    assertThat(t.at()).isEqualTo(clock.instant());
  }

  @Test
  void downBrickIsMarkedUpOnItsNextHeartbeat() {
    monitor.scan();
    clock.advance(Duration.ofSeconds(31));
    assertThat(monitor.scan()).hasSize(3);
    monitor.onHeartbeat(bricks.getFirst(), 100, 10, 90);
    assertThat(state(bricks.getFirst())).isEqualTo(BrickState.UP);
    assertThat(store.state().transitions().getLast().reason()).isEqualTo("heartbeat resumed");
  }

  @Test
  void drainingBrickThatFallsSilentGoesDownAndComesBackDraining() {
    monitor.scan();
    heartbeatAll();
    UUID b = bricks.getFirst();
    store.submit(new SetBrickState(b, BrickState.DRAINING, "drain requested by operator", T0));
    clock.advance(Duration.ofSeconds(20));
    monitor.onHeartbeat(bricks.get(1), 100, 10, 90);
    monitor.onHeartbeat(bricks.get(2), 100, 10, 90);
    clock.advance(Duration.ofSeconds(11));

    assertThat(monitor.scan()).containsExactly(b);

    assertThat(state(b)).isEqualTo(BrickState.DOWN);
    var t = store.state().transitions().getLast();
    assertThat(t.from()).isEqualTo(BrickState.DRAINING);
    assertThat(t.reason()).contains("no heartbeat for 31000 ms while DRAINING");
    assertThat(DrainIntent.drainingWhenDown(store.state(), b)).isTrue();
    assertThat(DrainIntent.drainingWhenDown(store.state(), bricks.get(1))).isFalse();

    monitor.onHeartbeat(b, 100, 10, 90);
    assertThat(state(b)).as("the drain resumes, not UP").isEqualTo(BrickState.DRAINING);
    assertThat(store.state().transitions().getLast().reason()).contains("drain resumes");
  }

  /** Registers the brick again, as its restarted process does; returns the state before. */
  private MetadataState reRegister(UUID b) {
    MetadataState before = store.state();
    var brick = before.topology().brick(b).orElseThrow();
    store.submit(
        new RegisterBrick(
            b,
            null,
            brick.datacenter(),
            brick.rack(),
            brick.host(),
            brick.weight(),
            before.bricks().get(b).address(),
            brick.path(),
            clock.instant()));
    return before;
  }

  /** Brick 0 drains, falls silent and is marked DOWN with its drain intent. */
  private UUID drainingBrickGoesDown() {
    monitor.scan();
    UUID b = bricks.getFirst();
    store.submit(new SetBrickState(b, BrickState.DRAINING, "drain requested by operator", T0));
    clock.advance(Duration.ofSeconds(31));
    assertThat(monitor.scan()).contains(b);
    return b;
  }

  @Test
  void drainingBrickRestartedWhileDownResumesItsDrainAtRegistration() {
    UUID b = drainingBrickGoesDown();
    MetadataState before = reRegister(b); // registration turns any DOWN brick UP
    assertThat(state(b)).isEqualTo(BrickState.UP);

    monitor.onRegistered(b, before, 100);

    assertThat(state(b))
        .as("DRAINING before the registration answers")
        .isEqualTo(BrickState.DRAINING);
    assertThat(store.state().transitions().getLast().reason()).contains("drain resumes");
    // A plain DOWN brick that registers again stays UP.
    UUID other = bricks.get(1);
    monitor.onRegistered(other, reRegister(other), 100);
    monitor.scan();
    assertThat(state(other)).isEqualTo(BrickState.UP);
    assertThat(state(b)).isEqualTo(BrickState.DRAINING);
  }

  @Test
  void scanResumesTheDrainWhenTheRegistrationsProposalWasLostButOnlyWithinDownAfter() {
    UUID b = drainingBrickGoesDown();
    reRegister(b); // the member that served it failed before proposing DRAINING
    monitor.onHeartbeat(b, 100, 10, 90);
    assertThat(state(b)).isEqualTo(BrickState.UP);
    monitor.scan();
    assertThat(state(b)).isEqualTo(BrickState.DRAINING);

    // Later than down-after, a DOWN -> UP registration no longer reads as a drain to resume (the
    // drain may have been cancelled, and its cancelled tasks aged out of the state since).
    UUID c = bricks.get(1); // DOWN since the first scan, from UP
    store.submit(new SetBrickState(c, BrickState.UP, "test: back", clock.instant()));
    store.submit(new SetBrickState(c, BrickState.DRAINING, "drain requested by operator", T0));
    store.submit(new SetBrickState(c, BrickState.DOWN, "test: silent while draining", T0));
    reRegister(c);
    clock.advance(Duration.ofSeconds(31));
    monitor.onHeartbeat(c, 100, 10, 90);
    monitor.scan();
    assertThat(state(c)).isEqualTo(BrickState.UP);
  }

  @Test
  void followerNeverMarksBricksDown() {
    view.lead(false);
    clock.advance(Duration.ofMinutes(5));
    assertThat(monitor.scan()).isEmpty();
    assertThat(bricks).allSatisfy(b -> assertThat(state(b)).isEqualTo(BrickState.UP));
  }

  @Test
  void newLeaderGivesEveryBrickAFullDownAfterPeriodBeforeJudging() {
    view.lead(false);
    clock.advance(Duration.ofMinutes(5)); // heartbeats went to the old leader meanwhile
    monitor.scan();
    view.lead(true);
    assertThat(monitor.scan()).isEmpty(); // takes over now
    clock.advance(Duration.ofSeconds(29));
    heartbeatAll();
    clock.advance(Duration.ofSeconds(29));
    assertThat(monitor.scan()).isEmpty();
  }
}
