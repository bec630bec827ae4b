package io.hyperblock.core.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.core.topology.BrickState;
import io.hyperblock.core.topology.ClusterTopology;
import io.hyperblock.core.topology.DomainLevel;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PlacementRuleTest {

  @Test
  void spreadAcrossIsDistinctDomainsThenAnyUniqueBrick() {
    PlacementRule rule = PlacementRule.spreadAcross(DomainLevel.RACK, 6);
    assertThat(rule.steps())
        .containsExactly(
            new PlacementStep(DomainLevel.RACK, 6, PlacementStep.Mode.DISTINCT_DOMAINS),
            new PlacementStep(DomainLevel.BRICK, 6, PlacementStep.Mode.ANY_UNIQUE_BRICK));
    assertThat(rule).hasToString("RACK x6 DISTINCT_DOMAINS, then BRICK x6 ANY_UNIQUE_BRICK");
  }

  @Test
  void stepsThatCannotWorkAreRejectedWithTheReason() {
    assertThatThrownBy(
            () -> new PlacementStep(DomainLevel.RACK, 0, PlacementStep.Mode.DISTINCT_DOMAINS))
        .hasMessageContaining("at least 1 slot, got 0");
    assertThatThrownBy(
            () -> new PlacementStep(DomainLevel.ROOT, 2, PlacementStep.Mode.DISTINCT_DOMAINS))
        .hasMessageContaining("there is one root");
    assertThatThrownBy(
            () -> new PlacementStep(DomainLevel.HOST, 2, PlacementStep.Mode.ANY_UNIQUE_BRICK))
        .hasMessageContaining("its level must be BRICK, got HOST");
  }

  @Test
  void aStepFillsAtMostItsCountAndTheFallbackFillsTheRest() {
    ClusterTopology eightRacks = TestTopologies.racks(8, 2, 100);
    PlacementRule twoRacksOnly =
        new PlacementRule(
            List.of(new PlacementStep(DomainLevel.RACK, 2, PlacementStep.Mode.DISTINCT_DOMAINS)));
    for (long pg = 0; pg < 200; pg++) {
      List<UUID> placed = TopoHash.place(eightRacks, twoRacksOnly, pg, 5);
      assertThat(placed).hasSize(5).doesNotHaveDuplicates();
      assertThat(rackOf(eightRacks, placed.get(0))).isNotEqualTo(rackOf(eightRacks, placed.get(1)));
    }
  }

  @Test
  void fallbackUsesBricksOfRacksAlreadyChosenWhenRacksRunOut() {
    ClusterTopology threeRacks = TestTopologies.racks(3, 3, 100);
    PlacementRule rule = PlacementRule.spreadAcross(DomainLevel.RACK, 5);
    for (long pg = 0; pg < 200; pg++) {
      List<UUID> placed = TopoHash.place(threeRacks, rule, pg, 5);
      Set<String> firstThree = new HashSet<>();
      placed.subList(0, 3).forEach(id -> firstThree.add(rackOf(threeRacks, id)));
      assertThat(firstThree).hasSize(3);
      assertThat(placed).doesNotHaveDuplicates();
    }
  }

  @Test
  void aRackWhoseBricksAreAllDownIsNeverChosen() {
    ClusterTopology t = TestTopologies.racks(4, 2, 100);
    for (int i = 0; i < 2; i++) {
      t = t.withBrickState(TestTopologies.id("r2.b" + i), BrickState.DOWN);
    }
    ClusterTopology topology = t;
    for (long pg = 0; pg < 200; pg++) {
      List<UUID> placed =
          TopoHash.place(topology, PlacementRule.spreadAcross(DomainLevel.RACK, 3), pg, 3);
      assertThat(placed).allSatisfy(id -> assertThat(rackOf(topology, id)).isNotEqualTo("dc1/r2"));
    }
  }

  private static String rackOf(ClusterTopology t, UUID id) {
    return t.brick(id).orElseThrow().domainPath(DomainLevel.RACK);
  }
}
