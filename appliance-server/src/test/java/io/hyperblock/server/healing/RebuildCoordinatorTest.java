package io.hyperblock.server.healing;

import static io.hyperblock.server.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.placement.VolumePlacer;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.ProtectionPolicy;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.protocol.v1.ChunkInfo;
import io.hyperblock.protocol.v1.RebuildKind;
import io.hyperblock.server.api.VolumeState;
import io.hyperblock.server.metadata.InMemoryMetadataStore;
import io.hyperblock.server.metadata.MetadataCommand.CreateVolume;
import io.hyperblock.server.metadata.MetadataCommand.RegisterBrick;
import io.hyperblock.server.metadata.MetadataCommand.SetBrickState;
import io.hyperblock.server.metadata.RebuildTask;
import io.hyperblock.server.metadata.RebuildTask.State;
import io.hyperblock.server.metadata.VolumeRecord;
import io.hyperblock.server.testing.Fixtures;
import io.hyperblock.server.testing.LeadershipStore;
import io.hyperblock.server.testing.MutableClock;
import io.hyperblock.server.volume.VolumeViews;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RebuildCoordinatorTest {
  private static final UUID R3 = UUID.fromString("00000000-0000-4000-8000-0000000000a1");
  private static final UUID EC = UUID.fromString("00000000-0000-4000-8000-0000000000a2");
  private static final long CHUNK = 1 << 20;

  private final InMemoryMetadataStore memory = new InMemoryMetadataStore();
  private final LeadershipStore store = new LeadershipStore(memory);
  private final MutableClock clock = new MutableClock(T0);
  private final FakeRepairClient bricks = new FakeRepairClient();
  private List<UUID> ids;
  private UUID victim;
  private RebuildCoordinator coordinator;

  @BeforeEach
  void cluster() {
    // 7 bricks: a 4+2 stripe needs a seventh brick to be rebuilt elsewhere after losing one.
    ids = Fixtures.cluster(memory, 7, 1);
    create(R3, "r3", Replicated.of(3), 4);
    create(EC, "ec", new ErasureCoded(4, 2), 2);
    victim =
        memory
            .state()
            .placements()
            .get(EC)
            .groups()
            .getFirst()
            .locations()
            .get(1)
            .brickIds()
            .getFirst();
    coordinator = coordinator(HealingConfig.DEFAULTS);
  }

  private RebuildCoordinator coordinator(HealingConfig config) {
    return new RebuildCoordinator(store, bricks, new PlannerRebuildPlanning(), clock, config);
  }

  private void create(UUID id, String name, ProtectionPolicy policy, long stripes) {
    List<ChunkGroup> groups =
        VolumePlacer.placeStripes(
            id, policy, 0, stripes, memory.state().topology(), VolumePlacer.defaultRule(policy));
    var v = new VolumeRecord(id, name, stripes * CHUNK, CHUNK, policy, 1, 7, "nbd-1", T0);
    memory.submit(new CreateVolume(v, new PlacementMap(id, 1, groups))).orThrow("volume", name);
  }

  private VolumeState health(String name) {
    var v = memory.state().volume(name).orElseThrow();
    return VolumeViews.health(
        v, memory.state().placements().get(v.id()), memory.state().topology());
  }

  private List<RebuildTask> tasks() {
    return List.copyOf(memory.state().rebuildTasks().values());
  }

  private void killVictim() {
    memory.submit(new SetBrickState(victim, BrickState.DOWN, "test", clock.instant()));
  }

  @Test
  void brickDownLongerThanTheWindowIsRebuiltElsewhereAndVolumesBecomeHealthy() {
    var base = HealingConfig.DEFAULTS;
    coordinator =
        coordinator(
            new HealingConfig(
                base.waitBeforeReplace(),
                2,
                base.perBrickRate(),
                base.globalRate(),
                base.tickInterval(),
                base.progressInterval(),
                base.maxAttempts(),
                base.stripeUnit(),
                base.fenceLease()));
    killVictim();
    assertThat(health("ec")).isEqualTo(VolumeState.DEGRADED);
    clock.advance(Duration.ofMinutes(9));
    coordinator.tick();
    assertThat(tasks()).as("inside the wait-before-replace window").isEmpty();

    clock.advance(Duration.ofMinutes(1));
    coordinator.tick();

    assertThat(tasks()).isNotEmpty().allMatch(t -> t.fromBrick().equals(victim));
    assertThat(tasks()).hasSizeGreaterThan(2);
    assertThat(bricks.calls).hasSize(2); // the concurrency limit
    assertThat(tasks()).filteredOn(t -> t.state() == State.RUNNING).hasSize(2);
    for (int i = 0; i < 10 && !bricks.open().isEmpty(); i++) {
      bricks.finishAll();
      coordinator.tick();
      coordinator.tick();
    }
    coordinator.tick();
    assertThat(tasks()).allMatch(t -> t.state() == State.DONE);
    assertThat(health("ec")).isEqualTo(VolumeState.HEALTHY);
    assertThat(health("r3")).isEqualTo(VolumeState.HEALTHY);
    assertThat(memory.state().volume("ec").orElseThrow().placementEpoch()).isGreaterThan(1);
    for (PlacementMap map : memory.state().placements().values()) {
      assertThat(map.groups())
          .allSatisfy(
              g -> g.locations().forEach(l -> assertThat(l.brickIds()).doesNotContain(victim)));
    }
  }

  @Test
  void movesAreFencedAndTheCommitRaisesTheFloorOnTheStripesLiveBricksReleasingTheFreezes() {
    killVictim();
    clock.advance(Duration.ofMinutes(11));
    coordinator.tick();
    assertThat(bricks.calls).isNotEmpty();
    assertThat(bricks.calls.stream().map(c -> c.request().getFenceToken()).distinct())
        .as("a freeze token per attempt")
        .hasSize(bricks.calls.size());
    for (FakeRepairClient.Call c : bricks.calls) {
      assertThat(c.request().getFenceToken()).startsWith(c.request().getTaskId() + "#");
      assertThat(c.request().getFenceLeaseMillis())
          .isEqualTo(HealingConfig.DEFAULTS.fenceLease().toMillis());
      // every live brick of the stripe but the target; the DOWN victim cannot be frozen
      assertThat(c.request().getFenceList())
          .isNotEmpty()
          .noneMatch(f -> f.getBrickId().equals(victim.toString()))
          .noneMatch(f -> f.getAddress().equals(c.address()));
    }
    bricks.holdFloors = true;
    for (int i = 0; i < 10; i++) {
      bricks.finishAll();
      coordinator.tick();
    }
    assertThat(tasks()).allMatch(t -> t.state() == State.SETTLING);
    long r3Version = memory.state().placements().get(R3).version();
    assertThat(bricks.floors)
        .isNotEmpty()
        .anyMatch(f -> f.contains(R3 + " " + r3Version + " ["))
        .noneMatch(f -> f.startsWith(memory.state().bricks().get(victim).address() + " "));

    bricks.holdFloors = false;
    bricks.heldFloors.forEach(f -> f.complete(1L));
    coordinator.tick();
    coordinator.tick();
    assertThat(tasks()).allMatch(t -> t.state() == State.DONE);
  }

  @Test
  void aCopiedUnitWhoseFreezeIsPastHalfItsLeaseIsFencedAgainBeforeItsCommit() {
    killVictim();
    clock.advance(Duration.ofMinutes(11));
    coordinator.tick();
    long before = memory.state().placements().get(R3).version();
    bricks.fencedForMillis = HealingConfig.DEFAULTS.fenceLease().toMillis() / 2 + 1;
    int calls = bricks.calls.size();
    bricks.finishAll();
    coordinator.tick();
    assertThat(tasks()).anyMatch(t -> t.state() == State.COPIED);
    assertThat(memory.state().placements().get(R3).version()).isEqualTo(before);
    var again = bricks.calls.subList(calls, bricks.calls.size());
    assertThat(again)
        .as("fenced catch-ups of the copied units")
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.request().getChangedSinceMillis()).isPositive());

    bricks.fencedForMillis = 0;
    bricks.finishAll();
    coordinator.tick();
    assertThat(memory.state().placements().get(R3).version()).isGreaterThan(before);
  }

  @Test
  void unitsOfAStripeWithAnUnfinishedTaskAreNotReclaimed() {
    bricks.holdFloors = true;
    killVictim();
    clock.advance(Duration.ofMinutes(11));
    for (int i = 0; i < 10; i++) {
      coordinator.tick();
      bricks.finishAll();
    }
    coordinator.tick();
    RebuildTask settling =
        tasks().stream().filter(t -> t.state() == State.SETTLING).findFirst().orElseThrow();
    String address = memory.state().bricks().get(victim).address();
    bricks.units.put(
        address,
        List.of(
            ChunkInfo.newBuilder()
                .setVolumeId(R3.toString())
                .setStripeIndex(settling.stripeIndex())
                .setSizeBytes(4096)
                .build()));
    reRegisterVictim();
    coordinator.tick();
    assertThat(bricks.reclaims).as("kept while its move is not settled").isEmpty();

    bricks.holdFloors = false;
    bricks.heldFloors.forEach(f -> f.complete(1L));
    coordinator.tick();
    coordinator.tick();
    coordinator.tick();
    assertThat(bricks.reclaims).as("kept while a reader may still use its cached map").isEmpty();
    clock.advance(HealingConfig.reclaimAfter().plusSeconds(1));
    coordinator.tick();
    assertThat(bricks.reclaims).hasSize(1);
    assertThat(bricks.reclaims.getFirst().getUnitsList())
        .extracting(u -> u.getStripeIndex())
        .containsExactly(settling.stripeIndex());
  }

  @Test
  void brickBackWithinTheWindowIsDeltaResyncedFromPeersInsteadOfReplaced() {
    Instant down = clock.instant();
    killVictim();
    clock.advance(Duration.ofMinutes(2));
    coordinator.tick();
    reRegisterVictim();
    coordinator.tick();

    assertThat(tasks()).as("no rebuild: back within the window").isEmpty();
    long r3Units =
        memory.state().placements().get(R3).groups().stream()
            .filter(g -> g.locations().getFirst().brickIds().contains(victim))
            .count();
    long ecUnits =
        memory.state().placements().get(EC).groups().stream()
            .filter(g -> g.locations().stream().anyMatch(l -> l.brickIds().contains(victim)))
            .count();
    assertThat(r3Units).isPositive();
    assertThat(ecUnits).isPositive();
    assertThat(bricks.calls).hasSize((int) Math.min(r3Units + ecUnits, 4)); // concurrency limit
    long since = down.minus(RebuildCoordinator.CLOCK_SKEW_MARGIN).toEpochMilli();
    for (int i = 0; i < 20; i++) {
      bricks.open().forEach(c -> c.result().complete(4096L));
      coordinator.tick();
    }
    assertThat(bricks.calls).hasSize((int) (r3Units + ecUnits));
    assertThat(bricks.calls)
        .allSatisfy(
            c -> {
              var r = c.request();
              assertThat(c.address()).isEqualTo(memory.state().bricks().get(victim).address());
              assertThat(r.getChangedSinceMillis()).isEqualTo(since);
              assertThat(r.getSourcesList())
                  .isNotEmpty()
                  .noneMatch(src -> src.getBrickId().equals(victim.toString()));
              // fenced while it copies, released when done (ADR 0009)
              assertThat(r.getFenceList()).isEqualTo(r.getSourcesList());
              assertThat(r.getReleaseFenceWhenDone()).isTrue();
              if (r.getVolumeId().equals(EC.toString())) {
                assertThat(r.getKind()).isEqualTo(RebuildKind.REBUILD_KIND_RECONSTRUCT_SHARD);
                assertThat(r.getSourcesCount()).isEqualTo(5);
              } else {
                assertThat(r.getKind()).isEqualTo(RebuildKind.REBUILD_KIND_COPY_REPLICA);
              }
            });
    assertThat(coordinator.resyncedBytes()).containsEntry(victim, 4096L * (r3Units + ecUnits));
  }

  @Test
  void aBrickBackFromDownIsToldEachOfItsVolumesFencingEpochAndPlacementFloor() {
    coordinator.tick();
    killVictim();
    clock.advance(Duration.ofMinutes(2));
    coordinator.tick();
    bricks.floors.clear();
    bricks.epochs.clear();
    reRegisterVictim();
    coordinator.tick();

    String address = memory.state().bricks().get(victim).address();
    long ecVersion = memory.state().placements().get(EC).version();
    assertThat(bricks.floors).contains(address + " " + EC + " " + ecVersion + " []");
    assertThat(bricks.epochs).contains(address + " " + EC + " 7");
    coordinator.tick();
    assertThat(bricks.floors.stream().filter(f -> f.startsWith(address + " " + EC + " ")))
        .as("once per UP period")
        .hasSize(1);
  }

  @Test
  void aDrainingBrickBackFromDownIsDeltaResyncedToo() {
    memory.submit(new SetBrickState(victim, BrickState.DRAINING, "drain", clock.instant()));
    killVictim();
    clock.advance(Duration.ofMinutes(2));
    coordinator.tick();
    assertThat(bricks.calls).isEmpty();
    memory.submit(new SetBrickState(victim, BrickState.DRAINING, "back", clock.instant()));
    coordinator.tick();
    String address = memory.state().bricks().get(victim).address();
    assertThat(bricks.calls)
        .isNotEmpty()
        .allSatisfy(
            c -> {
              assertThat(c.address()).isEqualTo(address);
              assertThat(c.request().getChangedSinceMillis()).isPositive();
            });
  }

  @Test
  void aNewLeaderFencesCommittedMovesAgainBeforeItRaisesTheirFloor() {
    killVictim();
    clock.advance(Duration.ofMinutes(11));
    bricks.holdFloors = true;
    for (int i = 0; i < 10; i++) {
      coordinator.tick();
      bricks.finishAll();
    }
    coordinator.tick();
    List<String> settling =
        tasks().stream().filter(t -> t.state() == State.SETTLING).map(t -> t.taskId()).toList();
    assertThat(settling).isNotEmpty();

    store.lead(false);
    coordinator.tick();
    RebuildCoordinator successor = coordinator(HealingConfig.DEFAULTS);
    store.lead(true);
    int calls = bricks.calls.size();
    int floors = bricks.floors.size();
    bricks.holdFloors = false;
    successor.tick();
    // the old leader's freezes may have lapsed: old-map writers may have written meanwhile
    var again = bricks.calls.subList(calls, bricks.calls.size());
    assertThat(again)
        .isNotEmpty()
        .allSatisfy(
            c -> {
              assertThat(settling).contains(c.request().getTaskId());
              assertThat(c.request().getChangedSinceMillis()).isPositive();
              assertThat(c.request().getFenceList()).isNotEmpty();
            });
    assertThat(bricks.floors.subList(floors, bricks.floors.size()))
        .as("no move released before its stripe is frozen again (BrickFences' floors release none)")
        .allMatch(f -> f.endsWith(" []"));

    for (int i = 0; i < 6; i++) {
      bricks.finishAll();
      successor.tick();
    }
    assertThat(tasks()).allMatch(t -> t.state() == State.DONE);
    String token = again.getFirst().request().getFenceToken();
    assertThat(bricks.floors).anyMatch(f -> f.contains(token));
  }

  @Test
  void aResyncIsBuiltFromTheMapWhenDispatchedAndWaitsForAnOpenMoveOfItsStripe() {
    var g =
        memory.state().placements().get(R3).groups().stream()
            .filter(x -> x.locations().getFirst().brickIds().contains(victim))
            .findFirst()
            .orElseThrow();
    List<UUID> replicas = g.locations().getFirst().brickIds();
    UUID peer = replicas.stream().filter(b -> !b.equals(victim)).findFirst().orElseThrow();
    UUID outsider = ids.stream().filter(b -> !replicas.contains(b)).findFirst().orElseThrow();
    DeltaResync.Readiness[] r = new DeltaResync.Readiness[1];

    var ready =
        DeltaResync.request(
            memory.state(), new DeltaResync.Job(peer, R3, g.stripeIndex(), 1, 30_000, 0), "t", r);
    assertThat(r[0]).isEqualTo(DeltaResync.Readiness.READY);
    assertThat(ready.orElseThrow().getSourcesList())
        .extracting(s -> UUID.fromString(s.getBrickId()))
        .containsExactlyInAnyOrderElementsOf(
            replicas.stream().filter(b -> !b.equals(peer)).toList());
    assertThat(ready.orElseThrow().getFenceToken()).isEqualTo("t");

    DeltaResync.request(
        memory.state(), new DeltaResync.Job(outsider, R3, g.stripeIndex(), 1, 30_000, 0), "t", r);
    assertThat(r[0])
        .as("not a holder of the stripe (any more)")
        .isEqualTo(DeltaResync.Readiness.DROP);

    killVictim();
    clock.advance(Duration.ofMinutes(11));
    coordinator.tick(); // plans the move of the victim's unit of this stripe
    DeltaResync.request(
        memory.state(), new DeltaResync.Job(peer, R3, g.stripeIndex(), 1, 30_000, 0), "t", r);
    assertThat(r[0]).as("after the open move of its stripe").isEqualTo(DeltaResync.Readiness.WAIT);
  }

  private void reRegisterVictim() {
    var r = memory.state().bricks().get(victim);
    var b = memory.state().topology().brick(victim).orElseThrow();
    memory.submit(
        new RegisterBrick(
            victim,
            Fixtures.CLUSTER,
            b.datacenter(),
            b.rack(),
            b.host(),
            r.capacityBytes(),
            r.address(),
            "/data/brick",
            clock.instant()));
  }

  @Test
  void aBrickDownInsideItsWindowKeepsItsUnitsAndReceivesNone() {
    UUID other = ids.stream().filter(b -> !b.equals(victim)).findFirst().orElseThrow();
    killVictim();
    clock.advance(Duration.ofMinutes(11));
    memory.submit(new SetBrickState(other, BrickState.DOWN, "test", clock.instant()));
    coordinator.tick();

    assertThat(tasks()).isNotEmpty();
    assertThat(tasks()).allSatisfy(t -> assertThat(t.fromBrick()).isEqualTo(victim));
    assertThat(tasks()).allSatisfy(t -> assertThat(t.toBrick()).isNotEqualTo(other));
    assertThat(tasks()).allSatisfy(t -> assertThat(t.sources()).doesNotContain(other, victim));
  }

  @Test
  void ecTasksReconstructFromOtherShardsWithTheVolumesEpoch() {
    killVictim();
    clock.advance(Duration.ofMinutes(11));
    coordinator.tick();

    var ec =
        bricks.calls.stream()
            .map(FakeRepairClient.Call::request)
            .filter(r -> r.getVolumeId().equals(EC.toString()))
            .findFirst()
            .orElseThrow();
    assertThat(ec.getKind()).isEqualTo(RebuildKind.REBUILD_KIND_RECONSTRUCT_SHARD);
    assertThat(ec.getShardIndex()).isEqualTo(1);
    assertThat(ec.getSourcesCount()).isEqualTo(5);
    assertThat(ec.getSourcesList()).noneMatch(s -> s.getShardIndex() == 1);
    assertThat(ec.getEpoch()).isEqualTo(7);
    assertThat(ec.getUnitBytes()).isEqualTo(CHUNK / 4);
    assertThat(ec.getMaxBytesPerSecond()).isPositive();
  }

  @Test
  void failedAttemptGoesBackToPendingWithItsErrorAndIsRetriedAfterABackoff() {
    killVictim();
    clock.advance(Duration.ofMinutes(11));
    coordinator.tick();
    FakeRepairClient.Call first = bricks.open().getFirst();
    first
        .result()
        .completeExceptionally(
            Status.UNAVAILABLE.withDescription("source gone").asRuntimeException());

    coordinator.tick();
    RebuildTask t = memory.state().rebuildTasks().get(first.request().getTaskId());
    assertThat(t.state()).isEqualTo(State.PENDING);
    assertThat(t.attempts()).isEqualTo(1);
    assertThat(t.lastError()).contains("UNAVAILABLE").contains("source gone");
    long before =
        bricks.calls.stream().filter(c -> c.request().getTaskId().equals(t.taskId())).count();

    clock.advance(Duration.ofSeconds(30));
    coordinator.tick();
    bricks.finishAll();
    coordinator.tick();
    assertThat(bricks.calls.stream().filter(c -> c.request().getTaskId().equals(t.taskId())))
        .hasSize((int) before + 1);
  }

  @Test
  void newLeaderResumesTasksThatWereRunningUnderTheOldOne() {
    killVictim();
    clock.advance(Duration.ofMinutes(11));
    coordinator.tick();
    int dispatched = bricks.calls.size();

    store.lead(false);
    coordinator.tick();
    assertThat(bricks.calls)
        .as("the deposed leader cancels its attempts (their freezes are released)")
        .allMatch(c -> c.result().isCancelled());
    RebuildCoordinator successor = coordinator(HealingConfig.DEFAULTS);
    store.lead(true);
    successor.tick();

    assertThat(bricks.calls).hasSize(dispatched * 2);
    assertThat(bricks.calls.subList(dispatched, bricks.calls.size()))
        .extracting(c -> c.request().getTaskId())
        .containsExactlyElementsOf(
            bricks.calls.subList(0, dispatched).stream()
                .map(c -> c.request().getTaskId())
                .toList());
  }

  @Test
  void progressIsWrittenInBatchesNotPerReport() {
    killVictim();
    clock.advance(Duration.ofMinutes(11));
    coordinator.tick();
    FakeRepairClient.Call call = bricks.open().getFirst();
    call.progress().accept(4096);
    call.progress().accept(8192);
    coordinator.tick();
    assertThat(memory.state().rebuildTasks().get(call.request().getTaskId()).bytesDone())
        .as("before the progress interval")
        .isZero();
    assertThat(coordinator.liveProgress()).containsEntry(call.request().getTaskId(), 8192L);

    clock.advance(Duration.ofSeconds(6));
    coordinator.tick();
    assertThat(memory.state().rebuildTasks().get(call.request().getTaskId()).bytesDone())
        .isEqualTo(8192);
  }

  @Test
  void progressForAlertsCarriesLiveBytesAndWhenTheyLastGrew() {
    killVictim();
    clock.advance(Duration.ofMinutes(11));
    coordinator.tick();
    FakeRepairClient.Call call = bricks.open().getFirst();
    Instant grew = clock.instant().plusSeconds(3);
    clock.advance(Duration.ofSeconds(3));
    call.progress().accept(4096);
    clock.advance(Duration.ofSeconds(30));
    call.progress().accept(4096); // no growth: a stall keeps its old time

    var p =
        coordinator.progress().stream()
            .filter(r -> r.taskId().equals(call.request().getTaskId()))
            .findFirst()
            .orElseThrow();
    assertThat(p.bytesDone()).isEqualTo(4096);
    assertThat(p.lastProgressAt()).isEqualTo(grew);
    assertThat(coordinator.progress()).hasSize(tasks().size());
  }

  @Test
  void brickBackAfterItWasReplacedHasItsOldUnitsReclaimed() {
    killVictim();
    clock.advance(Duration.ofMinutes(11));
    for (int i = 0; i < 10; i++) {
      coordinator.tick();
      bricks.finishAll();
    }
    coordinator.tick();
    String address = memory.state().bricks().get(victim).address();
    UUID deletedVolume = UUID.fromString("00000000-0000-4000-8000-0000000000ff");
    bricks.units.put(
        address,
        List.of(
            ChunkInfo.newBuilder()
                .setVolumeId(EC.toString())
                .setStripeIndex(0)
                .setShardIndex(1)
                .setSizeBytes(4096)
                .build(),
            ChunkInfo.newBuilder().setVolumeId(deletedVolume.toString()).setSizeBytes(1).build()));

    var r = memory.state().bricks().get(victim);
    var b = memory.state().topology().brick(victim).orElseThrow();
    memory.submit(
        new RegisterBrick(
            victim,
            Fixtures.CLUSTER,
            b.datacenter(),
            b.rack(),
            b.host(),
            r.capacityBytes(),
            address,
            "/data/brick",
            clock.instant()));
    clock.advance(HealingConfig.reclaimAfter().plusSeconds(1));
    coordinator.tick();

    assertThat(bricks.reclaims).hasSize(1);
    assertThat(bricks.reclaims.getFirst().getUnitsList())
        .extracting(u -> u.getVolumeId() + "/" + u.getStripeIndex() + "/" + u.getShardIndex())
        .containsExactly(EC + "/0/1");
    assertThat(bricks.reclaims.getFirst().getDeletedVolumeIdsList())
        .containsExactly(deletedVolume.toString());
  }
}
