package io.hyperblock.brick.metrics;

/** Capacity figures sampled at scrape time. */
public record CapacitySnapshot(
    long capacityBytes, long usedBytes, long freeBytes, long shardCount) {}
