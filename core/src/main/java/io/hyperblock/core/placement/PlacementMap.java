package io.hyperblock.core.placement;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Where every stripe of a volume lives, at one version. The management server bumps the version
 * whenever a group changes (rebuild, drain, rebalance), so readers can tell a stale map.
 *
 * @param volumeId the volume
 * @param version the map's version, at least 0
 * @param groups the stripes' chunk groups, ordered by stripe index, no index twice
 */
public record PlacementMap(UUID volumeId, long version, List<ChunkGroup> groups) {

  public PlacementMap {
    Objects.requireNonNull(volumeId, "volumeId");
    if (version < 0) {
      throw new IllegalArgumentException(
          "placement map version must be at least 0, got " + version);
    }
    groups = List.copyOf(groups);
    for (int i = 1; i < groups.size(); i++) {
      if (groups.get(i).stripeIndex() <= groups.get(i - 1).stripeIndex()) {
        throw new IllegalArgumentException(
            "placement map of volume "
                + volumeId
                + " lists stripe "
                + groups.get(i).stripeIndex()
                + " after stripe "
                + groups.get(i - 1).stripeIndex()
                + "; groups must be in increasing stripe order");
      }
    }
  }

  /** The group of this stripe, or empty if the map has none. */
  public Optional<ChunkGroup> group(long stripeIndex) {
    return groups.stream().filter(g -> g.stripeIndex() == stripeIndex).findFirst();
  }
}
