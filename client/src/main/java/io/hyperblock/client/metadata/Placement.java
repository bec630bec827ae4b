package io.hyperblock.client.metadata;

import io.hyperblock.core.placement.PlacementMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A placement map with the address of every brick it names.
 *
 * @param map where each stripe's units live
 * @param brickAddresses {@code host:port} of each brick's gRPC endpoint
 * @param stale units a client reported failed that were not resynced since, as the server lists
 *     them: readers avoid them (they may lack acknowledged writes)
 */
public record Placement(PlacementMap map, Map<UUID, String> brickAddresses, Set<StaleUnit> stale) {
  public Placement {
    Objects.requireNonNull(map, "map");
    brickAddresses = Map.copyOf(brickAddresses);
    stale = Set.copyOf(stale);
  }

  /** A placement with no stale unit. */
  public Placement(PlacementMap map, Map<UUID, String> brickAddresses) {
    this(map, brickAddresses, Set.of());
  }

  /** A stripe's unit on a brick that must not be read until it is resynced. */
  public record StaleUnit(long stripe, UUID brick) {}

  /** Whether the server lists the unit of {@code stripe} on {@code brick} as stale. */
  public boolean isStale(long stripe, UUID brick) {
    return !stale.isEmpty() && stale.contains(new StaleUnit(stripe, brick));
  }
}
