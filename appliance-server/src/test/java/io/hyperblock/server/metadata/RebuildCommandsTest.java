package io.hyperblock.server.metadata;

import static io.hyperblock.server.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.core.cluster.MoveKind;
import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.ChunkLocation;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.server.metadata.MetadataCommand.CompleteRebuild;
import io.hyperblock.server.metadata.MetadataCommand.CreateVolume;
import io.hyperblock.server.metadata.MetadataCommand.PlanRebuild;
import io.hyperblock.server.metadata.MetadataCommand.TaskUpdate;
import io.hyperblock.server.metadata.MetadataCommand.UpdateRebuildTasks;
import io.hyperblock.server.metadata.RebuildTask.State;
import io.hyperblock.server.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RebuildCommandsTest {

  private static final UUID R3 = UUID.fromString("00000000-0000-4000-8000-0000000000a1");
  private static final UUID EC = UUID.fromString("00000000-0000-4000-8000-0000000000a2");
  private static final Instant T1 = T0.plusSeconds(60);
  private InMemoryMetadataStore store;
  private List<UUID> bricks;

  @BeforeEach
  void cluster() {
    store = new InMemoryMetadataStore();
    bricks = Fixtures.cluster(store, 6, 1);
    var r3 = new VolumeRecord(R3, "r3", 2 << 20, 1 << 20, Replicated.of(3), 1, 0, null, T0);
    store.submit(new CreateVolume(r3, new PlacementMap(R3, 1, List.of(replicas(0), replicas(1)))));
    var ec = new VolumeRecord(EC, "ec", 4 << 20, 4 << 20, new ErasureCoded(4, 2), 1, 0, null, T0);
    List<ChunkLocation> shards = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      shards.add(new ChunkLocation(ChunkLocation.shardChunkId(EC, 0, i), List.of(bricks.get(i))));
    }
    store.submit(new CreateVolume(ec, new PlacementMap(EC, 1, List.of(new ChunkGroup(0, shards)))));
  }

  private ChunkGroup replicas(long stripe) {
    return new ChunkGroup(
        stripe,
        List.of(new ChunkLocation(ChunkLocation.replicaChunkId(R3, stripe), bricks.subList(0, 3))));
  }

  private RebuildTask replicaTask(long stripe, UUID to) {
    return RebuildTask.planned(
        "p1", R3, stripe, 1, bricks.get(1), to, List.of(bricks.get(0)), MoveKind.COPY, 1 << 20, T0);
  }

  private void copied(RebuildTask... tasks) {
    store.submit(
        new UpdateRebuildTasks(
            java.util.Arrays.stream(tasks)
                .map(t -> new TaskUpdate(t.taskId(), State.COPIED, t.bytes(), 1, ""))
                .toList(),
            T1));
  }

  @Test
  void completedReplicaTasksMoveTheirSlotsInOneMapVersionAndBumpThePlacementEpoch() {
    RebuildTask a = replicaTask(0, bricks.get(3));
    RebuildTask b = replicaTask(1, bricks.get(4));
    assertThat(store.submit(new PlanRebuild(List.of(a, b), T0)).value()).isEqualTo(2);
    copied(a, b);

    Outcome out = store.submit(new CompleteRebuild(R3, List.of(a.taskId(), b.taskId()), T1));

    assertThat(out.value()).isEqualTo(2);
    PlacementMap map = store.state().placements().get(R3);
    assertThat(map.version()).isEqualTo(2);
    assertThat(map.groups().get(0).locations().getFirst().brickIds())
        .containsExactly(bricks.get(0), bricks.get(3), bricks.get(2));
    assertThat(map.groups().get(1).locations().getFirst().brickIds())
        .containsExactly(bricks.get(0), bricks.get(4), bricks.get(2));
    assertThat(store.state().volume("r3").orElseThrow().placementEpoch()).isEqualTo(2);
    assertThat(store.state().rebuildTasks().get(a.taskId()).state()).isEqualTo(State.SETTLING);
    assertThat(store.state().rebuildTasks().get(a.taskId()).bytesDone()).isEqualTo(1 << 20);
  }

  @Test
  void aNewReplicaIsDoneOnlyAfterItsCatchUpAndNeverGoesBackToRunning() {
    RebuildTask a = replicaTask(0, bricks.get(3));
    store.submit(new PlanRebuild(List.of(a), T0));
    store.submit(
        new UpdateRebuildTasks(List.of(new TaskUpdate(a.taskId(), State.DONE, 1, 1, "")), T1));
    assertThat(store.state().rebuildTasks().get(a.taskId()).state()).isEqualTo(State.PENDING);
    copied(a);
    store.submit(new CompleteRebuild(R3, List.of(a.taskId()), T1));

    store.submit(
        new UpdateRebuildTasks(List.of(new TaskUpdate(a.taskId(), State.RUNNING, 5, 2, "")), T1));
    assertThat(store.state().rebuildTasks().get(a.taskId()).state()).isEqualTo(State.SETTLING);
    store.submit(
        new UpdateRebuildTasks(
            List.of(new TaskUpdate(a.taskId(), State.DONE, 1 << 20, 2, "")), T1));
    assertThat(store.state().rebuildTasks().get(a.taskId()).state()).isEqualTo(State.DONE);
  }

  @Test
  void ecTaskReplacesOnlyItsShardLocation() {
    RebuildTask t =
        RebuildTask.planned(
            "p1",
            EC,
            0,
            2,
            bricks.get(2),
            newBrick(),
            bricks.subList(3, 6),
            MoveKind.RECONSTRUCT,
            1 << 20,
            T0);
    store.submit(new PlanRebuild(List.of(t), T0));
    copied(t);
    store.submit(new CompleteRebuild(EC, List.of(t.taskId()), T1));

    List<ChunkLocation> shards = store.state().placements().get(EC).groups().getFirst().locations();
    assertThat(shards.get(2).brickIds()).containsExactly(t.toBrick());
    assertThat(shards.get(1).brickIds()).containsExactly(bricks.get(1));
    assertThat(shards.get(2).chunkId()).isEqualTo(ChunkLocation.shardChunkId(EC, 0, 2));
  }

  private UUID newBrick() {
    UUID id = UUID.fromString("00000000-0000-4000-8000-00000000b777");
    store.submit(
        new MetadataCommand.RegisterBrick(
            id, null, "dc1", "rack-9", "host-9", 1L << 40, "127.0.0.1:9999", "/d", T0));
    return id;
  }

  @Test
  void aSlotWithAnOpenTaskIsNotPlannedTwice() {
    RebuildTask a = replicaTask(0, bricks.get(3));
    store.submit(new PlanRebuild(List.of(a), T0));
    RebuildTask again =
        RebuildTask.planned(
            "p2",
            R3,
            0,
            1,
            bricks.get(1),
            bricks.get(4),
            List.of(bricks.get(0)),
            MoveKind.COPY,
            1 << 20,
            T0);

    assertThat(store.submit(new PlanRebuild(List.of(again), T0)).value()).isZero();
    assertThat(store.state().rebuildTasks()).containsOnlyKeys(a.taskId());
  }

  @Test
  void unfinishedTasksAreNotCompletedAndProgressIsRecorded() {
    RebuildTask a = replicaTask(0, bricks.get(3));
    store.submit(new PlanRebuild(List.of(a), T0));
    store.submit(
        new UpdateRebuildTasks(
            List.of(new TaskUpdate(a.taskId(), State.RUNNING, 4096, 1, "")), T1));

    store.submit(new CompleteRebuild(R3, List.of(a.taskId()), T1));

    RebuildTask t = store.state().rebuildTasks().get(a.taskId());
    assertThat(t.state()).isEqualTo(State.RUNNING);
    assertThat(t.bytesDone()).isEqualTo(4096);
    assertThat(t.updatedAt()).isEqualTo(T1);
    assertThat(store.state().placements().get(R3).version()).isEqualTo(1);
  }

  @Test
  void taskWhoseSlotMovedMeanwhileIsCancelledWithoutTouchingTheMap() {
    RebuildTask a = replicaTask(0, bricks.get(3));
    RebuildTask b = replicaTask(0, bricks.get(4));
    store.submit(new PlanRebuild(List.of(a), T0));
    copied(a);
    store.submit(new CompleteRebuild(R3, List.of(a.taskId()), T1));
    // A stale second task for the same slot (planned before a completed) finds bricks[1] gone.
    assertThat(store.submit(new PlanRebuild(List.of(b), T0)).value()).isZero();
    assertThat(store.state().placements().get(R3).version()).isEqualTo(2);
  }

  @Test
  void tasksSurviveACodecRoundTripOfCommandsAndSnapshots() {
    RebuildTask a = replicaTask(0, bricks.get(3));
    var plan = new PlanRebuild(List.of(a), T0);
    assertThat(MetadataCodec.decodeCommand(MetadataCodec.encode(plan))).isEqualTo(plan);
    var update =
        new UpdateRebuildTasks(
            List.of(new TaskUpdate(a.taskId(), State.PENDING, 7, 2, "boom")), T1);
    assertThat(MetadataCodec.decodeCommand(MetadataCodec.encode(update))).isEqualTo(update);
    var complete = new CompleteRebuild(R3, List.of(a.taskId()), T1);
    assertThat(MetadataCodec.decodeCommand(MetadataCodec.encode(complete))).isEqualTo(complete);

    store.submit(plan);
    store.submit(update);
    byte[] snapshot = MetadataCodec.encode(store.state());
    MetadataState back = MetadataCodec.decodeState(snapshot);

    assertThat(back.rebuildTasks()).isEqualTo(store.state().rebuildTasks());
    assertThat(back.rebuildTasks().get(a.taskId()).lastError()).isEqualTo("boom");
    assertThat(MetadataCodec.encode(back)).isEqualTo(snapshot);
  }

  @Test
  void aSnapshotWithoutTasksReadsAsBefore() {
    byte[] snapshot = MetadataCodec.encode(store.state());
    assertThat(MetadataCodec.decodeState(snapshot).rebuildTasks()).isEmpty();
  }
}
