package io.hyperblock.core.layout;

/**
 * Where one logical byte of an erasure-coded chunk is stored: in row {@code row}, on data shard
 * {@code dataShard}, at byte {@code shardOffset} of that shard. See {@link StripeGeometry} for the
 * mapping.
 *
 * @param row row (stripe-unit row) of the chunk, {@code >= 0}
 * @param dataShard data shard index in [0, k); shard i is placement location i
 * @param shardOffset byte offset within the shard, {@code >= 0}
 */
public record UnitAddress(long row, int dataShard, long shardOffset) {}
