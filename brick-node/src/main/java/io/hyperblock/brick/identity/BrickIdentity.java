package io.hyperblock.brick.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Who a brick is, as persisted in its data directory.
 *
 * @param brickId stable id of this brick, assigned at first registration and never changed
 * @param clusterId the cluster this data directory belongs to
 * @param formatVersion on-disk format of the directory; {@link #CURRENT_FORMAT} for new ones
 * @param created when the directory was formatted
 */
public record BrickIdentity(UUID brickId, UUID clusterId, int formatVersion, Instant created) {

  /** The only directory format this code writes and reads. */
  public static final int CURRENT_FORMAT = 1;

  public BrickIdentity {
    Objects.requireNonNull(brickId, "brickId");
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(created, "created");
  }
}
