package io.hyperblock.server.metadata;

import static io.hyperblock.server.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.ChunkLocation;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.server.metadata.MetadataCommand.AttachVolume;
import io.hyperblock.server.metadata.MetadataCommand.CreateVolume;
import io.hyperblock.server.metadata.MetadataCommand.DeleteVolume;
import io.hyperblock.server.metadata.MetadataCommand.DetachVolume;
import io.hyperblock.server.metadata.MetadataCommand.InitCluster;
import io.hyperblock.server.metadata.MetadataCommand.RegisterBrick;
import io.hyperblock.server.metadata.MetadataCommand.ResizeVolume;
import io.hyperblock.server.metadata.MetadataCommand.SetBrickState;
import io.hyperblock.server.testing.Fixtures;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CommandApplierTest {

  private static final UUID VOL = UUID.fromString("00000000-0000-4000-8000-0000000000a1");
  private InMemoryMetadataStore store;
  private List<UUID> bricks;

  @BeforeEach
  void cluster() {
    store = new InMemoryMetadataStore();
    bricks = Fixtures.cluster(store, 3, 1);
  }

  private CreateVolume createR3(String name, long stripes) {
    var v = new VolumeRecord(VOL, name, stripes << 20, 1 << 20, Replicated.of(3), 1, 0, null, T0);
    return new CreateVolume(v, new PlacementMap(VOL, 1, groups(0, stripes)));
  }

  private List<ChunkGroup> groups(long from, long to) {
    return LongStream.range(from, to)
        .mapToObj(
            s ->
                new ChunkGroup(
                    s, List.of(new ChunkLocation(ChunkLocation.replicaChunkId(VOL, s), bricks))))
        .toList();
  }

  @Test
  void firstClusterIdWinsAndLaterInitIsIgnored() {
    store.submit(new InitCluster(UUID.randomUUID(), T0));
    assertThat(store.state().clusterId()).contains(Fixtures.CLUSTER);
  }

  @Test
  void registrationAddsAnUpBrickWithCapacityAsWeightAndRecordsTheTransition() {
    var brick = store.state().topology().brick(bricks.getFirst()).orElseThrow();
    assertThat(brick.state()).isEqualTo(BrickState.UP);
    assertThat(brick.weight()).isEqualTo(Fixtures.BRICK_CAPACITY);
    assertThat(store.state().transitions())
        .filteredOn(t -> t.brickId().equals(bricks.getFirst()))
        .singleElement()
        .satisfies(t -> assertThat(t.from()).isNull());
  }

  @Test
  void brickPresentingAnotherClusterIdIsRefused() {
    var other =
        new RegisterBrick(
            UUID.randomUUID(), UUID.randomUUID(), "dc1", "r", "h", 1, "a:1", "/d", T0);
    Outcome o = store.submit(other);
    assertThat(o.code()).isEqualTo(Outcome.Code.CONFLICT);
    assertThat(o.message()).contains("belongs to cluster");
    assertThat(store.state().topology().bricks()).hasSize(3);
  }

  @Test
  void downBrickComesBackUpWhenItRegistersAgain() {
    UUID b = bricks.getFirst();
    store.submit(new SetBrickState(b, BrickState.DOWN, "silent", T0));
    store.submit(
        new RegisterBrick(
            b, Fixtures.CLUSTER, "dc1", "rack-0", "host-0-0", 5, "127.0.0.1:1", "/data/brick", T0));
    assertThat(store.state().topology().brick(b).orElseThrow().state()).isEqualTo(BrickState.UP);
    assertThat(store.state().transitions().getLast().reason()).isEqualTo("registered");
    assertThat(store.state().bricks().get(b).registeredAt()).isEqualTo(T0);
  }

  @Test
  void duplicateVolumeNameIsRejectedAndStateUnchanged() {
    assertThat(store.submit(createR3("db", 4)).isOk()).isTrue();
    MetadataState before = store.state();
    Outcome o = store.submit(createR3("db", 4));
    assertThat(o.code()).isEqualTo(Outcome.Code.CONFLICT);
    assertThat(store.state()).isSameAs(before);
  }

  @Test
  void attachGrantsPreviousEpochPlusOneAndRefusesAnotherClientUnlessForced() {
    store.submit(createR3("db", 4));
    assertThat(store.submit(new AttachVolume("db", "host-a", false)).value()).isEqualTo(1);
    assertThat(store.submit(new AttachVolume("db", "host-a", false)).value()).isEqualTo(2);
    assertThat(store.submit(new AttachVolume("db", "host-b", false)).code())
        .isEqualTo(Outcome.Code.CONFLICT);
    Outcome forced = store.submit(new AttachVolume("db", "host-b", true));
    assertThat(forced.value()).isEqualTo(3);
    assertThat(store.state().volume("db").orElseThrow().attachedTo()).isEqualTo("host-b");
  }

  @Test
  void detachWithAStaleEpochIsRefused() {
    store.submit(createR3("db", 4));
    store.submit(new AttachVolume("db", "a", false));
    store.submit(new AttachVolume("db", "b", true));
    assertThat(store.submit(new DetachVolume(VOL, 1)).code()).isEqualTo(Outcome.Code.CONFLICT);
    assertThat(store.submit(new DetachVolume(VOL, 2)).isOk()).isTrue();
    assertThat(store.state().volume("db").orElseThrow().attached()).isFalse();
  }

  @Test
  void deleteIsRefusedWhileAttachedUnlessForced() {
    store.submit(createR3("db", 4));
    store.submit(new AttachVolume("db", "a", false));
    Outcome refused = store.submit(new DeleteVolume("db", false));
    assertThat(refused.code()).isEqualTo(Outcome.Code.CONFLICT);
    assertThat(refused.message()).contains("attached to a").contains("force");
    assertThat(store.submit(new DeleteVolume("db", true)).isOk()).isTrue();
    assertThat(store.state().volumes()).isEmpty();
    assertThat(store.state().placements()).isEmpty();
  }

  @Test
  void resizeAppendsTheNewStripesAndBumpsMapVersionAndPlacementEpoch() {
    store.submit(createR3("db", 4));
    Outcome o = store.submit(new ResizeVolume(VOL, "db", 6 << 20, 1, groups(4, 6)));
    assertThat(o.isOk()).isTrue();
    VolumeRecord v = store.state().volume("db").orElseThrow();
    assertThat(v.sizeBytes()).isEqualTo(6 << 20);
    assertThat(v.placementEpoch()).isEqualTo(2);
    PlacementMap map = store.state().placements().get(VOL);
    assertThat(map.version()).isEqualTo(2);
    assertThat(map.groups())
        .extracting(ChunkGroup::stripeIndex)
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void resizePlannedAgainstAnOlderPlacementEpochIsRefused() {
    store.submit(createR3("db", 4));
    store.submit(new ResizeVolume(VOL, "db", 6 << 20, 1, groups(4, 6)));
    Outcome stale = store.submit(new ResizeVolume(VOL, "db", 8 << 20, 1, groups(6, 8)));
    assertThat(stale.code()).isEqualTo(Outcome.Code.CONFLICT);
  }

  @Test
  void placementOnAnUnregisteredBrickOrOfTheWrongShapeIsRejected() {
    UUID stranger = UUID.randomUUID();
    var v = createR3("db", 1).volume();
    var onStranger =
        new ChunkGroup(
            0,
            List.of(
                new ChunkLocation(
                    ChunkLocation.replicaChunkId(VOL, 0),
                    List.of(bricks.get(0), bricks.get(1), stranger))));
    Outcome o = store.submit(new CreateVolume(v, new PlacementMap(VOL, 1, List.of(onStranger))));
    assertThat(o.code()).isEqualTo(Outcome.Code.INVALID);
    assertThat(o.message()).contains("unknown brick " + stranger);
    var twoCopies =
        new ChunkGroup(
            0,
            List.of(
                new ChunkLocation(
                    ChunkLocation.replicaChunkId(VOL, 0), List.of(bricks.get(0), bricks.get(1)))));
    assertThat(
            store.submit(new CreateVolume(v, new PlacementMap(VOL, 1, List.of(twoCopies)))).code())
        .isEqualTo(Outcome.Code.INVALID);
    assertThat(store.state().volumes()).isEmpty();
  }

  @Test
  void unknownVolumeIsNotFound() {
    assertThat(store.submit(new DeleteVolume("nope", false)).code())
        .isEqualTo(Outcome.Code.NOT_FOUND);
    assertThat(store.submit(new AttachVolume("nope", "a", false)).code())
        .isEqualTo(Outcome.Code.NOT_FOUND);
  }

  @Test
  void transitionsAreCappedKeepingTheNewest() {
    UUID b = bricks.getFirst();
    for (int i = 0; i < MetadataState.MAX_TRANSITIONS + 10; i++) {
      store.submit(
          new SetBrickState(b, i % 2 == 0 ? BrickState.DOWN : BrickState.UP, "flap " + i, T0));
    }
    assertThat(store.state().transitions()).hasSize(MetadataState.MAX_TRANSITIONS);
    assertThat(store.state().transitions().getLast().reason())
        .isEqualTo("flap " + (MetadataState.MAX_TRANSITIONS + 9));
  }
}
