package io.hyperblock.brick.store;

/**
 * One shard held by a store.
 *
 * @param key the shard
 * @param sizeBytes length of the extent: end of the highest range written (a trim reaching the end
 *     shortens it)
 * @param generation the highest generation written to the shard (0 if none)
 */
public record ShardInfo(ShardKey key, long sizeBytes, long generation) {}
