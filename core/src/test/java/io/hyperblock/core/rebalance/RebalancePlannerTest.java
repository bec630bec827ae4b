package io.hyperblock.core.rebalance;

import static io.hyperblock.core.cluster.PlanningFixtures.MIB;
import static io.hyperblock.core.cluster.PlanningFixtures.brick;
import static io.hyperblock.core.cluster.PlanningFixtures.id;
import static io.hyperblock.core.cluster.PlanningFixtures.slotsByStripe;
import static io.hyperblock.core.cluster.PlanningFixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.core.cluster.ClusterSnapshot;
import io.hyperblock.core.cluster.MoveKind;
import io.hyperblock.core.cluster.StalePlanException;
import io.hyperblock.core.cluster.UnitMove;
import io.hyperblock.core.cluster.VolumeLayout;
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
class RebalancePlannerTest {

  /** Six equal bricks, one per rack (a flat layout), version 1. */
  private static final ClusterTopology SIX = flat(6);

  private static final Set<UUID> NEW_BRICKS = Set.of(id("b6"), id("b7"));

  /** SIX plus two equal bricks in two new racks: version 3. */
  private static final ClusterTopology EIGHT =
      SIX.withBrick(brick("b6", "rack6", 100)).withBrick(brick("b7", "rack7", 100));

  @Test
  void addingTwoBricksToSixMovesAboutAQuarterOfUnitsOnlyOntoTheNewBricks() {
    VolumeLayout r3 = volume("pg", Replicated.of(3), 128 * MIB, SIX, 400);
    VolumeLayout ec = volume("an", ErasureCoded.EC_4_2, 32 * MIB, SIX, 200);

    RebalancePlan plan = RebalancePlanner.plan(ClusterSnapshot.of(EIGHT, List.of(r3, ec)));

    assertThat(plan.totalUnits()).isEqualTo(400 * 3 + 200 * 6);
    // optimal movement w_new / W_total = 2/8; allow 15% either side
    assertThat(plan.movedFraction()).isBetween(0.25 * 0.85, 0.25 * 1.15);
    for (UnitMove m : plan.moves()) {
      assertThat(m.toBrick()).isIn(NEW_BRICKS);
      assertThat(m.kind()).isEqualTo(MoveKind.COPY);
      assertThat(m.sources().getFirst()).isEqualTo(m.fromBrick());
    }
    assertThat(plan.imbalanceBefore()).isInfinite(); // the new bricks are empty
    assertThat(plan.imbalanceAfter()).isLessThan(1.5);
    assertThat(plan.totalBytes())
        .isEqualTo(
            plan.moves().stream()
                    .mapToLong(m -> m.volumeId().equals(r3.volumeId()) ? 128 : 32)
                    .sum()
                * MIB);
  }

  @Test
  void newMapsApplyEveryMoveAndKeepOtherUnitsInTheirSlots() {
    VolumeLayout r3 = volume("pg", Replicated.of(3), MIB, SIX, 100);

    RebalancePlan plan = RebalancePlanner.plan(ClusterSnapshot.of(EIGHT, List.of(r3)));

    Map<Long, List<UUID>> before = slotsByStripe(r3, r3.map());
    Map<Long, List<UUID>> after = slotsByStripe(r3, plan.newMaps().get(r3.volumeId()));
    int changedSlots = 0;
    for (long stripe : before.keySet()) {
      for (int i = 0; i < 3; i++) {
        if (!before.get(stripe).get(i).equals(after.get(stripe).get(i))) {
          changedSlots++;
          long s = stripe;
          int slot = i;
          assertThat(plan.moves())
              .anyMatch(
                  m ->
                      m.stripeIndex() == s
                          && m.slot() == slot
                          && m.toBrick().equals(after.get(s).get(slot)));
        }
      }
    }
    assertThat(changedSlots).isEqualTo(plan.moves().size()).isPositive();
    assertThat(plan.newMaps().get(r3.volumeId()).version()).isEqualTo(1);
  }

  @Test
  void fillsReportBytesBeforeAndAfterPerBrick() {
    VolumeLayout r3 = volume("pg", Replicated.of(3), MIB, SIX, 100);

    RebalancePlan plan = RebalancePlanner.plan(ClusterSnapshot.of(EIGHT, List.of(r3)));

    assertThat(plan.fills()).hasSize(8);
    assertThat(plan.fills().stream().mapToLong(BrickFill::bytesBefore).sum())
        .isEqualTo(300 * MIB)
        .isEqualTo(plan.fills().stream().mapToLong(BrickFill::bytesAfter).sum());
    for (BrickFill f : plan.fills()) {
      if (NEW_BRICKS.contains(f.brickId())) {
        assertThat(f.bytesBefore()).isZero();
        assertThat(f.bytesAfter()).isPositive();
      } else {
        assertThat(f.bytesAfter()).isLessThanOrEqualTo(f.bytesBefore());
      }
    }
  }

