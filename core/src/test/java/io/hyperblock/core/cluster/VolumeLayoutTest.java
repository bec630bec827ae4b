package io.hyperblock.core.cluster;

import static io.hyperblock.core.cluster.PlanningFixtures.MIB;
import static io.hyperblock.core.cluster.PlanningFixtures.brickId;
import static io.hyperblock.core.cluster.PlanningFixtures.id;
import static io.hyperblock.core.cluster.PlanningFixtures.racks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.ChunkLocation;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.placement.VolumePlacer;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.core.topology.ClusterTopology;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class VolumeLayoutTest {

  private static final ClusterTopology NINE = racks(3, 3);
  private static final UUID VOLUME = id("vol");

  @Test
  void slotsAndGroupRoundTripForBothPolicies() {
    for (var policy : List.of(Replicated.of(3), ErasureCoded.EC_4_2)) {
      VolumeLayout v = VolumeLayout.placed(VOLUME, "vol", policy, MIB, NINE, 4);
      for (ChunkGroup g : v.map().groups()) {
        assertThat(v.group(g.stripeIndex(), v.slots(g))).isEqualTo(g);
        assertThat(v.slots(g)).hasSize(policy.unitsPerStripe());
      }
    }
  }

  @Test
  void nextMapBumpsTheVersionAndReplacesOnlyTheGivenStripes() {
    VolumeLayout v = VolumeLayout.placed(VOLUME, "vol", Replicated.of(3), MIB, NINE, 4);
    List<UUID> other = List.of(brickId(0, 0), brickId(1, 0), brickId(2, 0));

    PlacementMap next = v.nextMap(Map.of(2L, v.group(2, other)));

    assertThat(next.version()).isEqualTo(v.map().version() + 1);
    assertThat(v.slots(next.group(2).orElseThrow())).isEqualTo(other);
    assertThat(next.group(1)).isEqualTo(v.map().group(1));
  }

  @Test
  void rejectsAStripeWithTheWrongNumberOfUnits() {
    PlacementMap r2Map =
        new PlacementMap(
            VOLUME,
            0,
            VolumePlacer.placeStripes(
                VOLUME, Replicated.of(2), 0, 1, NINE, VolumePlacer.defaultRule(Replicated.of(2))));

    assertThatThrownBy(
            () ->
                new VolumeLayout(
                    VOLUME,
                    "vol",
                    Replicated.of(3),
                    MIB,
                    VolumePlacer.defaultRule(Replicated.of(3)),
                    r2Map))
        .isInstanceOf(InvalidSnapshotException.class)
        .hasMessageContaining("stripe 0 of volume vol does not have the shape of R3");
  }

  @Test
  void rejectsAnErasureCodedStripeWithTwoShardsOnOneBrick() {
    UUID b = brickId(0, 0);
    List<ChunkLocation> shards =
        List.of(
            new ChunkLocation(VOLUME + "/0/0", List.of(b)),
            new ChunkLocation(VOLUME + "/0/1", List.of(b)),
            new ChunkLocation(VOLUME + "/0/2", List.of(brickId(1, 0))));
    PlacementMap map = new PlacementMap(VOLUME, 0, List.of(new ChunkGroup(0, shards)));
    ErasureCoded ec21 = new ErasureCoded(2, 1);

    assertThatThrownBy(
            () -> new VolumeLayout(VOLUME, "vol", ec21, MIB, VolumePlacer.defaultRule(ec21), map))
        .isInstanceOf(InvalidSnapshotException.class)
        .hasMessageContaining("EC_2_1");
  }

  @Test
  void rejectsAMapOfAnotherVolumeAndAZeroUnitSize() {
    VolumeLayout v = VolumeLayout.placed(VOLUME, "vol", Replicated.of(3), MIB, NINE, 1);

    assertThatThrownBy(
            () -> new VolumeLayout(id("other"), "other", v.policy(), MIB, v.rule(), v.map()))
        .isInstanceOf(InvalidSnapshotException.class)
        .hasMessageContaining("carries the placement map of " + VOLUME);
    assertThatThrownBy(() -> new VolumeLayout(VOLUME, "vol", v.policy(), 0, v.rule(), v.map()))
        .isInstanceOf(InvalidSnapshotException.class)
        .hasMessageContaining("unit size 0 B");
    assertThatThrownBy(() -> ClusterSnapshot.of(NINE, List.of(v, v)))
        .isInstanceOf(InvalidSnapshotException.class)
        .hasMessageContaining("appears twice");
  }
}
