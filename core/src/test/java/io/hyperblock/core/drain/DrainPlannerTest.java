package io.hyperblock.core.drain;

import static io.hyperblock.core.cluster.PlanningFixtures.MIB;
import static io.hyperblock.core.cluster.PlanningFixtures.brickId;
import static io.hyperblock.core.cluster.PlanningFixtures.racks;
import static io.hyperblock.core.cluster.PlanningFixtures.slotsByStripe;
import static io.hyperblock.core.cluster.PlanningFixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.core.cluster.ClusterSnapshot;
import io.hyperblock.core.cluster.MoveKind;
import io.hyperblock.core.cluster.StalePlanException;
import io.hyperblock.core.cluster.UnitKey;
import io.hyperblock.core.cluster.UnitMove;
import io.hyperblock.core.cluster.VolumeLayout;
import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.core.topology.ClusterTopology;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DrainPlannerTest {

  private static final ClusterTopology NINE = racks(3, 3);
  private static final UUID DRAINED = brickId(1, 2);
  private static final VolumeLayout R3 = volume("pg", Replicated.of(3), 128 * MIB, NINE, 48);
  private static final VolumeLayout EC = volume("an", ErasureCoded.EC_4_2, 32 * MIB, NINE, 48);
  private static final ClusterSnapshot DRAINING =
      ClusterSnapshot.of(NINE.withBrickState(DRAINED, BrickState.DRAINING), List.of(R3, EC));

  @Test
  void drainMovesEveryUnitOffTheBrickCopyingFromTheBrickItself() {
    DrainPlan plan = DrainPlanner.plan(DRAINING, DRAINED);

    long unitsOnBrick = countOn(R3) + countOn(EC);
    assertThat(unitsOnBrick).isPositive();
    assertThat(plan.moves()).hasSize((int) unitsOnBrick);
    assertThat(plan.emptiesBrick()).isTrue();
    for (VolumeLayout v : List.of(R3, EC)) {
      Map<Long, List<UUID>> before = slotsByStripe(v, v.map());
      Map<Long, List<UUID>> after = slotsByStripe(v, plan.newMaps().get(v.volumeId()));
      for (long stripe : before.keySet()) {
        assertThat(after.get(stripe)).doesNotContain(DRAINED).doesNotHaveDuplicates();
        for (int i = 0; i < before.get(stripe).size(); i++) {
          if (!before.get(stripe).get(i).equals(DRAINED)) {
            assertThat(after.get(stripe).get(i)).isEqualTo(before.get(stripe).get(i));
          }
        }
      }
    }
    for (UnitMove m : plan.moves()) {
      assertThat(m.fromBrick()).isEqualTo(DRAINED);
      assertThat(m.kind()).isEqualTo(MoveKind.COPY);
      assertThat(m.sources().getFirst()).isEqualTo(DRAINED);
    }
    long expectedBytes = countOn(R3) * 128 * MIB + countOn(EC) * 32 * MIB;
    assertThat(plan.totalBytes()).isEqualTo(expectedBytes);
    assertThat(plan.bytesPerTarget().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(expectedBytes);
    assertThat(plan.bytesPerTarget()).doesNotContainKey(DRAINED);
  }

  @Test
  void samePlanAndByteIdenticalPlanIdForTheSameInput() {
    DrainPlan a = DrainPlanner.plan(DRAINING, DRAINED);
    DrainPlan b =
        DrainPlanner.plan(
            ClusterSnapshot.of(NINE.withBrickState(DRAINED, BrickState.DRAINING), List.of(R3, EC)),
            DRAINED);

    assertThat(b).isEqualTo(a);
    assertThat(b.planId()).isEqualTo(a.planId()).startsWith("drain-");
  }

  @Test
  void upBrickIsPlannedAsIfDrainingWithTheSameMoves() {
    DrainPlan preview = DrainPlanner.plan(ClusterSnapshot.of(NINE, List.of(R3, EC)), DRAINED);
    DrainPlan real = DrainPlanner.plan(DRAINING, DRAINED);

    assertThat(preview.moves()).isEqualTo(real.moves());
    assertThat(preview.topologyVersion()).isEqualTo(NINE.version());
    assertThat(preview.planId()).isNotEqualTo(real.planId());
  }

  @Test
  void refusesToDrainADownBrickAndPointsAtRebuild() {
    ClusterSnapshot down =
        ClusterSnapshot.of(NINE.withBrickState(DRAINED, BrickState.DOWN), List.of(R3));

    assertThatThrownBy(() -> DrainPlanner.plan(down, DRAINED))
        .isInstanceOf(DrainRefusedException.class)
        .hasMessageContaining("is DOWN")
        .hasMessageContaining("rebuild");
    assertThatThrownBy(
            () ->
                DrainPlanner.plan(down, io.hyperblock.core.cluster.PlanningFixtures.id("nowhere")))
        .isInstanceOf(DrainRefusedException.class)
        .hasMessageContaining("no brick");
  }

  @Test
  void refusesAPlanMadeForAnOlderTopology() {
    DrainPlan plan = DrainPlanner.plan(DRAINING, DRAINED);

    plan.validateAgainst(DRAINING.topology().version());
    assertThatThrownBy(() -> plan.validateAgainst(DRAINING.topology().version() + 1))
        .isInstanceOf(StalePlanException.class)
        .hasMessageContaining("drain plan " + plan.planId())
        .hasMessageContaining("topology version " + DRAINING.topology().version());
  }

  @Test
  void drainWithoutFreeBrickListsTheStripesThatCannotLeave() {
    ClusterTopology six = racks(3, 2);
    VolumeLayout ec = volume("an", ErasureCoded.EC_4_2, 32 * MIB, six, 4);
    UUID brick = brickId(0, 0);

    DrainPlan plan = DrainPlanner.plan(ClusterSnapshot.of(six, List.of(ec)), brick);

    assertThat(plan.moves()).isEmpty();
    assertThat(plan.emptiesBrick()).isFalse();
    assertThat(plan.shortfalls()).hasSize(4);
  }

  @Test
  void staleShardOnTheDrainingBrickIsReconstructedFromTheOtherShards() {
    ChunkGroup g =
        EC.map().groups().stream()
            .filter(x -> EC.slots(x).contains(DRAINED))
            .findFirst()
            .orElseThrow();
    ClusterSnapshot stale =
        new ClusterSnapshot(
            DRAINING.topology(),
            List.of(EC),
            Set.of(new UnitKey(EC.volumeId(), g.stripeIndex(), DRAINED)));

    DrainPlan plan = DrainPlanner.plan(stale, DRAINED);

    UnitMove m =
        plan.moves().stream()
            .filter(x -> x.stripeIndex() == g.stripeIndex())
            .findFirst()
            .orElseThrow();
    assertThat(m.kind()).isEqualTo(MoveKind.RECONSTRUCT);
    assertThat(m.sources()).hasSize(5).doesNotContain(DRAINED);
    assertThat(plan.planId()).isNotEqualTo(DrainPlanner.plan(DRAINING, DRAINED).planId());
  }

  private static long countOn(VolumeLayout v) {
    return v.map().groups().stream().filter(g -> v.slots(g).contains(DRAINED)).count();
  }
}
