package io.hyperblock.brick.store;

/**
 * Space accounting of a store. Used bytes count 4 KiB blocks holding non-zero data (written and not
 * trimmed), so a trim or a volume delete lowers them.
 *
 * @param capacityBytes the configured capacity
 * @param usedBytes bytes of non-zero blocks
 * @param freeBytes {@code max(0, capacityBytes - usedBytes)}
 * @param shardCount shards with an extent file
 */
public record StoreStats(long capacityBytes, long usedBytes, long freeBytes, int shardCount) {}
