package io.hyperblock.client.brick;

/**
 * Drop the rollback records of one unit up to {@code generation}: the write that produced it was
 * acknowledged and every participant applied it.
 */
public record RowCommit(long stripeIndex, int shardIndex, long row, long generation) {}
