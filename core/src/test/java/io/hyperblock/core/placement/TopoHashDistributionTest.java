package io.hyperblock.core.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.ProtectionPolicy;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.ClusterTopology;
import io.hyperblock.core.topology.DomainLevel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Statistical properties of straw2 over many keys. Keys are fixed (stripes 0..n-1 of one volume),
 * so every run sees the same numbers: these tests are deterministic, not flaky.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TopoHashDistributionTest {

  private static final UUID VOLUME = UUID.fromString("a3c5e7f9-0b1d-4f2a-8c6e-1d3f5a7b9c0e");
  private static final int KEYS = 100_000;

  /** Single-slot placements on 5 bricks of weight 1 and 5 of weight 2, all in one rack. */
  @Test
  void twiceTheWeightTakesTwiceTheShareWithinFivePercent() {
    ClusterTopology.Builder b = ClusterTopology.builder();
    for (int i = 0; i < 10; i++) {
      b.addBrick(TestTopologies.up("w" + i, "dc1", "r1", "h" + i, i < 5 ? 1000 : 2000));
    }
    Map<UUID, Integer> hits = countFirstSlots(b.build(), DomainLevel.HOST);
    double light = averageHits(hits, 0, 5);
    double heavy = averageHits(hits, 5, 10);
    assertThat(heavy / light).isCloseTo(2.0, within(0.10)); // 5% of 2.0
  }

  /**
   * Weight flows through the domain level: racks of unequal size still give each brick a share
   * proportional to its own weight (rack rA: one brick of 2, rB: two of 1, rC: two of 2, rD: one of
   * 1; total 9).
   */
  @Test
  void shareFollowsBrickWeightThroughUnevenRacks() {
    ClusterTopology t =
        ClusterTopology.builder()
            .addBrick(TestTopologies.up("a1", "dc1", "rA", "h1", 2))
            .addBrick(TestTopologies.up("b1", "dc1", "rB", "h2", 1))
            .addBrick(TestTopologies.up("b2", "dc1", "rB", "h3", 1))
            .addBrick(TestTopologies.up("c1", "dc1", "rC", "h4", 2))
            .addBrick(TestTopologies.up("c2", "dc1", "rC", "h5", 2))
            .addBrick(TestTopologies.up("d1", "dc1", "rD", "h6", 1))
            .build();
    Map<UUID, Integer> hits = countFirstSlots(t, DomainLevel.RACK);
    for (Brick brick : t.bricks()) {
      double share = hits.getOrDefault(brick.id(), 0) / (double) KEYS;
      double expected = brick.weight() / 9.0;
      assertThat(share).as(brick.path()).isCloseTo(expected, within(expected * 0.05));
    }
  }

  /**
   * Adding brick X to N equal bricks (one per host): the optimal fraction of slots to move is
   * 1/(N+1). After {@link TopoHash#keepPositions}, every changed slot now holds X, and the moved
   * fraction stays within 1.15x of the optimum.
   */
  @ParameterizedTest(name = "{0} bricks, {1} slots")
  @CsvSource({"3,1", "4,3", "8,3", "12,4", "16,1", "16,6", "24,2"})
  void addingABrickMovesOnlySlotsToItAndCloseToTheOptimalFraction(int n, int slots) {
    ClusterTopology before = TestTopologies.racks(1, n, 100);
    ClusterTopology after = before.withBrick(TestTopologies.up("new", "dc1", "r0", "hNew", 100));
    UUID added = TestTopologies.id("new");
    PlacementRule rule = PlacementRule.spreadAcross(DomainLevel.HOST, slots);
    int keys = 20_000;
    long moved = 0;
    for (long stripe = 0; stripe < keys; stripe++) {
      long pg = TopoHash.pgId(VOLUME, stripe);
      List<UUID> old = TopoHash.place(before, rule, pg, slots);
      List<UUID> now = TopoHash.keepPositions(old, TopoHash.place(after, rule, pg, slots));
      for (int i = 0; i < slots; i++) {
        if (!now.get(i).equals(old.get(i))) {
          assertThat(now.get(i)).as("slot %d of stripe %d moved", i, stripe).isEqualTo(added);
          moved++;
        }
      }
    }
    double optimal = 1.0 / (n + 1);
    double fraction = moved / (double) (keys * slots);
    assertThat(fraction).isLessThanOrEqualTo(1.15 * optimal).isGreaterThan(0.85 * optimal);
  }

  /**
   * How even a small cluster's fill is, as RebalanceIT (system-tests) checks it after adding two
   * bricks to six: one R3 and one EC 4+2 volume of 48 chunks of 1 MiB on 8 equal bricks (one per
   * rack), fill = placed bytes (R3 units 1 MiB, EC units 256 KiB), over 2000 pairs of random volume
   * ids drawn from a fixed seed: the worst max/min fill stays under RebalanceIT's bound of 3 and
   * few pairs reach 2. With 24 chunks a fifth of the pairs reach 2 (RebalanceIT once asserted
   * "under 2" with 24 and failed about one run in five).
   */
  @Test
  void fillOfTwoSmallVolumesOnEightBricksStaysWithinTheRebalanceItBound() {
    double[] at48 = fillSpread(48);
    assertThat(at48[0]).as("worst max/min, 48 stripes").isLessThan(3.0);
    assertThat(at48[1]).as("share at 2 or more, 48 stripes").isLessThan(0.02);
    double[] at24 = fillSpread(24);
    assertThat(at24[1]).as("share at 2 or more, 24 stripes").isGreaterThan(0.15);
  }

  /** {worst max/min fill, share of runs with max/min >= 2} over 2000 pairs of volume ids. */
  private static double[] fillSpread(int stripes) {
    ClusterTopology t = TestTopologies.racks(8, 1, 1L << 40);
    java.util.Random random = new java.util.Random(6);
    double worst = 0;
    int atLeastTwo = 0;
    int runs = 2000;
    for (int run = 0; run < runs; run++) {
      Map<UUID, Long> bytes = new HashMap<>();
      for (ProtectionPolicy policy : List.of(Replicated.of(3), ErasureCoded.EC_4_2)) {
        long unit = policy instanceof Replicated ? 4 : 1; // 1 MiB vs 256 KiB
        UUID volume = new UUID(random.nextLong(), random.nextLong());
        for (ChunkGroup g :
            VolumePlacer.placeStripes(
                volume, policy, 0, stripes, t, VolumePlacer.defaultRule(policy))) {
          for (ChunkLocation l : g.locations()) {
            l.brickIds().forEach(b -> bytes.merge(b, unit, Long::sum));
          }
        }
      }
      assertThat(bytes).hasSize(8);
      long hi = bytes.values().stream().mapToLong(Long::longValue).max().orElseThrow();
      long lo = bytes.values().stream().mapToLong(Long::longValue).min().orElseThrow();
      double ratio = hi / (double) lo;
      worst = Math.max(worst, ratio);
      atLeastTwo += ratio >= 2 ? 1 : 0;
    }
    return new double[] {worst, atLeastTwo / (double) runs};
  }

  private static Map<UUID, Integer> countFirstSlots(ClusterTopology t, DomainLevel level) {
    PlacementRule rule = PlacementRule.spreadAcross(level, 1);
    Map<UUID, Integer> hits = new HashMap<>();
    for (long stripe = 0; stripe < KEYS; stripe++) {
      hits.merge(
          TopoHash.place(t, rule, TopoHash.pgId(VOLUME, stripe), 1).getFirst(), 1, Integer::sum);
    }
    return hits;
  }

  private static double averageHits(Map<UUID, Integer> hits, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += hits.getOrDefault(TestTopologies.id("w" + i), 0);
    }
    return sum / (to - from);
  }
}
