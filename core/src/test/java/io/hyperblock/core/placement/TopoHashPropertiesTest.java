package io.hyperblock.core.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.core.topology.ClusterTopology;
import io.hyperblock.core.topology.DomainLevel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/** Invariants of TopoHash over generated topologies; tries keep the class to a few seconds. */
@AddLifecycleHook(PropertyTimeBox.class)
class TopoHashPropertiesTest {

  /** Two datacenters, up to 6 racks each, 3 hosts per rack; weights 0..4; about 1 in 4 not UP. */
  @Provide
  Arbitrary<ClusterTopology> topologies() {
    Arbitrary<Brick> brick =
        Combinators.combine(
                Arbitraries.longs(),
                Arbitraries.integers().between(0, 1),
                Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 2),
                Arbitraries.longs().between(0, 4),
                Arbitraries.frequencyOf(
                    net.jqwik.api.Tuple.of(12, Arbitraries.just(BrickState.UP)),
                    net.jqwik.api.Tuple.of(4, Arbitraries.of(BrickState.class))))
            .as(
                (bits, dc, rack, host, weight, state) ->
                    new Brick(
                        new UUID(bits, bits * 31 + 7),
                        "dc" + dc,
                        "r" + rack,
                        "h" + host,
                        weight,
                        state,
                        "/data/" + Long.toHexString(bits)));
    return brick
        .list()
        .ofMinSize(1)
        .ofMaxSize(30)
        .uniqueElements(Brick::id)
        .map(
            bricks -> {
              ClusterTopology.Builder b = ClusterTopology.builder();
              bricks.forEach(b::addBrick);
              return b.build();
            });
  }

  @Property(tries = 200)
  void placementDependsOnlyOnTheBricksNotOnTheirListOrder(
      @ForAll("topologies") ClusterTopology topology, @ForAll long pgId) {
    int slots = Math.min(placeable(topology).size(), 6);
    if (slots == 0) {
      return;
    }
    ClusterTopology.Builder reversed = ClusterTopology.builder();
    topology.bricks().reversed().forEach(reversed::addBrick);
    PlacementRule rule = PlacementRule.spreadAcross(DomainLevel.RACK, slots);
    assertThat(TopoHash.place(topology, rule, pgId, slots))
        .isEqualTo(TopoHash.place(reversed.build(), rule, pgId, slots))
        .isEqualTo(TopoHash.place(topology, rule, pgId, slots));
  }

  @Property(tries = 200)
  void placesExactlyTheAskedNumberOfDistinctPlaceableBricks(
      @ForAll("topologies") ClusterTopology topology,
      @ForAll long pgId,
      @ForAll @IntRange(min = 1, max = 12) int wanted) {
    Set<UUID> placeable = placeable(topology);
    int slots = Math.min(wanted, placeable.size());
    if (slots == 0) {
      return;
    }
    List<UUID> placed =
        TopoHash.place(topology, PlacementRule.spreadAcross(DomainLevel.HOST, slots), pgId, slots);
    assertThat(placed).hasSize(slots).doesNotHaveDuplicates();
    assertThat(placeable).containsAll(placed);
  }

  @Property(tries = 200)
  void spreadsOverDistinctRacksWheneverEnoughRacksCanTakeUnits(
      @ForAll("topologies") ClusterTopology topology,
      @ForAll long pgId,
      @ForAll @IntRange(min = 1, max = 8) int wanted) {
    int slots = Math.min(wanted, placeable(topology).size());
    if (slots == 0) {
      return;
    }
    Set<String> racksWithRoom =
        placeable(topology).stream().map(id -> rackOf(topology, id)).collect(Collectors.toSet());
    List<String> racks =
        TopoHash.place(topology, PlacementRule.spreadAcross(DomainLevel.RACK, slots), pgId, slots)
            .stream()
            .map(id -> rackOf(topology, id))
            .toList();
    int distinctPrefix = Math.min(slots, racksWithRoom.size());
    assertThat(racks.subList(0, distinctPrefix)).doesNotHaveDuplicates();
    assertThat(new HashSet<>(racks)).hasSize(distinctPrefix);
  }

  @Property(tries = 100)
  void refusesWhenFewerPlaceableBricksThanSlots(@ForAll("topologies") ClusterTopology topology) {
    int placeable = placeable(topology).size();
    assertThatThrownBy(
            () -> TopoHash.place(topology, new PlacementRule(List.of()), 42L, placeable + 1))
        .isInstanceOfSatisfying(
            PlacementException.class,
            e -> {
              assertThat(e.placeableBricks()).isEqualTo(placeable);
              assertThat(e.requestedSlots()).isEqualTo(placeable + 1);
              assertThat(e.getMessage()).contains("only " + placeable + " UP bricks");
            });
  }

  /**
   * DESIGN.md: down/draining bricks are excluded without reshuffling others. After {@link
   * TopoHash#keepPositions}, only the slot that held the brick changes; a key that did not use the
   * brick does not change at all.
   */
  @Property(tries = 150)
  void markingABrickDownOrDrainingMovesOnlyTheSlotsThatHeldIt(
      @ForAll("topologies") ClusterTopology topology,
      @ForAll @IntRange(min = 1, max = 6) int wanted,
      @ForAll @IntRange(min = 0, max = 1000) int victimSeed,
      @ForAll boolean draining,
      @ForAll boolean twoStepRule) {
    List<UUID> placeable = new ArrayList<>(placeable(topology));
    int slots = Math.min(wanted, placeable.size() - 1);
    if (slots < 1) {
      return;
    }
    placeable.sort(null);
    UUID victim = placeable.get(victimSeed % placeable.size());
    ClusterTopology after =
        topology.withBrickState(victim, draining ? BrickState.DRAINING : BrickState.DOWN);
    PlacementRule rule = twoStepRule ? datacentersThenRacks(slots) : spreadAcrossRacks(slots);
    for (long stripe = 0; stripe < 40; stripe++) {
      long pg = TopoHash.pgId(new UUID(victimSeed, 1), stripe);
      List<UUID> before = TopoHash.place(topology, rule, pg, slots);
      List<UUID> now = TopoHash.place(after, rule, pg, slots);
      if (!before.contains(victim)) {
        assertThat(now).isEqualTo(before);
        continue;
      }
      List<UUID> aligned = TopoHash.keepPositions(before, now);
      int held = before.indexOf(victim);
      for (int i = 0; i < slots; i++) {
        if (i == held) {
          assertThat(aligned.get(i)).isNotEqualTo(victim);
        } else {
          assertThat(aligned.get(i)).as("slot %d of stripe %d", i, stripe).isEqualTo(before.get(i));
        }
      }
    }
  }

  static PlacementRule spreadAcrossRacks(int slots) {
    return PlacementRule.spreadAcross(DomainLevel.RACK, slots);
  }

  static PlacementRule datacentersThenRacks(int slots) {
    return new PlacementRule(
        List.of(
            new PlacementStep(DomainLevel.DATACENTER, 2, PlacementStep.Mode.DISTINCT_DOMAINS),
            new PlacementStep(DomainLevel.RACK, slots, PlacementStep.Mode.DISTINCT_DOMAINS),
            new PlacementStep(DomainLevel.BRICK, slots, PlacementStep.Mode.ANY_UNIQUE_BRICK)));
  }

  static Set<UUID> placeable(ClusterTopology topology) {
    return topology.bricks().stream()
        .filter(Brick::takesPlacements)
        .map(Brick::id)
        .collect(Collectors.toSet());
  }

  private static String rackOf(ClusterTopology topology, UUID id) {
    return topology.brick(id).orElseThrow().domainPath(DomainLevel.RACK);
  }
}
