package io.hyperblock.core.placement;

import io.hyperblock.core.topology.DomainLevel;
import java.util.Objects;

/**
 * One step of a {@link PlacementRule}: fill up to {@code count} slots at {@code level}.
 *
 * @param level the failure-domain level the step spreads over; DATACENTER, RACK, HOST or BRICK for
 *     {@link Mode#DISTINCT_DOMAINS}, BRICK for {@link Mode#ANY_UNIQUE_BRICK}
 * @param count the most slots the step fills, at least 1 (fewer if the level has too few domains or
 *     the placement needs fewer slots)
 * @param mode how the step chooses
 * @throws IllegalArgumentException if a field is null, {@code count < 1}, or the level does not fit
 *     the mode
 */
public record PlacementStep(DomainLevel level, int count, Mode mode) {

  /** How a step chooses its slots. */
  public enum Mode {
    /**
     * Each slot in a different domain of {@code level} that holds no brick chosen so far, one brick
     * per chosen domain.
     */
    DISTINCT_DOMAINS,
    /** Any UP brick not already chosen (the unique-brick fallback). */
    ANY_UNIQUE_BRICK
  }

  public PlacementStep {
    Objects.requireNonNull(level, "placement step level");
    Objects.requireNonNull(mode, "placement step mode");
    if (count < 1) {
      throw new IllegalArgumentException(
          "placement step " + level + " " + mode + " must fill at least 1 slot, got " + count);
    }
    if (mode == Mode.DISTINCT_DOMAINS && level == DomainLevel.ROOT) {
      throw new IllegalArgumentException(
          "DISTINCT_DOMAINS at ROOT cannot spread: there is one root; use DATACENTER, RACK, HOST"
              + " or BRICK");
    }
    if (mode == Mode.ANY_UNIQUE_BRICK && level != DomainLevel.BRICK) {
      throw new IllegalArgumentException(
          "ANY_UNIQUE_BRICK picks bricks, so its level must be BRICK, got " + level);
    }
  }

  /** Human-readable form used in golden files, e.g. {@code RACK x6 DISTINCT_DOMAINS}. */
  @Override
  public String toString() {
    return level + " x" + count + " " + mode;
  }
}
