package io.hyperblock.core.impact;

import java.util.UUID;

/**
 * One unit of a stripe and the brick it lives on.
 *
 * @param volumeId the volume
 * @param stripeIndex the stripe
 * @param slot replica index or shard index
 * @param brickId the brick holding it
 */
public record DependentUnit(UUID volumeId, long stripeIndex, int slot, UUID brickId) {}
