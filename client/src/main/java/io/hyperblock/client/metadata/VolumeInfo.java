package io.hyperblock.client.metadata;

import io.hyperblock.core.layout.IoSplitter;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.ProtectionPolicy;
import java.util.Objects;
import java.util.UUID;

/**
 * A volume as the client needs it.
 *
 * @param id the volume id
 * @param name the volume name
 * @param sizeBytes logical size; I/O past it is rejected
 * @param chunkSize bytes per chunk (stripe), a power of two
 * @param policy replicated or erasure-coded
 * @param stripeUnit bytes per EC stripe unit (a power of two dividing the chunk); ignored for
 *     replicated volumes
 */
public record VolumeInfo(
    UUID id, String name, long sizeBytes, long chunkSize, ProtectionPolicy policy, int stripeUnit) {

  public VolumeInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(policy, "policy");
    IoSplitter.requireValidChunkSize(chunkSize);
    if (sizeBytes <= 0) {
      throw new IllegalArgumentException("volume " + name + " has size " + sizeBytes + " B");
    }
    if (policy instanceof ErasureCoded
        && (stripeUnit <= 0 || Integer.bitCount(stripeUnit) != 1 || stripeUnit > chunkSize)) {
      throw new IllegalArgumentException(
          "volume "
              + name
              + ": stripe unit "
              + stripeUnit
              + " B must be a power of two no larger than the chunk ("
              + chunkSize
              + " B)");
    }
  }
}
