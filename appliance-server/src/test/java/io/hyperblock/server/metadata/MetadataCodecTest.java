package io.hyperblock.server.metadata;

import static io.hyperblock.server.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.ChunkLocation;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.server.testing.Fixtures;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MetadataCodecTest {

  private static final UUID VOL = UUID.fromString("00000000-0000-4000-8000-0000000000a1");
  private static final UUID B1 = UUID.fromString("00000000-0000-4000-8000-0000000000b1");
  private static final UUID B2 = UUID.fromString("00000000-0000-4000-8000-0000000000b2");

  private static PlacementMap ecMap() {
    var canonical =
        new ChunkGroup(
            0,
            List.of(
                new ChunkLocation(ChunkLocation.shardChunkId(VOL, 0, 0), List.of(B1)),
                new ChunkLocation(ChunkLocation.shardChunkId(VOL, 0, 1), List.of(B2))));
    var custom =
        new ChunkGroup(
            1,
            List.of(
                new ChunkLocation("custom/1/0", List.of(B2)),
                new ChunkLocation(ChunkLocation.shardChunkId(VOL, 1, 1), List.of(B1))));
    return new PlacementMap(VOL, 3, List.of(canonical, custom));
  }

  static List<MetadataCommand> everyCommand() {
    var volume =
        new VolumeRecord(VOL, "ec", 2 << 20, 1 << 20, new ErasureCoded(1, 1), 1, 0, null, T0);
    return List.of(
        new MetadataCommand.InitCluster(Fixtures.CLUSTER, T0),
        new MetadataCommand.AnnounceMember(new MemberEndpoint("n1", "h:1", "")),
        new MetadataCommand.RegisterBrick(B1, null, "dc", "r", "h", 7, "h:2", "/p", T0),
        new MetadataCommand.SetBrickState(B1, BrickState.DOWN, "silent 31s", T0),
        new MetadataCommand.CreateVolume(volume, ecMap()),
        new MetadataCommand.ResizeVolume(VOL, "ec", 3 << 20, 1, ecMap().groups()),
        new MetadataCommand.DeleteVolume("ec", true),
        new MetadataCommand.AttachVolume("ec", "client-é", false),
        new MetadataCommand.DetachVolume(VOL, 4),
        new MetadataCommand.ReportReplicaFailures(
            List.of(new ReplicaFailure(VOL, 5, 1, B2, 4, "io error", T0))),
        new MetadataCommand.ClearReplicaFailures(VOL, 5, B2, T0));
  }

  @Test
  void everyCommandRoundTripsToAnEqualValue() {
    for (MetadataCommand c : everyCommand()) {
      assertThat(MetadataCodec.decodeCommand(MetadataCodec.encode(c))).isEqualTo(c);
    }
  }

  @Test
  void placementMapKeepsNonCanonicalChunkIdsAndEncodesDeterministically() {
    byte[] bytes = MetadataCodec.encode(ecMap());
    assertThat(MetadataCodec.decodePlacement(bytes)).isEqualTo(ecMap());
    assertThat(MetadataCodec.encode(MetadataCodec.decodePlacement(bytes))).isEqualTo(bytes);
  }

  @Test
  void stateRoundTripsToIdenticalBytes() {
    var store = new InMemoryMetadataStore();
    Fixtures.cluster(store, 2, 1);
    List<MetadataCommand> commands = everyCommand();
    for (UUID brick : List.of(B1, B2)) {
      store.submit(
          new MetadataCommand.RegisterBrick(
              brick, null, "dc", "r", "h-" + brick, 7, "h:2", "/p", T0));
    }
    store.submit(commands.get(3)); // B1 DOWN
    assertThat(store.submit(commands.get(4)).isOk()).isTrue(); // create "ec"
    store.submit(commands.get(7)); // attach
    store.submit(commands.get(commands.size() - 2)); // failure report
    byte[] bytes = MetadataCodec.encode(store.state());
    MetadataState decoded = MetadataCodec.decodeState(bytes);
    assertThat(MetadataCodec.encode(decoded)).isEqualTo(bytes);
    assertThat(decoded.topology()).isEqualTo(store.state().topology());
    assertThat(decoded.volumes()).isEqualTo(store.state().volumes()).containsKey("ec");
    assertThat(decoded.placements()).isEqualTo(store.state().placements());
    assertThat(decoded.transitions()).isEqualTo(store.state().transitions());
    assertThat(decoded.replicaFailures()).hasSize(1);
    assertThat(decoded.clusterId()).contains(Fixtures.CLUSTER);
  }

  @Test
  void unknownFormatVersionIsRefusedWithAnUpgradeHint() {
    byte[] bytes = MetadataCodec.encode(everyCommand().getFirst());
    bytes[0] = 99;
    assertThatThrownBy(() -> MetadataCodec.decodeCommand(bytes))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("version 99")
        .hasMessageContaining("upgrade");
  }

  @Test
  void truncatedEntryIsRefused() {
    byte[] bytes = MetadataCodec.encode(everyCommand().get(4));
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 3);
    assertThatThrownBy(() -> MetadataCodec.decodeCommand(cut))
        .isInstanceOf(UncheckedIOException.class);
  }
}
