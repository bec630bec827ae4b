package io.hyperblock.core.impact;

import java.util.List;
import java.util.UUID;

/**
 * How one volume depends on a domain.
 *
 * @param volumeId the volume
 * @param name its operator-facing name
 * @param stripes indexes of its stripes with at least one unit in the domain, ascending
 * @param units its units in the domain, by stripe and slot
 */
public record VolumeDependency(
    UUID volumeId, String name, List<Long> stripes, List<DependentUnit> units) {
  public VolumeDependency {
    stripes = List.copyOf(stripes);
    units = List.copyOf(units);
  }
}
