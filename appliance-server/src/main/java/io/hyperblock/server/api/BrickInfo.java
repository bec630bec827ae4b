package io.hyperblock.server.api;

import io.hyperblock.core.topology.Brick;
import java.time.Instant;

/**
 * A brick with what its heartbeats report.
 *
 * @param address host:port of its gRPC endpoint
 * @param lastHeartbeat null if none since the management server started
 */
public record BrickInfo(
    Brick brick,
    String address,
    long capacityBytes,
    long usedBytes,
    Instant lastHeartbeat,
    Instant registeredAt) {}
