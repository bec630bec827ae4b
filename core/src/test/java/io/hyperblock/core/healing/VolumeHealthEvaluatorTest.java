package io.hyperblock.core.healing;

import static io.hyperblock.core.cluster.PlanningFixtures.MIB;
import static io.hyperblock.core.cluster.PlanningFixtures.racks;
import static io.hyperblock.core.cluster.PlanningFixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.core.cluster.ClusterSnapshot;
import io.hyperblock.core.cluster.UnitKey;
import io.hyperblock.core.cluster.VolumeLayout;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.core.topology.ClusterTopology;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class VolumeHealthEvaluatorTest {

  private static final ClusterTopology NINE = racks(3, 3);
  private static final VolumeLayout PG = volume("pg", Replicated.of(3), MIB, NINE, 20);
  private static final VolumeLayout AN = volume("an", ErasureCoded.EC_4_2, MIB, NINE, 20);

  @Test
  void everyUnitReadableMeansHealthy() {
    List<VolumeHealth> health =
        VolumeHealthEvaluator.evaluate(ClusterSnapshot.of(NINE, List.of(PG, AN)));

    assertThat(health).extracting(VolumeHealth::status).containsOnly(HealthStatus.HEALTHY);
    assertThat(health.getFirst().stripes()).isEqualTo(20);
  }

  @Test
  void downBrickDegradesExactlyTheStripesItHolds() {
    UUID down = PG.slots(PG.map().groups().getFirst()).getFirst();
    ClusterSnapshot snapshot =
        ClusterSnapshot.of(NINE.withBrickState(down, BrickState.DOWN), List.of(PG, AN));

    VolumeHealth pg = VolumeHealthEvaluator.evaluate(snapshot, PG);

    long holding = PG.map().groups().stream().filter(g -> PG.slots(g).contains(down)).count();
    assertThat(pg.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(pg.degradedStripes()).isEqualTo(holding);
    assertThat(pg.unavailableStripes()).isZero();
  }

  @Test
  void staleUnitsBeyondTheToleranceMakeAStripeUnavailable() {
    List<UUID> stripe0 = AN.slots(AN.map().groups().getFirst());
    Set<UnitKey> stale =
        Set.of(
            new UnitKey(AN.volumeId(), 0, stripe0.get(0)),
            new UnitKey(AN.volumeId(), 0, stripe0.get(1)),
            new UnitKey(AN.volumeId(), 0, stripe0.get(2)));

    VolumeHealth an =
        VolumeHealthEvaluator.evaluate(new ClusterSnapshot(NINE, List.of(AN), stale), AN);

    assertThat(an.status()).isEqualTo(HealthStatus.UNAVAILABLE);
    assertThat(an.unavailableStripes()).isEqualTo(1);
    assertThat(an.degradedStripes()).isZero();
  }

  @Test
  void drainingBrickStillServesItsUnits() {
    UUID draining = PG.slots(PG.map().groups().getFirst()).getFirst();
    ClusterSnapshot snapshot =
        ClusterSnapshot.of(NINE.withBrickState(draining, BrickState.DRAINING), List.of(PG));

    assertThat(VolumeHealthEvaluator.evaluate(snapshot, PG).status())
        .isEqualTo(HealthStatus.HEALTHY);
  }
}
