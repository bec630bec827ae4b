package io.hyperblock.core.cluster;

/** How the target brick of a {@link UnitMove} obtains the unit's bytes. */
public enum MoveKind {
  /**
   * Copy the same unit byte for byte from any one of the sources (a healthy replica, or the brick
   * the unit moves away from while it is still readable).
   */
  COPY,
  /**
   * Recompute an erasure-coded shard from the other shards of its stripe: read any k of the sources
   * (each holds another shard of the stripe) and decode.
   */
  RECONSTRUCT
}
