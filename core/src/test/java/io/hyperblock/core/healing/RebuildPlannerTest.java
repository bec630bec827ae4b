package io.hyperblock.core.healing;

import static io.hyperblock.core.cluster.PlanningFixtures.MIB;
import static io.hyperblock.core.cluster.PlanningFixtures.brickId;
import static io.hyperblock.core.cluster.PlanningFixtures.maxPerRack;
import static io.hyperblock.core.cluster.PlanningFixtures.racks;
import static io.hyperblock.core.cluster.PlanningFixtures.slotsByStripe;
import static io.hyperblock.core.cluster.PlanningFixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.core.cluster.ClusterSnapshot;
import io.hyperblock.core.cluster.MoveKind;
import io.hyperblock.core.cluster.StripeShortfall;
import io.hyperblock.core.cluster.UnitKey;
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
class RebuildPlannerTest {

  private static final int STRIPES = 64;

  @Test
  void replicatedRebuildMovesOnlyTheFailedBricksReplicasToRackDistinctBricks() {
    ClusterTopology healthy = racks(3, 2);
    VolumeLayout r3 = volume("pg", Replicated.of(3), 128 * MIB, healthy, STRIPES);
    UUID failed = brickId(1, 0);
    ClusterTopology down = healthy.withBrickState(failed, BrickState.DOWN);

    RebuildPlan plan = RebuildPlanner.plan(ClusterSnapshot.of(down, List.of(r3)));

    Map<Long, List<UUID>> before = slotsByStripe(r3, r3.map());
    Map<Long, List<UUID>> after = slotsByStripe(r3, plan.newMaps().get(r3.volumeId()));
    long affected = before.values().stream().filter(s -> s.contains(failed)).count();
    assertThat(affected).isPositive();
    assertThat(plan.tasks()).hasSize((int) affected);
    assertOnlyFailedSlotsChanged(before, after, Set.of(failed));
    for (UnitMove t : plan.tasks()) {
      List<UUID> was = before.get(t.stripeIndex());
      assertThat(t.fromBrick()).isEqualTo(failed);
      assertThat(was).doesNotContain(t.toBrick());
      assertThat(t.kind()).isEqualTo(MoveKind.COPY);
      assertThat(t.sources()).containsExactlyInAnyOrderElementsOf(without(was, failed));
      assertThat(t.bytes()).isEqualTo(128 * MIB);
      // 3 racks, 3 replicas: the replacement keeps one replica per rack
      assertThat(maxPerRack(down, after.get(t.stripeIndex()))).isEqualTo(1);
    }
    assertThat(plan.newMaps().get(r3.volumeId()).version()).isEqualTo(r3.map().version() + 1);
    assertThat(plan.shortfalls()).isEmpty();
    assertThat(plan.totalBytes()).isEqualTo(affected * 128 * MIB);
  }

  @Test
  void erasureCodedRebuildReconstructsLostShardsWithoutWorseningRackSpread() {
    ClusterTopology healthy = racks(3, 3);
    VolumeLayout ec = volume("an", ErasureCoded.EC_4_2, 32 * MIB, healthy, STRIPES);
    UUID failed = brickId(0, 1);
    ClusterTopology down = healthy.withBrickState(failed, BrickState.DOWN);

    RebuildPlan plan = RebuildPlanner.plan(ClusterSnapshot.of(down, List.of(ec)));

    Map<Long, List<UUID>> before = slotsByStripe(ec, ec.map());
    Map<Long, List<UUID>> after = slotsByStripe(ec, plan.newMaps().get(ec.volumeId()));
    assertOnlyFailedSlotsChanged(before, after, Set.of(failed));
    assertThat(plan.tasks()).isNotEmpty();
    for (UnitMove t : plan.tasks()) {
      List<UUID> was = before.get(t.stripeIndex());
      assertThat(t.kind()).isEqualTo(MoveKind.RECONSTRUCT);
      assertThat(t.slot()).isEqualTo(was.indexOf(failed));
      assertThat(t.sources()).hasSize(5).doesNotContain(failed, t.toBrick());
      assertThat(maxPerRack(down, after.get(t.stripeIndex())))
          .isLessThanOrEqualTo(maxPerRack(healthy, was));
    }
  }

  @Test
  void erasureCodedStripesOnEveryBrickHaveNoRebuildTarget() {
    ClusterTopology healthy = racks(3, 2);
    VolumeLayout ec = volume("an", ErasureCoded.EC_4_2, 32 * MIB, healthy, 8);
    ClusterTopology down = healthy.withBrickState(brickId(2, 1), BrickState.DOWN);

    RebuildPlan plan = RebuildPlanner.plan(ClusterSnapshot.of(down, List.of(ec)));

    assertThat(plan.tasks()).isEmpty();
    assertThat(plan.newMaps()).isEmpty();
    assertThat(plan.withoutTarget()).hasSize(8);
    assertThat(plan.withoutTarget().getFirst().message())
        .contains("every UP brick already holds one of its units; add bricks");
  }

