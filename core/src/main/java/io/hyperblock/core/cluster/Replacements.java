package io.hyperblock.core.cluster;

import io.hyperblock.core.placement.PlacementRule;
import io.hyperblock.core.placement.PlacementStep;
import io.hyperblock.core.placement.TopoHash;
import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.ClusterTopology;
import io.hyperblock.core.topology.DomainLevel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Chooses new bricks for the units of a stripe that must leave their brick (failed or draining),
 * leaving every other unit where it is.
 *
 * <h2>Choice</h2>
 *
 * The candidates are the stripe's full TopoHash ranking under the topology (where the leaving
 * bricks, DOWN or DRAINING, take no placements): {@code TopoHash.place} asked for every placeable
 * brick, whose first {@code unitsPerStripe} entries are exactly the fresh placement, minus the
 * bricks the stripe keeps. When the map is the TopoHash placement of the previous topology the
 * fresh placement holds every kept brick, so its new bricks are what {@code
 * TopoHash.keepPositions(previous, fresh)} would put into the freed slots.
 *
 * <p>Among the candidates the first one whose spread domain (the level of the rule's first
 * DISTINCT_DOMAINS step, normally RACK) holds the fewest units of the stripe wins, then the one
 * whose host holds the fewest, then TopoHash order. So a replacement never makes the stripe's
 * spread worse when a better brick exists, and equals TopoHash's own choice in the common case (the
 * nearest sibling of the lost brick).
 */
public final class Replacements {

  private Replacements() {}

  /**
   * Up to {@code count} distinct placeable bricks for a stripe, in the order the freed slots should
   * take them.
   *
   * @param topology the topology; leaving bricks must not take placements in it
   * @param rule the volume's placement rule
   * @param pgId the stripe's placement group id ({@link TopoHash#pgId})
   * @param staying the bricks that keep their unit of the stripe (never chosen, count for spread)
   * @param leaving bricks the stripe is leaving (never chosen)
   * @param count how many bricks are wanted
   * @return fewer than {@code count} bricks when the topology has too few candidates (the caller
   *     reports the shortfall), never a brick in {@code staying} or {@code leaving}
   */
  public static List<UUID> choose(
      ClusterTopology topology,
      PlacementRule rule,
      long pgId,
      Collection<UUID> staying,
      Collection<UUID> leaving,
      int count) {
    int placeable = (int) topology.bricks().stream().filter(Brick::takesPlacements).count();
    if (count <= 0 || placeable == 0) {
      return List.of();
    }
    List<UUID> ranked = TopoHash.place(topology, rule, pgId, placeable);
    Set<UUID> excluded = new HashSet<>(staying);
    excluded.addAll(leaving);
    List<UUID> candidates = new ArrayList<>();
    for (UUID b : ranked) {
      if (!excluded.contains(b)) {
        candidates.add(b);
      }
    }
    DomainLevel spread = spreadLevel(rule);
    Map<String, Integer> bySpread = new HashMap<>();
    Map<String, Integer> byHost = new HashMap<>();
    for (UUID b : staying) {
      topology.brick(b).ifPresent(brick -> occupy(brick, spread, bySpread, byHost));
    }
    List<UUID> chosen = new ArrayList<>();
    while (chosen.size() < count && !candidates.isEmpty()) {
      int best = 0;
      for (int i = 1; i < candidates.size(); i++) {
        if (better(topology, candidates.get(i), candidates.get(best), spread, bySpread, byHost)) {
          best = i;
        }
      }
      UUID pick = candidates.remove(best);
      chosen.add(pick);
      occupy(topology.brick(pick).orElseThrow(), spread, bySpread, byHost);
    }
    return chosen;
  }

  /** The level of the rule's first DISTINCT_DOMAINS step; HOST when it has none. */
  static DomainLevel spreadLevel(PlacementRule rule) {
    for (PlacementStep step : rule.steps()) {
      if (step.mode() == PlacementStep.Mode.DISTINCT_DOMAINS) {
        return step.level();
      }
    }
    return DomainLevel.HOST;
  }

  private static boolean better(
      ClusterTopology topology,
      UUID a,
      UUID b,
      DomainLevel spread,
      Map<String, Integer> bySpread,
      Map<String, Integer> byHost) {
    Brick ba = topology.brick(a).orElseThrow();
    Brick bb = topology.brick(b).orElseThrow();
    int sa = bySpread.getOrDefault(ba.domainPath(spread), 0);
    int sb = bySpread.getOrDefault(bb.domainPath(spread), 0);
    if (sa != sb) {
      return sa < sb;
    }
    int ha = byHost.getOrDefault(ba.domainPath(DomainLevel.HOST), 0);
    int hb = byHost.getOrDefault(bb.domainPath(DomainLevel.HOST), 0);
    return ha < hb; // equal: keep the earlier (TopoHash-preferred) candidate
  }

  private static void occupy(
      Brick brick, DomainLevel spread, Map<String, Integer> bySpread, Map<String, Integer> byHost) {
    bySpread.merge(brick.domainPath(spread), 1, Integer::sum);
    byHost.merge(brick.domainPath(DomainLevel.HOST), 1, Integer::sum);
  }
}
