package io.hyperblock.core.impact;

import static io.hyperblock.core.cluster.PlanningFixtures.MIB;
import static io.hyperblock.core.cluster.PlanningFixtures.brickId;
import static io.hyperblock.core.cluster.PlanningFixtures.racks;
import static io.hyperblock.core.cluster.PlanningFixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.core.cluster.ClusterSnapshot;
import io.hyperblock.core.cluster.VolumeLayout;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.core.topology.ClusterTopology;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RemovalImpactTest {

  /** 3 racks of 2 bricks; R3 with read and write quorum 1 tolerates 2 lost replicas. */
  private static final ClusterTopology SIX = racks(3, 2);

  private static final VolumeLayout PG =
      volume("postgres-r3", new Replicated(3, 1, 1), 128 * MIB, SIX, 32);

  /** 2 racks of 3 bricks: EC 4+2 puts 3 shards in each rack. */
  private static final ClusterTopology TWO_RACKS = racks(2, 3);

  private static final VolumeLayout AN =
      volume("analytics-ec", ErasureCoded.EC_4_2, 32 * MIB, TWO_RACKS, 24);

  @Test
  void removingARackReducesReplicatedFaultToleranceByOne() {
    RemovalImpact impact = RemovalImpact.of(ClusterSnapshot.of(SIX, List.of(PG)), "dc1/rack0");

    assertThat(impact.safe()).isFalse();
    assertThat(impact.makesDataUnavailable()).isFalse();
    VolumeImpact pg = impact.volumes().getFirst();
    assertThat(pg.status()).isEqualTo(ImpactStatus.REDUCED);
    assertThat(pg.toleranceBefore()).isEqualTo(2);
    assertThat(pg.toleranceAfter()).isEqualTo(1);
    assertThat(impact.messages())
        .containsExactly(
            "removing rack dc1/rack0 leaves volume postgres-r3 with fault tolerance 1 (was 2)");
  }

  @Test
  void removingARackHoldingThreeShardsMakesErasureCodedDataUnavailable() {
    RemovalImpact impact =
        RemovalImpact.of(ClusterSnapshot.of(TWO_RACKS, List.of(AN)), "dc1/rack1");

    VolumeImpact an = impact.volumes().getFirst();
    assertThat(an.status()).isEqualTo(ImpactStatus.UNAVAILABLE);
    assertThat(impact.makesDataUnavailable()).isTrue();
    assertThat(an.message())
        .isEqualTo(
            "removing rack dc1/rack1 makes data of volume analytics-ec unavailable (stripe "
                + an.worstStripe()
                + " loses 3 of 6 units, tolerates 2)");
  }

  @Test
  void removingAHostOrABrickNamesItInTheMessage() {
    ClusterSnapshot snapshot = ClusterSnapshot.of(SIX, List.of(PG));
    UUID brick = brickId(1, 0);

    RemovalImpact byHost = RemovalImpact.of(snapshot, "dc1/rack1/h-r1.b0");
    RemovalImpact byId = RemovalImpact.of(snapshot, brick.toString());

    assertThat(byHost.messages())
        .containsExactly(
            "removing host dc1/rack1/h-r1.b0 leaves volume postgres-r3 with fault tolerance 1"
                + " (was 2)");
    assertThat(byId.messages())
        .containsExactly(
            "removing brick "
                + brick
                + " leaves volume postgres-r3 with fault tolerance 1 (was 2)");
    assertThat(byId.domain().bricks()).containsExactly(brick);
  }

  @Test
  void unitsAlreadyLostCountAgainstTheToleranceBeforeAndAfter() {
    ClusterTopology oneDown = SIX.withBrickState(brickId(0, 0), BrickState.DOWN);
    ClusterTopology twoDown = oneDown.withBrickState(brickId(0, 1), BrickState.DOWN);

    RemovalImpact impact = RemovalImpact.of(ClusterSnapshot.of(twoDown, List.of(PG)), "dc1/rack1");

    VolumeImpact pg = impact.volumes().getFirst();
    assertThat(pg.toleranceBefore()).isEqualTo(1); // rack0 is already gone
    assertThat(pg.toleranceAfter()).isZero();
    assertThat(pg.status()).isEqualTo(ImpactStatus.REDUCED);
  }

  @Test
  void removingADomainWithoutUnitsIsSafeAndListsNoVolume() {
    ClusterTopology withSpare =
        SIX.withBrick(io.hyperblock.core.cluster.PlanningFixtures.brick("spare", "rack9", 100));

    RemovalImpact impact =
        RemovalImpact.of(ClusterSnapshot.of(withSpare, List.of(PG)), "dc1/rack9");

    assertThat(impact.volumes()).isEmpty();
    assertThat(impact.safe()).isTrue();
  }
}
