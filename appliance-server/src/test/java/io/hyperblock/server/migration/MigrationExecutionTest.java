package io.hyperblock.server.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.core.impact.DependencyIndex;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.core.rebalance.RebalancePlan;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.core.units.DataSize;
import io.hyperblock.protocol.v1.ChunkInfo;
import io.hyperblock.server.api.CreateVolumeRequest;
import io.hyperblock.server.api.MigrationInfo;
import io.hyperblock.server.brick.BrickGateway;
import io.hyperblock.server.brick.MetadataBrickService;
import io.hyperblock.server.healing.HealingConfig;
import io.hyperblock.server.healing.PlannerRebuildPlanning;
import io.hyperblock.server.healing.RebuildCoordinator;
import io.hyperblock.server.health.HeartbeatTracker;
import io.hyperblock.server.metadata.InMemoryMetadataStore;
import io.hyperblock.server.metadata.MetadataCommand;
import io.hyperblock.server.testing.Fixtures;
import io.hyperblock.server.volume.MetadataVolumeService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Drains and rebalances carried out by the real rebuild coordinator and the drain follow-up over
 * the real state machine (in-memory metadata, bricks that copy instantly), tick by tick on a fake
 * clock.
 */
@Timeout(30)
class MigrationExecutionTest {
  private final InMemoryMetadataStore store = new InMemoryMetadataStore();
  private final InstantRepairClient bricks = new InstantRepairClient();
  private final TickClock clock = new TickClock();
  private List<UUID> ids;

  /**
   * Volume and added-brick ids: seeded, so the placement-dependent figures are the same each run.
   */
  private final java.util.function.Supplier<UUID> newIds = Fixtures.ids(7);

  private MetadataMaintenanceService service;
  private RebuildCoordinator coordinator;
  private MigrationFinisher finisher;

  @BeforeEach
  void setUp() {
    ids = Fixtures.cluster(store, 3, 2);
    var brickService = new MetadataBrickService(store, new HeartbeatTracker());
    service = new MetadataMaintenanceService(store, brickService, clock);
    HealingConfig config =
        new HealingConfig(
            Duration.ofMinutes(10),
            1000,
            DataSize.ofBytes(DataSize.GIB),
            DataSize.ofBytes(DataSize.GIB),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            5,
            64 << 10,
            Duration.ofSeconds(3));
    coordinator =
        new RebuildCoordinator(store, bricks, new PlannerRebuildPlanning(), clock, config);
    finisher = new MigrationFinisher(store, bricks, clock, Duration.ofSeconds(5));
    var volumes = new MetadataVolumeService(store, new NoBricks(), clock, newIds);
    volumes.create(new CreateVolumeRequest("pg", 4L << 30, Replicated.of(3), 0));
    volumes.create(new CreateVolumeRequest("an", 4L << 30, new ErasureCoded(2, 1), 0));
  }

  @Test
  void aDrainedBrickEndsDrainedHoldingNothingAndCanThenBeRemoved() {
    UUID brick = ids.get(3);
    String address = store.state().bricks().get(brick).address();
    bricks.units.put(
        address,
        List.of(
            ChunkInfo.newBuilder()
                .setVolumeId(UUID.randomUUID().toString())
                .setSizeBytes(1)
                .build()));
    MigrationInfo started = service.drain(brick.toString());
    assertThat(started.unitsTotal()).isEqualTo(unitsOn(brick)).isPositive();

    runUntil(() -> brickState(brick) == BrickState.DRAINED);

    assertThat(unitsOn(brick)).isZero();
    assertThat(bricks.reclaimedFrom).containsExactly(address);
    MigrationInfo done = service.migrations().getFirst();
    assertThat(done.state()).isEqualTo(MigrationInfo.State.COMPLETED);
    assertThat(done.unitsDone()).isEqualTo(started.unitsTotal());
    assertThat(done.bytesDone()).isEqualTo(done.bytesTotal());
    assertThat(service.remove(brick.toString(), false).brick().state())
        .isEqualTo(BrickState.REMOVED);
  }