  @Test
  void unchangedTopologyNeedsNoMovement() {
    VolumeLayout r3 = volume("pg", Replicated.of(3), MIB, SIX, 100);

    RebalancePlan plan = RebalancePlanner.plan(ClusterSnapshot.of(SIX, List.of(r3)));

    assertThat(plan.moves()).isEmpty();
    assertThat(plan.newMaps()).isEmpty();
    assertThat(plan.imbalanceAfter()).isEqualTo(plan.imbalanceBefore());
  }

  @Test
  void refusesAPlanMadeForAnOlderTopology() {
    VolumeLayout r3 = volume("pg", Replicated.of(3), MIB, SIX, 50);
    RebalancePlan plan = RebalancePlanner.plan(ClusterSnapshot.of(EIGHT, List.of(r3)));
    ClusterTopology later = EIGHT.withBrick(brick("b8", "rack8", 100));

    plan.validateAgainst(EIGHT.version());
    assertThatThrownBy(() -> plan.validateAgainst(later.version()))
        .isInstanceOf(StalePlanException.class)
        .hasMessage(
            "rebalance plan "
                + plan.planId()
                + " was computed for topology version 3 but the cluster is at version 4; make a"
                + " new rebalance plan and review it before applying");
  }

  @Test
  void refusesAPlanWhoseVolumeMapWasCommittedSince() {
    VolumeLayout r3 = volume("pg", Replicated.of(3), MIB, SIX, 50);
    RebalancePlan plan = RebalancePlanner.plan(ClusterSnapshot.of(EIGHT, List.of(r3)));
    VolumeLayout committed =
        new VolumeLayout(
            r3.volumeId(), r3.name(), r3.policy(), r3.unitBytes(), r3.rule(), r3.nextMap(Map.of()));

    plan.validateAgainst(ClusterSnapshot.of(EIGHT, List.of(r3)));
    assertThatThrownBy(() -> plan.validateAgainst(ClusterSnapshot.of(EIGHT, List.of(committed))))
        .isInstanceOf(StalePlanException.class)
        .hasMessageContaining("placement map version 0 of volume " + r3.volumeId())
        .hasMessageContaining("now at version 1");
    assertThatThrownBy(
            () ->
                plan.validateAgainst(
                    ClusterSnapshot.of(EIGHT.withBrick(brick("b0", "rack0", 200)), List.of(r3))))
        .isInstanceOf(StalePlanException.class)
        .hasMessageContaining("topology version 3");
  }

  @Test
  void degradedStripesAreLeftToTheRebuild() {
    VolumeLayout r3 = volume("pg", Replicated.of(3), MIB, SIX, 60);
    UUID down = id("b0");
    ClusterTopology eightWithDown = EIGHT.withBrickState(down, BrickState.DOWN);

    RebalancePlan plan = RebalancePlanner.plan(ClusterSnapshot.of(eightWithDown, List.of(r3)));

    long degraded = r3.map().groups().stream().filter(g -> r3.slots(g).contains(down)).count();
    assertThat(plan.skippedStripes()).isEqualTo(degraded).isPositive();
    assertThat(plan.moves()).noneMatch(m -> m.fromBrick().equals(down));
    assertThat(plan.totalUnits()).isEqualTo((60 - degraded) * 3);
  }

  @Test
  void planIdIsDeterministic() {
    VolumeLayout r3 = volume("pg", Replicated.of(3), MIB, SIX, 50);

    RebalancePlan a = RebalancePlanner.plan(ClusterSnapshot.of(EIGHT, List.of(r3)));
    RebalancePlan b = RebalancePlanner.plan(ClusterSnapshot.of(EIGHT, List.of(r3)));

    assertThat(a.planId()).isEqualTo(b.planId()).startsWith("rebalance-");
    assertThat(a).isEqualTo(b);
  }

  private static ClusterTopology flat(int bricks) {
    ClusterTopology.Builder b = ClusterTopology.builder().version(1);
    for (int i = 0; i < bricks; i++) {
      b.addBrick(brick("b" + i, "rack" + i, 100));
    }
    return b.build();
  }
}
