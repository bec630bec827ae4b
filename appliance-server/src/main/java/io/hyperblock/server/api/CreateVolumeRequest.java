package io.hyperblock.server.api;

import io.hyperblock.core.protection.ProtectionPolicy;

/**
 * A volume to create.
 *
 * @param name DNS-1123 label, at most 63 characters, unique in the cluster
 * @param sizeBytes logical size, at least 1 MiB, at most the server's maximum
 * @param policy replication or erasure coding
 * @param chunkSizeBytes chunk (stripe) size, a power of two; 0 means the default (128 MiB)
 */
public record CreateVolumeRequest(
    String name, long sizeBytes, ProtectionPolicy policy, long chunkSizeBytes) {}
