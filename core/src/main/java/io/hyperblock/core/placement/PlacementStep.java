package io.hyperblock.core.placement;

import io.hyperblock.core.topology.DomainLevel;

/**
 * One step of a {@link PlacementRule}: choose {@code count} slots at {@code level}.
 *
 * @param level the failure-domain level the step spreads over
 * @param count how many slots the step fills (at most)
 * @param mode how the step chooses
 */
public record PlacementStep(DomainLevel level, int count, Mode mode) {

  /** How a step chooses its slots. */
  public enum Mode {
    /** Each slot in a different domain of {@code level}, one brick per chosen domain. */
    DISTINCT_DOMAINS,
    /** Any UP brick not already chosen (the unique-brick fallback). */
    ANY_UNIQUE_BRICK
  }
}
