package io.hyperblock.core.placement;

import io.hyperblock.core.topology.DomainLevel;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How TopoHash spreads a stripe's slots: its steps run in order, each filling slots until the
 * stripe has as many as asked. Slots the steps leave empty (too few domains) are filled by the
 * unique-brick fallback: any UP brick not already chosen, in weighted rendezvous order.
 *
 * @param steps the steps, in order; empty means fallback only
 */
public record PlacementRule(List<PlacementStep> steps) {

  public PlacementRule {
    Objects.requireNonNull(steps, "placement rule steps");
    steps = List.copyOf(steps);
  }

  /**
   * The seed's rule: {@code slots} distinct domains at {@code level}, then any unique bricks.
   *
   * @throws IllegalArgumentException if {@code slots < 1} or {@code level} is ROOT
   */
  public static PlacementRule spreadAcross(DomainLevel level, int slots) {
    return new PlacementRule(
        List.of(
            new PlacementStep(level, slots, PlacementStep.Mode.DISTINCT_DOMAINS),
            new PlacementStep(DomainLevel.BRICK, slots, PlacementStep.Mode.ANY_UNIQUE_BRICK)));
  }

  /** Readable form, e.g. {@code RACK x6 DISTINCT_DOMAINS, then BRICK x6 ANY_UNIQUE_BRICK}. */
  @Override
  public String toString() {
    return steps.isEmpty()
        ? "fallback only"
        : steps.stream().map(PlacementStep::toString).collect(Collectors.joining(", then "));
  }
}
