package io.hyperblock.core.placement;

import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.ClusterTopology;
import io.hyperblock.core.topology.DomainLevel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The per-snapshot arrays TopoHash ranks over, built once per {@link ClusterTopology} (cached with
 * {@link ClusterTopology#derivedView}) so that {@link TopoHash#place} does no grouping per call.
 *
 * <p>Bricks are sorted by {@link UUID#compareTo}, domains of a level by path ({@link
 * String#compareTo}); a candidate's index is its tie-break rank (lower index wins a tie). The BRICK
 * level is the bricks themselves, in the same order.
 */
final class PlacementIndex {

  final UUID[] ids;
  final int placeableCount;
  private final Level[] levels = new Level[DomainLevel.values().length];

  /** The domains of one level, and how they nest into the next level down. */
  static final class Level {
    /** {@link TopoHash#candidateKey} of each domain's id (path, or UUID for bricks). */
    final long[] keys;

    /** Sum of the weights of the member bricks that are in the layout (UP, DOWN, DRAINING). */
    final double[] weights;

    /** Weight > 0 and at least one placeable (UP, weight > 0) brick inside. */
    final boolean[] eligible;

    /** Child domain indexes at {@link #next}, ascending; null at BRICK. */
    final int[][] children;

    /** For each brick index, its domain index at this level. */
    final int[] domainOfBrick;

    /** The level below, or null at BRICK. */
    final Level next;

    Level(
        long[] keys,
        double[] weights,
        boolean[] eligible,
        int[][] children,
        int[] domainOfBrick,
        Level next) {
      this.keys = keys;
      this.weights = weights;
      this.eligible = eligible;
      this.children = children;
      this.domainOfBrick = domainOfBrick;
      this.next = next;
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
    long[] keys = new long[n];
    double[] weights = new double[n];
    boolean[] placeable = new boolean[n];
    int[] self = new int[n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      Brick b = sorted.get(i);
      ids[i] = b.id();
      keys[i] = TopoHash.candidateKey(b.id());
      weights[i] = b.inLayout() ? (double) b.weight() : 0.0;
      placeable[i] = b.takesPlacements();
      self[i] = i;
      count += placeable[i] ? 1 : 0;
    }
    placeableCount = count;
    Level below = new Level(keys, weights, placeable, null, self, null);
    levels[DomainLevel.BRICK.ordinal()] = below;
    for (DomainLevel level :
        new DomainLevel[] {DomainLevel.HOST, DomainLevel.RACK, DomainLevel.DATACENTER}) {
      below = groupBy(sorted, level, below);
      levels[level.ordinal()] = below;
    }
  }

  /** The domains at {@code level}: DATACENTER, RACK, HOST or BRICK (the bricks themselves). */
  Level level(DomainLevel level) {
    Level l = levels[level.ordinal()];
    if (l == null) {
      throw new IllegalArgumentException("no placement index for level " + level);
    }
    return l;
  }

  /** The bricks as the BRICK level. */
  Level bricks() {
    return levels[DomainLevel.BRICK.ordinal()];
  }

  private static Level groupBy(List<Brick> sorted, DomainLevel level, Level below) {
    TreeMap<String, List<Integer>> byPath = new TreeMap<>();
    for (int i = 0; i < sorted.size(); i++) {
      byPath.computeIfAbsent(sorted.get(i).domainPath(level), p -> new ArrayList<>()).add(i);
    }
    int d = byPath.size();
    long[] keys = new long[d];
    double[] weights = new double[d];
    boolean[] eligible = new boolean[d];
    int[][] children = new int[d][];
    int[] domainOf = new int[sorted.size()];
    int j = 0;
    for (var e : byPath.entrySet()) {
      keys[j] = TopoHash.candidateKey(e.getKey().getBytes(StandardCharsets.UTF_8));
      long w = 0; // exact: build() checked that the total weight fits in a long
      boolean any = false;
      TreeSet<Integer> kids = new TreeSet<>();
      for (int b : e.getValue()) {
        Brick member = sorted.get(b);
        w += member.inLayout() ? member.weight() : 0;
        any |= member.takesPlacements();
        domainOf[b] = j;
        kids.add(below.domainOfBrick[b]);
      }
      weights[j] = (double) w;
      eligible[j] = any && w > 0;
      children[j] = kids.stream().mapToInt(Integer::intValue).toArray();
      j++;
    }
    return new Level(keys, weights, eligible, children, domainOf, below);
  }
}
