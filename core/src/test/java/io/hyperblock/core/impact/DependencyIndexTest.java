package io.hyperblock.core.impact;

import static io.hyperblock.core.cluster.PlanningFixtures.MIB;
import static io.hyperblock.core.cluster.PlanningFixtures.brickId;
import static io.hyperblock.core.cluster.PlanningFixtures.racks;
import static io.hyperblock.core.cluster.PlanningFixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.core.cluster.ClusterSnapshot;
import io.hyperblock.core.cluster.VolumeLayout;
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
class DependencyIndexTest {

  private static final ClusterTopology NINE = racks(3, 3);
  private static final VolumeLayout PG = volume("pg", Replicated.of(3), MIB, NINE, 30);
  private static final VolumeLayout AN = volume("an", ErasureCoded.EC_4_2, MIB, NINE, 30);
  private static final DependencyIndex INDEX =
      DependencyIndex.build(ClusterSnapshot.of(NINE, List.of(PG, AN)));

  @Test
  void brickDependentsAreExactlyTheUnitsOnIt() {
    UUID brick = brickId(2, 1);

    List<VolumeDependency> deps = INDEX.dependents(brick.toString());

    for (VolumeLayout v : List.of(PG, AN)) {
      List<Long> expected =
          v.map().groups().stream()
              .filter(g -> v.slots(g).contains(brick))
              .map(g -> g.stripeIndex())
              .toList();
      VolumeDependency d =
          deps.stream().filter(x -> x.volumeId().equals(v.volumeId())).findFirst().orElseThrow();
      assertThat(d.stripes()).isEqualTo(expected);
      assertThat(d.units()).hasSize(expected.size()).allMatch(u -> u.brickId().equals(brick));
    }
    assertThat(INDEX.unitsOn(brick)).hasSize(deps.stream().mapToInt(d -> d.units().size()).sum());
  }

  @Test
  void rackDependentsCoverEveryBrickOfTheRack() {
    List<VolumeDependency> rack = INDEX.dependents("dc1/rack0");
    List<VolumeDependency> host = INDEX.dependents("dc1/rack0/h-r0.b0");

    // every R3 and EC stripe spreads over all 3 racks, so each depends on rack0
    assertThat(rack).extracting(VolumeDependency::name).containsExactly("pg", "an");
    assertThat(rack.getFirst().stripes()).hasSize(30);
    assertThat(rack.get(1).stripes()).hasSize(30);
    int rackUnits = rack.stream().mapToInt(d -> d.units().size()).sum();
    int hostUnits = host.stream().mapToInt(d -> d.units().size()).sum();
    assertThat(hostUnits).isPositive().isLessThan(rackUnits);
  }

  @Test
  void domainsResolveByPathOrBrickUuid() {
    assertThat(Domain.resolve(NINE, "dc1").level()).isEqualTo(DomainLevel.DATACENTER);
    assertThat(Domain.resolve(NINE, "dc1").bricks()).hasSize(9);
    assertThat(Domain.resolve(NINE, "dc1/rack1").bricks()).hasSize(3);
    assertThat(Domain.resolve(NINE, "dc1/rack1").describe()).isEqualTo("rack dc1/rack1");
    Domain host = Domain.resolve(NINE, "dc1/rack1/h-r1.b2");
    assertThat(host.bricks()).containsExactly(brickId(1, 2));
    assertThat(host.describe()).isEqualTo("host dc1/rack1/h-r1.b2");
  }

  @Test
  void unknownDomainIsRefusedWithTheAcceptedForms() {
    assertThatThrownBy(() -> INDEX.dependents("dc1/rackZ"))
        .isInstanceOf(UnknownDomainException.class)
        .hasMessageContaining("no datacenter, rack, host or brick 'dc1/rackZ'")
        .hasMessageContaining("dc1/rackA/host3");
  }
}
