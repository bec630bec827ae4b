package io.hyperblock.server.api;

import io.hyperblock.core.protection.ProtectionPolicy;
import java.time.Instant;
import java.util.UUID;

/**
 * A volume as the management server records it.
 *
 * @param placementEpoch bumped whenever the volume's placement map changes
 * @param attachEpoch fencing epoch of the current (or last) attachment; 0 if never attached
 * @param attachedTo client id of the current attachment, or null when detached
 */
public record VolumeInfo(
    UUID id,
    String name,
    long sizeBytes,
    long chunkSizeBytes,
    ProtectionPolicy policy,
    VolumeState state,
    long placementEpoch,
    long attachEpoch,
    String attachedTo,
    Instant createdAt) {

  /** Number of chunks (stripes) the volume spans. */
  public long stripeCount() {
    return (sizeBytes + chunkSizeBytes - 1) / chunkSizeBytes;
  }
}