  @Test
  void erasureCodedStripeMissingThreeOfSixShardsIsListedUnavailable() {
    ClusterTopology healthy = racks(3, 3);
    VolumeLayout ec = volume("an", ErasureCoded.EC_4_2, 32 * MIB, healthy, STRIPES);
    List<UUID> stripe0 = ec.slots(ec.map().groups().getFirst());
    ClusterTopology down = healthy;
    for (UUID b : stripe0.subList(0, 3)) {
      down = down.withBrickState(b, BrickState.DOWN);
    }
    Set<UUID> failed = Set.copyOf(stripe0.subList(0, 3));

    RebuildPlan plan = RebuildPlanner.plan(ClusterSnapshot.of(down, List.of(ec)));

    Map<Long, List<UUID>> before = slotsByStripe(ec, ec.map());
    for (var e : before.entrySet()) {
      long lost = e.getValue().stream().filter(failed::contains).count();
      boolean listed = plan.unavailable().stream().anyMatch(s -> s.stripeIndex() == e.getKey());
      boolean rebuilt = plan.tasks().stream().anyMatch(t -> t.stripeIndex() == e.getKey());
      assertThat(listed).as("stripe %d lost %d", e.getKey(), lost).isEqualTo(lost > 2);
      assertThat(rebuilt)
          .as("stripe %d lost %d", e.getKey(), lost)
          .isEqualTo(lost > 0 && lost <= 2);
    }
    StripeShortfall s0 =
        plan.unavailable().stream().filter(s -> s.stripeIndex() == 0).findFirst().orElseThrow();
    assertThat(s0.readableUnits()).isEqualTo(3);
    assertThat(s0.unitsNeeded()).isEqualTo(4);
    assertThat(s0.message()).contains("stripe 0 of volume an is unavailable: 3 readable units, 4");
  }

  @Test
  void replicatedStripeDownToItsLastReplicaIsRebuiltFromIt() {
    ClusterTopology healthy = racks(3, 2);
    VolumeLayout r3 = volume("pg", Replicated.of(3), MIB, healthy, 16);
    List<UUID> stripe0 = r3.slots(r3.map().groups().getFirst());
    ClusterTopology down =
        healthy
            .withBrickState(stripe0.get(0), BrickState.DOWN)
            .withBrickState(stripe0.get(1), BrickState.DOWN);
    ClusterSnapshot snapshot = ClusterSnapshot.of(down, List.of(r3));

    RebuildPlan plan = RebuildPlanner.plan(snapshot);

    // below the write quorum of 2, so unavailable for I/O, but one copy is enough to rebuild
    assertThat(VolumeHealthEvaluator.evaluate(snapshot, r3).status())
        .isEqualTo(HealthStatus.UNAVAILABLE);
    List<UnitMove> tasks = plan.tasks().stream().filter(t -> t.stripeIndex() == 0).toList();
    assertThat(tasks).extracting(UnitMove::slot).containsExactly(0, 1);
    assertThat(tasks).allMatch(t -> t.sources().equals(List.of(stripe0.get(2))));
    assertThat(plan.shortfalls()).isEmpty();
  }

  @Test
  void staleReplicaIsNeverARebuildSource() {
    ClusterTopology healthy = racks(3, 2);
    VolumeLayout r3 = volume("pg", Replicated.of(3), MIB, healthy, 16);
    List<UUID> stripe0 = r3.slots(r3.map().groups().getFirst());
    ClusterTopology down = healthy.withBrickState(stripe0.get(0), BrickState.DOWN);
    UnitKey stale = new UnitKey(r3.volumeId(), 0, stripe0.get(1));

    RebuildPlan plan = RebuildPlanner.plan(new ClusterSnapshot(down, List.of(r3), Set.of(stale)));

    UnitMove t = plan.tasks().stream().filter(m -> m.stripeIndex() == 0).findFirst().orElseThrow();
    assertThat(t.sources()).containsExactly(stripe0.get(2));
  }

  @Test
  void healthyClusterNeedsNoRebuildAndPlanIdsAreDeterministic() {
    ClusterTopology healthy = racks(3, 2);
    VolumeLayout r3 = volume("pg", Replicated.of(3), MIB, healthy, 16);
    assertThat(RebuildPlanner.plan(ClusterSnapshot.of(healthy, List.of(r3))).tasks()).isEmpty();

    ClusterTopology down = healthy.withBrickState(brickId(0, 0), BrickState.DOWN);
    RebuildPlan a = RebuildPlanner.plan(ClusterSnapshot.of(down, List.of(r3)));
    RebuildPlan b = RebuildPlanner.plan(ClusterSnapshot.of(down, List.of(r3)));
    assertThat(a).isEqualTo(b);
    assertThat(a.planId()).isEqualTo(b.planId()).startsWith("rebuild-").hasSize(24);
  }

  static void assertOnlyFailedSlotsChanged(
      Map<Long, List<UUID>> before, Map<Long, List<UUID>> after, Set<UUID> failed) {
    assertThat(after.keySet()).isEqualTo(before.keySet());
    for (long stripe : before.keySet()) {
      List<UUID> was = before.get(stripe);
      List<UUID> now = after.get(stripe);
      assertThat(now).doesNotHaveDuplicates().hasSameSizeAs(was);
      for (int i = 0; i < was.size(); i++) {
        if (!failed.contains(was.get(i))) {
          assertThat(now.get(i)).as("stripe %d slot %d", stripe, i).isEqualTo(was.get(i));
        } else {
          assertThat(now.get(i)).as("stripe %d slot %d", stripe, i).isNotIn(failed);
        }
      }
    }
  }

  private static List<UUID> without(List<UUID> bricks, UUID gone) {
    return bricks.stream().filter(b -> !b.equals(gone)).toList();
  }
}
