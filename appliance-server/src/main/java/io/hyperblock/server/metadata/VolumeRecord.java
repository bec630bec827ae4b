package io.hyperblock.server.metadata;

import io.hyperblock.core.protection.ProtectionPolicy;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A volume as the metadata state machine records it.
 *
 * @param id stable volume id (chosen by the proposer)
 * @param name DNS-1123 label, unique in the cluster
 * @param sizeBytes logical size
 * @param chunkSizeBytes chunk (stripe) size, a power of two
 * @param policy replication or erasure coding
 * @param placementEpoch bumped whenever the placement map changes (create = 1)
 * @param attachEpoch fencing epoch of the current or last attachment; 0 if never attached
 * @param attachedTo client id of the current attachment, or null while detached
 * @param createdAt commit-independent creation time chosen by the proposer
 */
public record VolumeRecord(
    UUID id,
    String name,
    long sizeBytes,
    long chunkSizeBytes,
    ProtectionPolicy policy,
    long placementEpoch,
    long attachEpoch,
    String attachedTo,
    Instant createdAt) {

  public VolumeRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Number of stripes the volume spans: ceil(size / chunk size). */
  public long stripeCount() {
    return (sizeBytes + chunkSizeBytes - 1) / chunkSizeBytes;
  }

  public boolean attached() {
    return attachedTo != null;
  }

  VolumeRecord withSize(long newSize, long newPlacementEpoch) {
    return new VolumeRecord(
        id,
        name,
        newSize,
        chunkSizeBytes,
        policy,
        newPlacementEpoch,
        attachEpoch,
        attachedTo,
        createdAt);
  }

  VolumeRecord withAttachment(long epoch, String clientId) {
    return new VolumeRecord(
        id, name, sizeBytes, chunkSizeBytes, policy, placementEpoch, epoch, clientId, createdAt);
  }

  VolumeRecord withPlacementEpoch(long newPlacementEpoch) {
    return new VolumeRecord(
        id,
        name,
        sizeBytes,
        chunkSizeBytes,
        policy,
        newPlacementEpoch,
        attachEpoch,
        attachedTo,
        createdAt);
  }
}
