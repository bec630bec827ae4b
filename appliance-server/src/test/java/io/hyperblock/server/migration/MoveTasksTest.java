package io.hyperblock.server.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.core.cluster.MoveKind;
import io.hyperblock.core.drain.DrainPlan;
import io.hyperblock.core.drain.DrainPlanner;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.server.api.CreateVolumeRequest;
import io.hyperblock.server.metadata.InMemoryMetadataStore;
import io.hyperblock.server.metadata.RebuildTask;
import io.hyperblock.server.metadata.VolumeRecord;
import io.hyperblock.server.testing.Fixtures;
import io.hyperblock.server.volume.MetadataVolumeService;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class MoveTasksTest {

  @Test
  void replicasCopyFromAStayingReplicaAndEcShardsFromTheLeavingBrickRowByRow() {
    InMemoryMetadataStore store = new InMemoryMetadataStore();
    List<UUID> bricks = Fixtures.cluster(store, 7, 1);
    var volumes =
        new MetadataVolumeService(
            store,
            new MigrationExecutionTest.NoBricks(),
            Clock.fixed(Fixtures.T0, ZoneOffset.UTC),
            UUID::randomUUID);
    volumes.create(new CreateVolumeRequest("pg", 1L << 30, Replicated.of(3), 0));
    volumes.create(new CreateVolumeRequest("an", 1L << 30, new ErasureCoded(4, 2), 0));
    UUID pg = store.state().volume("pg").map(VolumeRecord::id).orElseThrow();
    // a brick holding an R3 unit (volume ids are random: a fixed brick holds none 1% of the time);
    // the EC volume's 48 units leave no brick of 7 without one
    UUID leaving =
        store
            .state()
            .placements()
            .get(pg)
            .groups()
            .getFirst()
            .locations()
            .getFirst()
            .brickIds()
            .getFirst();
    assertThat(bricks).contains(leaving);
    DrainPlan plan = DrainPlanner.plan(Snapshots.of(store.state()), leaving);

    List<RebuildTask> tasks = MoveTasks.of(store.state(), "drain-x", plan.moves(), Fixtures.T0);

    assertThat(tasks).isNotEmpty().allMatch(t -> t.fromBrick().equals(leaving));
    for (RebuildTask t : tasks) {
      if (t.volumeId().equals(pg)) {
        assertThat(t.kind()).isEqualTo(MoveKind.COPY);
        assertThat(t.sources().getLast()).as("leaving brick last").isEqualTo(leaving);
        assertThat(t.sources().getFirst()).isNotEqualTo(leaving);
      } else {
        assertThat(t.kind()).isEqualTo(MoveKind.COPY);
        assertThat(t.sources()).containsExactly(leaving);
      }
    }
    assertThat(tasks)
        .anyMatch(t -> t.volumeId().equals(pg))
        .anyMatch(t -> !t.volumeId().equals(pg));
  }
}
