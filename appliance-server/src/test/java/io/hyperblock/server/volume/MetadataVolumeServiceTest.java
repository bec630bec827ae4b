package io.hyperblock.server.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.ChunkLocation;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.core.units.DataSize;
import io.hyperblock.server.api.ConflictException;
import io.hyperblock.server.api.CreateVolumeRequest;
import io.hyperblock.server.api.VolumeInfo;
import io.hyperblock.server.api.VolumeState;
import io.hyperblock.server.metadata.InMemoryMetadataStore;
import io.hyperblock.server.metadata.MetadataCommand;
import io.hyperblock.server.testing.Fixtures;
import io.hyperblock.server.testing.MutableClock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetadataVolumeServiceTest {

  private InMemoryMetadataStore store;
  private RecordingBrickGateway gateway;
  private MetadataVolumeService volumes;
  private List<UUID> bricks;

  @BeforeEach
  void sixBricksOnThreeRacks() {
    store = new InMemoryMetadataStore();
    bricks = Fixtures.cluster(store, 3, 2);
    gateway = new RecordingBrickGateway();
    volumes =
        new MetadataVolumeService(store, gateway, new MutableClock(Fixtures.T0), Fixtures.ids(7));
  }

  private Set<String> racks(List<UUID> ids) {
    return ids.stream()
        .map(id -> store.state().topology().brick(id).orElseThrow())
        .map(Brick::rack)
        .collect(Collectors.toSet());
  }

  @Test
  void seedErasureCodedVolumePutsEveryStripeOnSixDistinctBricksOverAllThreeRacks() {
    VolumeInfo v =
        volumes.create(
            new CreateVolumeRequest("analytics-ec", 100 * DataSize.GIB, ErasureCoded.EC_4_2, 0));
    assertThat(v.chunkSizeBytes()).isEqualTo(128 * DataSize.MIB);
    assertThat(v.stripeCount()).isEqualTo(800);
    assertThat(v.state()).isEqualTo(VolumeState.HEALTHY);
    PlacementMap map = volumes.placement("analytics-ec");
    assertThat(map.groups()).hasSize(800);
    for (ChunkGroup g : map.groups()) {
      List<UUID> units = g.locations().stream().flatMap(l -> l.brickIds().stream()).toList();
      assertThat(units).hasSize(6).doesNotHaveDuplicates();
      assertThat(racks(units)).hasSize(3);
      assertThat(g.locations().get(5).chunkId())
          .isEqualTo(ChunkLocation.shardChunkId(v.id(), g.stripeIndex(), 5));
    }
  }

  @Test
  void seedReplicatedVolumePutsEveryChunkOnThreeDistinctRacks() {
    VolumeInfo v =
        volumes.create(
            new CreateVolumeRequest("postgres-r3", 50 * DataSize.GIB, Replicated.of(3), 0));
    assertThat(v.stripeCount()).isEqualTo(400);
    PlacementMap map = volumes.placement("postgres-r3");
    assertThat(map.groups()).hasSize(400);
    for (ChunkGroup g : map.groups()) {
      assertThat(g.locations()).singleElement();
      assertThat(racks(g.locations().getFirst().brickIds())).hasSize(3);
    }
  }

  @Test
  void deleteAsksEveryBrickHoldingUnitsToFreeThemWithAFencingEpoch() {
    VolumeInfo v = volumes.create(new CreateVolumeRequest("db", DataSize.GIB, Replicated.of(3), 0));
    store.submit(new MetadataCommand.AttachVolume("db", "host-a", false));
    assertThatThrownBy(() -> volumes.delete("db", false))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("attached to host-a");
    volumes.delete("db", true);
    assertThat(volumes.list()).isEmpty();
    var call = gateway.calls.getLast();
    assertThat(call.op()).isEqualTo("delete");
    assertThat(call.volumeId()).isEqualTo(v.id());
    assertThat(call.epoch()).isEqualTo(2);
    Set<UUID> holders =
        store.state().bricks().values().stream()
            .filter(r -> call.addresses().contains(r.address()))
            .map(r -> r.brickId())
            .collect(Collectors.toSet());
    assertThat(holders).isNotEmpty().isSubsetOf(bricks);
  }

  @Test
  void resizeKeepsExistingStripesAndPlacesOnlyTheNewOnes() {
    volumes.create(new CreateVolumeRequest("db", DataSize.GIB, ErasureCoded.EC_4_2, 0));
    PlacementMap before = volumes.placement("db");
    VolumeInfo grown = volumes.resize("db", 2 * DataSize.GIB);
    PlacementMap after = volumes.placement("db");
    assertThat(grown.placementEpoch()).isEqualTo(2);
    assertThat(after.version()).isEqualTo(before.version() + 1);
    assertThat(after.groups()).hasSize(16);
    assertThat(after.groups().subList(0, 8)).isEqualTo(before.groups());
  }

  @Test
  void volumeOnADownBrickIsDegraded() {
    volumes.create(new CreateVolumeRequest("db", DataSize.GIB, Replicated.of(3), 0));
    UUID holder =
        volumes.placement("db").groups().getFirst().locations().getFirst().brickIds().getFirst();
    store.submit(new MetadataCommand.SetBrickState(holder, BrickState.DOWN, "t", Fixtures.T0));
    assertThat(volumes.get("db").state()).isEqualTo(VolumeState.DEGRADED);
  }
}
