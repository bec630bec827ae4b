package io.hyperblock.server.metadata;

import java.time.Instant;
import java.util.UUID;

/**
 * A client's report that a unit of a stripe failed on a brick; the unit is stale until resynced.
 *
 * @param shardIndex the EC shard index, or the replica slot for a replicated volume
 * @param epoch the attach epoch the reporting client wrote with
 */
public record ReplicaFailure(
    UUID volumeId,
    long stripeIndex,
    int shardIndex,
    UUID brickId,
    long epoch,
    String reason,
    Instant at) {}
