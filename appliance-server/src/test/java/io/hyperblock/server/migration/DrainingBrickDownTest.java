package io.hyperblock.server.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.core.impact.DependencyIndex;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.core.units.DataSize;
import io.hyperblock.server.api.CreateVolumeRequest;
import io.hyperblock.server.brick.MetadataBrickService;
import io.hyperblock.server.healing.HealingConfig;
import io.hyperblock.server.healing.PlannerRebuildPlanning;
import io.hyperblock.server.healing.RebuildCoordinator;
import io.hyperblock.server.health.DrainIntent;
import io.hyperblock.server.health.HealthConfig;
import io.hyperblock.server.health.HealthMonitor;
import io.hyperblock.server.health.HeartbeatTracker;
import io.hyperblock.server.metadata.InMemoryMetadataStore;
import io.hyperblock.server.metadata.RebuildTask;
import io.hyperblock.server.testing.Fixtures;
import io.hyperblock.server.testing.MutableClock;
import io.hyperblock.server.volume.MetadataVolumeService;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A brick that dies in the middle of its drain: the health monitor, the rebuild coordinator and the
 * drain follow-up over the real state machine, tick by tick on a fake clock. The brick must be seen
 * as DOWN (not stay DRAINING forever), the moves that need it must not wait for it, and the drain
 * must end with the brick DRAINED holding nothing.
 */
@Timeout(30)
class DrainingBrickDownTest {
  private final InMemoryMetadataStore store = new InMemoryMetadataStore();
  private final InstantRepairClient bricks = new InstantRepairClient();
  private final MutableClock clock = new MutableClock(Fixtures.T0);
  private List<UUID> ids;
  private MetadataMaintenanceService service;
  private RebuildCoordinator coordinator;
  private MigrationFinisher finisher;
  private HealthMonitor monitor;

  @BeforeEach
  void setUp() {
    ids = Fixtures.cluster(store, 3, 2);
    var brickService = new MetadataBrickService(store, new HeartbeatTracker());
    service = new MetadataMaintenanceService(store, brickService, clock);
    HealingConfig healing =
        new HealingConfig(
            Duration.ofSeconds(20), // wait before replace
            1000,
            DataSize.ofBytes(DataSize.GIB),
            DataSize.ofBytes(DataSize.GIB),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            5,
            64 << 10);
    coordinator =
        new RebuildCoordinator(store, bricks, new PlannerRebuildPlanning(), clock, healing);
    finisher = new MigrationFinisher(store, bricks, clock, Duration.ofSeconds(5));
    monitor =
        new HealthMonitor(
            store, new HeartbeatTracker(), clock, HealthConfig.DEFAULTS, Runnable::run);
    var volumes =
        new MetadataVolumeService(
            store, new MigrationExecutionTest.NoBricks(), clock, UUID::randomUUID);
    volumes.create(new CreateVolumeRequest("pg", 4L << 30, Replicated.of(3), 0));
    volumes.create(new CreateVolumeRequest("an", 4L << 30, new ErasureCoded(2, 1), 0));
  }

  @Test
  void aBrickThatDiesWhileDrainingGoesDownAndItsDrainStillEndsDrained() {
    UUID dying = ids.get(3);
    monitor.scan(); // leads from T0
    service.drain(dying.toString());
    assertThat(brickState(dying)).isEqualTo(BrickState.DRAINING);
    List<RebuildTask> ecMoves =
        openDrainMoves(dying).stream().filter(t -> t.sources().equals(List.of(dying))).toList();
    assertThat(ecMoves).as("EC shards drain by copying from the leaving brick only").isNotEmpty();

    // The brick dies before any move ran; the others keep heartbeating.
    for (int i = 0; i < 31; i++) {
      clock.advance(Duration.ofSeconds(1));
      heartbeatAllBut(dying);
    }
    assertThat(monitor.scan()).containsExactly(dying);
    assertThat(brickState(dying)).isEqualTo(BrickState.DOWN);
    assertThat(DrainIntent.drainingWhenDown(store.state(), dying)).isTrue();

    monitor.scan();
    assertThat(ecMoves)
        .as("moves that need the DOWN brick are cancelled instead of waiting for it")
        .allSatisfy(
            t -> {
              RebuildTask now = store.state().rebuildTasks().get(t.taskId());
              assertThat(now.state()).isEqualTo(RebuildTask.State.CANCELLED);
              assertThat(now.lastError()).contains("went DOWN");
            });

    runUntil(() -> brickState(dying) == BrickState.DRAINED, dying);

    assertThat(unitsOn(dying)).isZero();
    assertThat(store.state().transitions().getLast().reason())
        .contains("drain finished while DOWN");
    assertThat(service.remove(dying.toString(), false).brick().state())
        .isEqualTo(BrickState.REMOVED);
  }

  private List<RebuildTask> openDrainMoves(UUID brick) {
    return store.state().rebuildTasks().values().stream()
        .filter(t -> t.fromBrick().equals(brick) && !t.state().finished())
        .toList();
  }

  private void heartbeatAllBut(UUID silent) {
    for (UUID b : ids) {
      if (!b.equals(silent)) {
        monitor.onHeartbeat(b, 100, 10, 90);
      }
    }
  }

  private void runUntil(BooleanSupplier done, UUID silent) {
    for (int i = 0; i < 200 && !done.getAsBoolean(); i++) {
      clock.advance(Duration.ofSeconds(1));
      heartbeatAllBut(silent);
      monitor.scan();
      coordinator.tick();
      finisher.tick();
    }
    assertThat(done.getAsBoolean()).as("reached within 200 ticks").isTrue();
  }

  private int unitsOn(UUID brick) {
    return DependencyIndex.build(Snapshots.of(store.state())).unitsOn(brick).size();
  }

  private BrickState brickState(UUID brick) {
    return store.state().topology().brick(brick).orElseThrow().state();
  }
}
