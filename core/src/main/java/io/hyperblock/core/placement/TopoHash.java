package io.hyperblock.core.placement;

import io.hyperblock.core.topology.ClusterTopology;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import net.openhft.hashing.LongHashFunction;

/**
 * TopoHash: deterministic weighted-rendezvous (straw2) placement of a stripe's units onto distinct
 * bricks across failure domains. Pure: the same topology, rule, pg id and slot count give the same
 * bricks on every machine and JVM (integer hashing, {@link StrictMath#log}, IEEE division).
 *
 * <h2>Algorithm</h2>
 *
 * <ol>
 *   <li>For each {@link PlacementStep.Mode#DISTINCT_DOMAINS} step at level L: rank the domains at L
 *       that have a placeable (UP, weight > 0) brick and hold no brick chosen so far; walk them in
 *       rank order; from each, descend the tree (rack, host, brick) taking at every level the
 *       highest-ranked child that has a placeable brick; stop after the step's count or when the
 *       domains run out.
 *   <li>{@link PlacementStep.Mode#ANY_UNIQUE_BRICK} steps, then the implicit fallback (the seed's),
 *       rank all bricks and fill the remaining slots with placeable bricks not yet chosen.
 * </ol>
 *
 * <h2>Ranking (straw2)</h2>
 *
 * Every candidate gets {@code draw = ln(u) / weight}, highest first; a tie goes to the candidate
 * with the smaller id (bricks by {@link UUID#compareTo}, domains by path). {@code u} is in (0,1]:
 * {@code u = ((h >>> 11) + 1) / 2^53} with {@code h = xxh3_64(seed 0)} over 16 bytes: the pg id as
 * 8 bytes little-endian followed by the candidate key as 8 bytes little-endian. The candidate key
 * is {@code xxh3_64(seed 0)} of the candidate's id bytes: for a brick its UUID's 16 bytes
 * big-endian (most significant long first), for a domain the UTF-8 bytes of its path (format in
 * {@link ClusterTopology}). A brick's weight is its own; a domain's is the sum over its bricks in
 * the layout (UP, DOWN, DRAINING: see {@link io.hyperblock.core.topology.Brick#inLayout()}). A
 * candidate whose weight is 0, or a domain without a placeable brick, is never chosen.
 *
 * <h2>Movement</h2>
 *
 * A brick going DOWN or DRAINING changes no ranking, so only the units it held move, each to the
 * nearest placeable sibling (same host, else same rack, ...). Like CRUSH's local retries this
 * concentrates a lost brick's units on its siblings until the brick leaves the layout (DRAINED or
 * REMOVED), which then rebalances once. Adding a brick, or changing a weight, changes the weights
 * of the brick's domains: units move to the brick and, through the domain rankings, between the
 * domains on its path; in a flat layout (one brick per domain) only to the new brick, at the
 * optimal fraction {@code w_new / W_total}.
 *
 * <h2>Slot order</h2>
 *
 * Slots come out in the order they were chosen. {@code place} is stateless: when the topology
 * changes, a placement that must keep units in place (EC shard i on slot i) should pass the fresh
 * result through {@link #keepPositions} with the previous one.
 */
public final class TopoHash {

  private static final LongHashFunction XXH3 = LongHashFunction.xx3();
  private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  private TopoHash() {}

  /**
   * {@code compute_pg_id}: {@code xxh3_64(seed 0)} over 24 bytes: the volume UUID's 16 bytes
   * big-endian (most significant long first, as in {@link UUID#toString()} order), then {@code
   * stripeIndex} as 8 bytes little-endian.
   */
  public static long pgId(UUID volumeId, long stripeIndex) {
    long[] bytes = {
      nativeOf(volumeId.getMostSignificantBits(), true),
      nativeOf(volumeId.getLeastSignificantBits(), true),
      nativeOf(stripeIndex, false)
    };
    return XXH3.hashLongs(bytes);
  }

  /**
   * Places {@code slots} units of placement group {@code pgId}.
   *
   * @return exactly {@code slots} distinct ids of UP bricks with weight > 0, in slot order
   * @throws PlacementException if the topology has fewer such bricks than {@code slots}
   * @throws IllegalArgumentException if {@code slots < 1}
   */
  public static List<UUID> place(
      ClusterTopology topology, PlacementRule rule, long pgId, int slots) {
    Objects.requireNonNull(topology, "topology");
    Objects.requireNonNull(rule, "rule");
    if (slots < 1) {
      throw new IllegalArgumentException("slots must be at least 1, got " + slots);
    }
    PlacementIndex index = PlacementIndex.of(topology);
    if (index.placeableCount < slots) {
      throw new PlacementException(index.placeableCount, slots, topology.version());
    }
    Ranker ranker = new Ranker(pgId);
    int[] chosen = new int[slots];
    int filled = 0;
    double[] draws = null;
    for (PlacementStep step : rule.steps()) {
      if (filled == slots) {
        break;
      }
      int want = Math.min(step.count(), slots - filled);
      if (step.mode() == PlacementStep.Mode.DISTINCT_DOMAINS) {
        PlacementIndex.Level level = index.level(step.level());
        draws = ensure(draws, level.size());
        filled = distinctDomains(level, ranker, draws, chosen, filled, want);
      } else {
        draws = ensure(draws, index.ids.length);
        filled = anyUniqueBricks(index, ranker, draws, chosen, filled, filled + want);
      }
    }
    if (filled < slots) {
      draws = ensure(draws, index.ids.length);
      filled = anyUniqueBricks(index, ranker, draws, chosen, filled, slots);
    }
    List<UUID> out = new ArrayList<>(slots);
    for (int i = 0; i < slots; i++) {
      out.add(index.ids[chosen[i]]);
    }
    return out;
  }

