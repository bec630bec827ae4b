package io.hyperblock.client.metadata;

import io.hyperblock.core.placement.PlacementMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A placement map with the address of every brick it names.
 *
 * @param map where each stripe's units live
 * @param brickAddresses {@code host:port} of each brick's gRPC endpoint
 */
public record Placement(PlacementMap map, Map<UUID, String> brickAddresses) {
  public Placement {
    Objects.requireNonNull(map, "map");
    brickAddresses = Map.copyOf(brickAddresses);
  }
}