  @Test
  void cancellingADrainStopsItsMovesAndPutsTheBrickBackUp() {
    bricks.hold = true;
    UUID brick = ids.get(0);
    MigrationInfo started = service.drain(brick.toString());
    tick();
    tick();
    MigrationInfo running = service.migrations().getFirst();
    assertThat(running.state()).isEqualTo(MigrationInfo.State.RUNNING);
    assertThat(running.bytesDone()).as("progress of running moves").isPositive();
    assertThat(running.eta()).isNotNull();

    MigrationInfo cancelled = service.cancel(started.id());

    assertThat(cancelled.state()).isEqualTo(MigrationInfo.State.CANCELLED);
    assertThat(brickState(brick)).isEqualTo(BrickState.UP);
    int before = unitsOn(brick);
    bricks.hold = false;
    for (int i = 0; i < 5; i++) {
      tick();
    }
    assertThat(unitsOn(brick)).as("nothing moves after the cancel").isEqualTo(before);
    assertThat(brickState(brick)).isEqualTo(BrickState.UP);
  }

  @Test
  void aRebalanceAfterAddingTwoBricksMovesAboutAQuarterOntoThemAndEvensOutFill() {
    UUID a = register("rack-0", "host-new-a");
    UUID b = register("rack-1", "host-new-b");
    RebalancePlan plan = service.rebalancePlan();
    assertThat(plan.movedFraction()).isBetween(0.15, 0.35);
    assertThat(plan.moves()).allMatch(m -> m.toBrick().equals(a) || m.toBrick().equals(b));

    MigrationInfo started = service.applyRebalance(plan.planId());
    runUntil(() -> service.migrations().getFirst().state() != MigrationInfo.State.RUNNING);

    assertThat(service.migrations().getFirst().state()).isEqualTo(MigrationInfo.State.COMPLETED);
    assertThat(started.unitsTotal()).isEqualTo(plan.moves().size());
    assertThat(unitsOn(a) + unitsOn(b)).isEqualTo(plan.moves().size());
    RebalancePlan after = service.rebalancePlan();
    assertThat(after.moves()).as("applied: nothing left to move").isEmpty();
    assertThat(after.imbalanceBefore()).isLessThan(plan.imbalanceBefore());
  }

  @Test
  void aBrickRemovedWithForceHasItsUnitsRebuiltElsewhere() {
    UUID brick = ids.get(4);
    assertThat(unitsOn(brick)).isPositive();

    service.remove(brick.toString(), true);
    runUntil(
        () ->
            unitsOn(brick) == 0
                && store.state().rebuildTasks().values().stream()
                    .noneMatch(t -> t.fromBrick().equals(brick) && !t.state().finished()));

    assertThat(brickState(brick)).isEqualTo(BrickState.REMOVED);
    assertThat(store.state().rebuildTasks().values())
        .filteredOn(t -> t.fromBrick().equals(brick))
        .allMatch(t -> t.state() == io.hyperblock.server.metadata.RebuildTask.State.DONE);
  }

  private void tick() {
    clock.advance(Duration.ofSeconds(1));
    coordinator.tick();
    finisher.tick();
  }

  private void runUntil(BooleanSupplier done) {
    for (int i = 0; i < 100 && !done.getAsBoolean(); i++) {
      tick();
    }
    assertThat(done.getAsBoolean()).as("reached within 100 ticks").isTrue();
  }

  private int unitsOn(UUID brick) {
    return DependencyIndex.build(Snapshots.of(store.state())).unitsOn(brick).size();
  }

  private BrickState brickState(UUID brick) {
    return store.state().topology().brick(brick).orElseThrow().state();
  }

  private UUID register(String rack, String host) {
    UUID id = newIds.get();
    store
        .submit(
            new MetadataCommand.RegisterBrick(
                id,
                null,
                "dc1",
                rack,
                host,
                Fixtures.BRICK_CAPACITY,
                "127.0.0.1:9" + rack.length() + host.length(),
                "/b",
                Fixtures.T0))
        .orThrow("brick", id.toString());
    return id;
  }

  /** A clock the test moves. */
  private static final class TickClock extends Clock {
    private Instant now = Fixtures.T0;

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  static final class NoBricks implements BrickGateway {
    @Override
    public void deleteVolume(Collection<String> addresses, UUID volumeId, long epoch) {}

    @Override
    public int observeEpoch(Collection<String> addresses, UUID volumeId, long epoch) {
      return 0;
    }

    @Override
    public void close() {}
  }
}
