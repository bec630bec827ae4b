package io.hyperblock.core.placement;

import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.ClusterTopology;
import io.hyperblock.core.topology.DomainLevel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The per-snapshot arrays TopoHash ranks over, built once per {@link ClusterTopology} (cached with
 * {@link ClusterTopology#derivedView}) so that {@link TopoHash#place} does no grouping per call.
 *
 * <p>Bricks are sorted by {@link UUID#compareTo}, domains of a level by path ({@link
 * String#compareTo}); a candidate's index is its tie-break rank (lower index wins a tie).
 */
final class PlacementIndex {

  final UUID[] ids;

  /** {@link TopoHash#candidateKey} of each brick's id. */
  final long[] brickKeys;

  /** Brick weight if the brick is in the layout (UP, DOWN, DRAINING), else 0. */
  final double[] brickWeights;

  /** UP with weight > 0. */
  final boolean[] placeable;

  final int placeableCount;
  private final Level[] levels = new Level[DomainLevel.values().length];

  /** The domains of one level. */
  static final class Level {
    final long[] keys;

    /** Sum of the layout weights of the member bricks. */
    final double[] weights;

    /** Weight > 0 and at least one placeable member. */
    final boolean[] eligible;

    /** Member brick indexes, ascending. */
    final int[][] members;

    /** For each brick index, its domain index at this level. */
    final int[] domainOfBrick;

    Level(long[] keys, double[] weights, boolean[] eligible, int[][] members, int[] domainOfBrick) {
      this.keys = keys;
      this.weights = weights;
      this.eligible = eligible;
      this.members = members;
      this.domainOfBrick = domainOfBrick;
    }

    int size() {
      return keys.length;
    }
  }

  static PlacementIndex of(ClusterTopology topology) {
    return topology.derivedView(PlacementIndex.class, PlacementIndex::new);
  }

  private PlacementIndex(ClusterTopology topology) {
    List<Brick> sorted = new ArrayList<>(topology.bricks());
    sorted.sort(Comparator.comparing(Brick::id));
    int n = sorted.size();
    ids = new UUID[n];
    brickKeys = new long[n];
    brickWeights = new double[n];
    placeable = new boolean[n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      Brick b = sorted.get(i);
      ids[i] = b.id();
      brickKeys[i] = TopoHash.candidateKey(b.id());
      brickWeights[i] = b.inLayout() ? (double) b.weight() : 0.0;
      placeable[i] = b.takesPlacements();
      count += placeable[i] ? 1 : 0;
    }
    placeableCount = count;
    for (DomainLevel level :
        new DomainLevel[] {DomainLevel.DATACENTER, DomainLevel.RACK, DomainLevel.HOST}) {
      levels[level.ordinal()] = groupBy(sorted, level);
    }
    levels[DomainLevel.BRICK.ordinal()] = singletons(n);
  }

  /** The domains at {@code level} (DATACENTER, RACK, HOST or BRICK). */
  Level level(DomainLevel level) {
    Level l = levels[level.ordinal()];
    if (l == null) {
      throw new IllegalArgumentException("no placement index for level " + level);
    }
    return l;
  }

  private Level groupBy(List<Brick> sorted, DomainLevel level) {
    TreeMap<String, List<Integer>> byPath = new TreeMap<>();
    for (int i = 0; i < sorted.size(); i++) {
      byPath.computeIfAbsent(sorted.get(i).domainPath(level), p -> new ArrayList<>()).add(i);
    }
    int d = byPath.size();
    long[] keys = new long[d];
    double[] weights = new double[d];
    boolean[] eligible = new boolean[d];
    int[][] members = new int[d][];
    int[] domainOf = new int[sorted.size()];
    int j = 0;
    for (var e : byPath.entrySet()) {
      keys[j] = TopoHash.candidateKey(e.getKey().getBytes(StandardCharsets.UTF_8));
      members[j] = e.getValue().stream().mapToInt(Integer::intValue).toArray();
      long w = 0; // exact: build() checked that the total weight fits in a long
      boolean any = false;
      for (int b : members[j]) {
        Brick member = sorted.get(b);
        w += member.inLayout() ? member.weight() : 0;
        any |= placeable[b];
        domainOf[b] = j;
      }
      weights[j] = (double) w;
      eligible[j] = any && w > 0;
      j++;
    }
    return new Level(keys, weights, eligible, members, domainOf);
  }

  private Level singletons(int n) {
    int[][] members = new int[n][];
    int[] domainOf = new int[n];
    for (int i = 0; i < n; i++) {
      members[i] = new int[] {i};
      domainOf[i] = i;
    }
    return new Level(brickKeys, brickWeights, placeable, members, domainOf);
  }
}