  private static int distinctDomains(
      PlacementIndex.Level level,
      Ranker ranker,
      double[] draws,
      int[] chosen,
      int filled,
      int want) {
    int n = level.size();
    for (int d = 0; d < n; d++) {
      draws[d] = level.eligible[d] ? ranker.draw(level.keys[d], level.weights[d]) : NONE;
    }
    for (int i = 0; i < filled; i++) {
      draws[level.domainOfBrick[chosen[i]]] = NONE;
    }
    int target = filled + want;
    while (filled < target) {
      int d = argmax(draws, n);
      if (d < 0) {
        break;
      }
      draws[d] = NONE;
      // An eligible domain holds a placeable brick and, being unused, no chosen one.
      chosen[filled++] = descend(level, d, ranker);
    }
    return filled;
  }

  /**
   * From domain {@code d} of {@code level} down to a brick: at each level the highest-drawing
   * eligible child, so a brick that stops taking placements hands its units to the nearest sibling
   * (same host, else same rack, ...) and every other choice stays as it was.
   */
  private static int descend(PlacementIndex.Level level, int d, Ranker ranker) {
    while (level.next != null) {
      PlacementIndex.Level below = level.next;
      int best = -1;
      double bestDraw = NONE;
      for (int c : level.children[d]) { // ascending: strict '>' keeps the smaller id on a tie
        if (below.eligible[c]) {
          double draw = ranker.draw(below.keys[c], below.weights[c]);
          if (best < 0 || draw > bestDraw) {
            best = c;
            bestDraw = draw;
          }
        }
      }
      level = below;
      d = best;
    }
    return d;
  }

  private static int anyUniqueBricks(
      PlacementIndex index, Ranker ranker, double[] draws, int[] chosen, int filled, int target) {
    PlacementIndex.Level bricks = index.bricks();
    int n = bricks.size();
    for (int b = 0; b < n; b++) {
      draws[b] = bricks.eligible[b] ? ranker.draw(bricks.keys[b], bricks.weights[b]) : NONE;
    }
    for (int i = 0; i < filled; i++) {
      draws[chosen[i]] = NONE;
    }
    while (filled < target) {
      int b = argmax(draws, n);
      if (b < 0) {
        break;
      }
      draws[b] = NONE;
      chosen[filled++] = b;
    }
    return filled;
  }

  /**
   * Reorders {@code fresh} so that every brick also in {@code previous} keeps its previous slot
   * (when that slot exists) and the other bricks fill the remaining slots in their {@code fresh}
   * order. Use it to turn a new placement into the smallest move from the old one: a brick that
   * stayed is never asked to move its unit to another slot.
   *
   * @param previous the slot order of the old placement (may be shorter or longer)
   * @param fresh the new placement, distinct ids
   * @return a permutation of {@code fresh}, unmodifiable
   * @throws IllegalArgumentException if {@code fresh} lists a brick twice
   */
  public static List<UUID> keepPositions(List<UUID> previous, List<UUID> fresh) {
    if (new HashSet<>(fresh).size() != fresh.size()) {
      throw new IllegalArgumentException("placement lists a brick twice: " + fresh);
    }
    UUID[] out = new UUID[fresh.size()];
    List<UUID> rest = new ArrayList<>();
    for (UUID b : fresh) {
      int at = previous.indexOf(b);
      if (at >= 0 && at < out.length) {
        out[at] = b;
      } else {
        rest.add(b);
      }
    }
    int next = 0;
    for (int i = 0; i < out.length; i++) {
      if (out[i] == null) {
        out[i] = rest.get(next++);
      }
    }
    return List.of(out);
  }

  /** xxh3_64(seed 0) of a UUID's 16 bytes big-endian: the candidate key of a brick. */
  static long candidateKey(UUID id) {
    return XXH3.hashLongs(
        new long[] {
          nativeOf(id.getMostSignificantBits(), true), nativeOf(id.getLeastSignificantBits(), true)
        });
  }

  /** xxh3_64(seed 0) of a domain path's UTF-8 bytes: the candidate key of a domain. */
  static long candidateKey(byte[] pathUtf8) {
    return XXH3.hashBytes(pathUtf8);
  }

  private static final double NONE = Double.NEGATIVE_INFINITY;

  private static int argmax(double[] draws, int n) {
    int best = -1;
    double bestDraw = NONE;
    for (int i = 0; i < n; i++) {
      if (draws[i] > bestDraw) { // strict: the smaller index wins a tie
        best = i;
        bestDraw = draws[i];
      }
    }
    return best;
  }

  private static double[] ensure(double[] scratch, int size) {
    return scratch != null && scratch.length >= size ? scratch : new double[Math.max(size, 8)];
  }

  /**
   * The long whose native-order bytes are {@code value}'s bytes in the given order (hashLongs reads
   * native order).
   */
  private static long nativeOf(long value, boolean bigEndian) {
    return bigEndian == LITTLE_ENDIAN ? Long.reverseBytes(value) : value;
  }

  /** Straw2 draws for one pg id. */
  private static final class Ranker {
    private final long pgId;

    Ranker(long pgId) {
      this.pgId = pgId;
    }

    /** {@code ln(u) / weight}; weight must be > 0. */
    double draw(long candidateKey, double weight) {
      long h = Xxh3.hash16(pgId, candidateKey);
      double u = ((h >>> 11) + 1) * 0x1.0p-53;
      return StrictMath.log(u) / weight;
    }
  }
}
