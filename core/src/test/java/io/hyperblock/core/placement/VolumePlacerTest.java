package io.hyperblock.core.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.core.topology.ClusterTopology;
import io.hyperblock.core.topology.DomainLevel;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class VolumePlacerTest {

  private static final UUID VOLUME = UUID.fromString("11111111-2222-4333-8444-555555555555");
  private static final ClusterTopology EIGHT_RACKS = TestTopologies.racks(8, 6, 100);

  @Test
  void replicatedStripeIsOneChunkOnCopiesRackDistinctBricks() {
    Replicated r3 = Replicated.of(3);
    List<ChunkGroup> groups =
        VolumePlacer.placeStripes(VOLUME, r3, 5, 9, EIGHT_RACKS, VolumePlacer.defaultRule(r3));

    assertThat(groups).extracting(ChunkGroup::stripeIndex).containsExactly(5L, 6L, 7L, 8L);
    for (ChunkGroup g : groups) {
      assertThat(g.locations()).hasSize(1);
      ChunkLocation only = g.locations().getFirst();
      assertThat(only.chunkId()).isEqualTo(VOLUME + "/" + g.stripeIndex());
      assertThat(only.brickIds())
          .isEqualTo(
              TopoHash.place(
                  EIGHT_RACKS,
                  PlacementRule.spreadAcross(DomainLevel.RACK, 3),
                  TopoHash.pgId(VOLUME, g.stripeIndex()),
                  3));
    }
  }

  @Test
  void erasureCodedStripeIsOneLocationPerShardInSlotOrder() {
    ErasureCoded ec = ErasureCoded.EC_4_2;
    ChunkGroup g =
        VolumePlacer.placeStripes(VOLUME, ec, 0, 1, EIGHT_RACKS, VolumePlacer.defaultRule(ec))
            .getFirst();
    List<UUID> slots =
        TopoHash.place(
            EIGHT_RACKS,
            PlacementRule.spreadAcross(DomainLevel.RACK, 6),
            TopoHash.pgId(VOLUME, 0),
            6);

    assertThat(g.locations()).hasSize(6);
    for (int i = 0; i < 6; i++) {
      assertThat(g.locations().get(i).chunkId()).isEqualTo(VOLUME + "/0/" + i);
      assertThat(g.locations().get(i).brickIds()).containsExactly(slots.get(i));
    }
  }

  @Test
  void defaultRuleSpreadsUnitsAcrossRacksThenAnyBrick() {
    assertThat(VolumePlacer.defaultRule(ErasureCoded.EC_8_3))
        .isEqualTo(PlacementRule.spreadAcross(DomainLevel.RACK, 11));
  }

  @Test
  void emptyRangeGivesNoGroupsAndReversedRangeIsRejected() {
    Replicated r2 = Replicated.of(2);
    PlacementRule rule = VolumePlacer.defaultRule(r2);
    assertThat(VolumePlacer.placeStripes(VOLUME, r2, 3, 3, EIGHT_RACKS, rule)).isEmpty();
    assertThatThrownBy(() -> VolumePlacer.placeStripes(VOLUME, r2, 4, 3, EIGHT_RACKS, rule))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[4, 3)");
  }

  @Test
  void tooFewBricksForTheStripeWidthIsAPlacementException() {
    ErasureCoded wide = new ErasureCoded(16, 4);
    ClusterTopology small = TestTopologies.racks(2, 3, 100);
    assertThatThrownBy(
            () ->
                VolumePlacer.placeStripes(
                    VOLUME, wide, 0, 1, small, VolumePlacer.defaultRule(wide)))
        .isInstanceOf(PlacementException.class)
        .hasMessageContaining("cannot place 20 units")
        .hasMessageContaining("only 6 UP bricks");
  }

  @Test
  void chunkRecordsRejectDuplicateBricksAndUnorderedGroups() {
    UUID b = TestTopologies.id("x");
    assertThatThrownBy(() -> new ChunkLocation("v/0", List.of(b, b)))
        .hasMessageContaining("lists a brick twice");
    ChunkGroup g1 = new ChunkGroup(1, List.of(new ChunkLocation("v/1", List.of(b))));
    ChunkGroup g0 = new ChunkGroup(0, List.of(new ChunkLocation("v/0", List.of(b))));
    assertThatThrownBy(() -> new PlacementMap(VOLUME, 1, List.of(g1, g0)))
        .hasMessageContaining("lists stripe 0 after stripe 1");
    assertThat(new PlacementMap(VOLUME, 1, List.of(g0, g1)).group(1)).contains(g1);
  }

  @Test
  void keepPositionsLeavesSurvivorsInTheirSlotsAndFillsVacatedOnes() {
    UUID a = TestTopologies.id("a");
    UUID b = TestTopologies.id("b");
    UUID c = TestTopologies.id("c");
    UUID d = TestTopologies.id("d");
    assertThat(TopoHash.keepPositions(List.of(a, b, c), List.of(d, c, a))).containsExactly(a, d, c);
    assertThat(TopoHash.keepPositions(List.of(), List.of(b, a))).containsExactly(b, a);
  }
}
