package io.hyperblock.core.cluster;

import static io.hyperblock.core.cluster.PlanningFixtures.brickId;
import static io.hyperblock.core.cluster.PlanningFixtures.racks;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.core.placement.PlacementRule;
import io.hyperblock.core.placement.TopoHash;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.core.topology.ClusterTopology;
import io.hyperblock.core.topology.DomainLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReplacementsTest {

  private static final ClusterTopology NINE = racks(3, 3);
  private static final PlacementRule R3 = PlacementRule.spreadAcross(DomainLevel.RACK, 3);

  @Test
  void replacementMatchesWhatKeepPositionsWouldPutInTheFreedSlot() {
    for (long pg = 0; pg < 50; pg++) {
      List<UUID> before = TopoHash.place(NINE, R3, pg, 3);
      UUID lost = before.get((int) (pg % 3));
      ClusterTopology down = NINE.withBrickState(lost, BrickState.DOWN);
      List<UUID> staying = new ArrayList<>(before);
      staying.remove(lost);

      List<UUID> chosen = Replacements.choose(down, R3, pg, staying, List.of(lost), 1);

      List<UUID> kept = TopoHash.keepPositions(before, TopoHash.place(down, R3, pg, 3));
      assertThat(chosen).containsExactly(kept.get(before.indexOf(lost)));
      // the nearest sibling: same rack as the lost brick
      assertThat(rackOf(down, chosen.getFirst())).isEqualTo(rackOf(NINE, lost));
    }
  }

  @Test
  void neverChoosesABrickOfTheStripeAndStopsWhenCandidatesRunOut() {
    List<UUID> staying = List.of(brickId(0, 0), brickId(1, 0), brickId(2, 0));
    List<UUID> leaving = List.of(brickId(0, 1));

    List<UUID> chosen = Replacements.choose(NINE, R3, 7, staying, leaving, 9);

    assertThat(chosen).hasSize(5).doesNotContainAnyElementsOf(staying);
    assertThat(chosen).doesNotContainAnyElementsOf(leaving).doesNotHaveDuplicates();
  }

  @Test
  void prefersTheRackWithFewestUnitsOfTheStripe() {
    // two units already in rack0, one in rack1: the next one goes to rack2
    List<UUID> staying = List.of(brickId(0, 0), brickId(0, 1), brickId(1, 0));

    for (long pg = 0; pg < 20; pg++) {
      List<UUID> chosen = Replacements.choose(NINE, R3, pg, staying, List.of(), 1);
      assertThat(rackOf(NINE, chosen.getFirst())).isEqualTo("dc1/rack2");
    }
  }

  private static String rackOf(ClusterTopology t, UUID brick) {
    return t.brick(brick).orElseThrow().domainPath(DomainLevel.RACK);
  }
}
