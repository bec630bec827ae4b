package io.hyperblock.brick.scrub;

import io.hyperblock.brick.store.ShardKey;

/** Restores a corrupt 4 KiB block of a shard held by this brick. Thread-safe. */
@FunctionalInterface
public interface BlockRepairer {

  /** What became of a corrupt block. */
  enum Outcome {
    /** The block was rewritten here from a healthy copy and verifies again. */
    REPAIRED,
    /**
     * A client write replaced the block while the repair ran: it verifies again, nothing was
     * written.
     */
    OVERWRITTEN,
    /**
     * It could not be repaired here; the unit was reported to the management server as failed, so
     * readers avoid it until the resync machinery restores it.
     */
    REPORTED,
    /** Neither repaired nor reported (server and peers unreachable); the next pass retries. */
    FAILED
  }

  /**
   * Repairs block {@code blockIndex} (bytes {@code [blockIndex * 4096, (blockIndex + 1) * 4096)})
   * of {@code key}. Never throws for an unreachable peer or server: that is {@link Outcome#FAILED}.
   */
  Outcome repair(ShardKey key, long blockIndex);
}
