package io.hyperblock.core.cluster;

import static io.hyperblock.core.cluster.PlanningFixtures.brick;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.core.drain.DrainPlan;
import io.hyperblock.core.drain.DrainPlanner;
import io.hyperblock.core.healing.RebuildPlan;
import io.hyperblock.core.healing.RebuildPlanner;
import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.ProtectionPolicy;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.core.rebalance.RebalancePlan;
import io.hyperblock.core.rebalance.RebalancePlanner;
import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.core.topology.ClusterTopology;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Invariants every plan keeps over generated clusters (2-5 racks of 1-4 bricks with weights 1-4,
 * R2/R3/EC 2+1/EC 4+2): no stripe ever has two units on one brick, and a plan only moves what it
 * must. Modest tries keep the class to a few seconds.
 */
@AddLifecycleHook(PropertyTimeBox.class)
class PlanInvariantsPropertiesTest {

  private static final List<ProtectionPolicy> POLICIES =
      List.of(Replicated.of(2), Replicated.of(3), new ErasureCoded(2, 1), ErasureCoded.EC_4_2);

  @Property(tries = 60)
  void rebuildNeverStacksUnitsAndMovesOnlyUnitsOfFailedBricks(
      @ForAll @IntRange(min = 2, max = 5) int racks,
      @ForAll @IntRange(min = 1, max = 4) int perRack,
      @ForAll @IntRange(min = 0, max = 3) int policy,
      @ForAll @IntRange(min = 1, max = 2) int failures,
      @ForAll long seed) {
    Random random = new Random(seed);
    ClusterTopology topology = topology(racks, perRack, random);
    VolumeLayout v = placed(topology, POLICIES.get(policy));
    ClusterTopology down = topology;
    Set<UUID> failed = pick(topology, failures, random);
    for (UUID b : failed) {
      down = down.withBrickState(b, BrickState.DOWN);
    }

    RebuildPlan plan = RebuildPlanner.plan(ClusterSnapshot.of(down, List.of(v)));

    PlacementMap after = plan.newMaps().getOrDefault(v.volumeId(), v.map());
    assertDistinctBricksPerStripe(v, after);
    for (int g = 0; g < after.groups().size(); g++) {
      List<UUID> was = v.slots(v.map().groups().get(g));
      List<UUID> now = v.slots(after.groups().get(g));
      for (int i = 0; i < was.size(); i++) {
        if (!failed.contains(was.get(i))) {
          assertThat(now.get(i)).isEqualTo(was.get(i));
        }
      }
    }
    for (UnitMove m : plan.tasks()) {
      assertThat(failed).contains(m.fromBrick());
      assertThat(down.brick(m.toBrick()).orElseThrow().takesPlacements()).isTrue();
    }
  }

  @Property(tries = 60)
  void drainEmptiesTheBrickWheneverTheTopologyHasRoom(
      @ForAll @IntRange(min = 2, max = 5) int racks,
      @ForAll @IntRange(min = 1, max = 4) int perRack,
      @ForAll @IntRange(min = 0, max = 3) int policy,
      @ForAll long seed) {
    Random random = new Random(seed);
    ClusterTopology topology = topology(racks, perRack, random);
    VolumeLayout v = placed(topology, POLICIES.get(policy));
    UUID drained = pick(topology, 1, random).iterator().next();

    DrainPlan plan = DrainPlanner.plan(ClusterSnapshot.of(topology, List.of(v)), drained);

    PlacementMap after = plan.newMaps().getOrDefault(v.volumeId(), v.map());
    assertDistinctBricksPerStripe(v, after);
    boolean room = racks * perRack > v.policy().unitsPerStripe();
    assertThat(plan.emptiesBrick()).isEqualTo(room);
    if (room) {
      assertThat(after.groups()).noneMatch(g -> v.slots(g).contains(drained));
    }
  }

  @Property(tries = 60)
  void rebalanceAfterAddingABrickNeverStacksUnits(
      @ForAll @IntRange(min = 2, max = 5) int racks,
      @ForAll @IntRange(min = 1, max = 4) int perRack,
      @ForAll @IntRange(min = 0, max = 3) int policy,
      @ForAll long seed) {
    Random random = new Random(seed);
    ClusterTopology topology = topology(racks, perRack, random);
    VolumeLayout v = placed(topology, POLICIES.get(policy));
    ClusterTopology grown =
        topology.withBrick(brick("new", "rack" + random.nextInt(racks + 1), 1 + random.nextInt(4)));

    RebalancePlan plan = RebalancePlanner.plan(ClusterSnapshot.of(grown, List.of(v)));

    assertDistinctBricksPerStripe(v, plan.newMaps().getOrDefault(v.volumeId(), v.map()));
    assertThat(plan.fills().stream().mapToLong(f -> f.bytesAfter()).sum())
        .isEqualTo(plan.fills().stream().mapToLong(f -> f.bytesBefore()).sum());
  }

  private static ClusterTopology topology(int racks, int perRack, Random random) {
    ClusterTopology.Builder b = ClusterTopology.builder().version(1);
    for (int r = 0; r < racks; r++) {
      for (int i = 0; i < perRack; i++) {
        b.addBrick(brick("r" + r + ".b" + i, "rack" + r, 1 + random.nextInt(4)));
      }
    }
    return b.build();
  }

  private static VolumeLayout placed(ClusterTopology topology, ProtectionPolicy policy) {
    Assume.that(topology.bricks().size() >= policy.unitsPerStripe());
    return VolumeLayout.placed(PlanningFixtures.id("v"), "v", policy, 1, topology, 24);
  }

  private static Set<UUID> pick(ClusterTopology topology, int count, Random random) {
    List<UUID> ids = topology.bricks().stream().map(Brick::id).collect(Collectors.toList());
    java.util.Collections.shuffle(ids, random);
    return Set.copyOf(ids.subList(0, Math.min(count, ids.size())));
  }

  private static void assertDistinctBricksPerStripe(VolumeLayout v, PlacementMap map) {
    for (ChunkGroup g : map.groups()) {
      assertThat(v.slots(g)).as("stripe %d", g.stripeIndex()).doesNotHaveDuplicates();
    }
  }
}
