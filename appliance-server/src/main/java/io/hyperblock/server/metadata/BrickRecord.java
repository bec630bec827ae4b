package io.hyperblock.server.metadata;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What a brick told the cluster when it registered, beside its place in the topology (location,
 * weight and state live in {@link io.hyperblock.core.topology.Brick}).
 *
 * @param brickId the brick's stable UUID
 * @param address host:port of its BrickService
 * @param capacityBytes capacity reported at registration (also the brick's placement weight)
 * @param registeredAt first registration time, kept across re-registrations
 */
public record BrickRecord(UUID brickId, String address, long capacityBytes, Instant registeredAt) {
  public BrickRecord {
    Objects.requireNonNull(brickId, "brickId");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(registeredAt, "registeredAt");
  }
}
