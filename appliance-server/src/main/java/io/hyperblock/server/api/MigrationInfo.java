package io.hyperblock.server.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One data movement an operator started: a brick drain or a rebalance, as a set of unit moves.
 *
 * @param id the plan id ({@code drain-...} or {@code rebalance-...}); what cancel takes
 * @param kind DRAIN or REBALANCE
 * @param brickId the drained brick; null for a rebalance
 * @param state where it stands
 * @param unitsTotal unit moves in the migration
 * @param unitsDone moves whose unit the placement map now names at its new brick
 * @param bytesTotal bytes all moves copy
 * @param bytesDone bytes copied so far (last progress the target bricks reported)
 * @param startedAt when the moves were recorded
 * @param updatedAt when a move last changed
 * @param eta estimated time left at the rate so far; null when finished or not measurable yet
 * @param lastError the most recent failure of a move, empty if none
 */
public record MigrationInfo(
    String id,
    Kind kind,
    String brickId,
    State state,
    int unitsTotal,
    int unitsDone,
    long bytesTotal,
    long bytesDone,
    Instant startedAt,
    Instant updatedAt,
    Duration eta,
    String lastError) {

  /** What the migration does. */
  public enum Kind {
    DRAIN,
    REBALANCE
  }

  /** Lifecycle: RUNNING -> COMPLETED, CANCELLED by an operator, or FAILED. */
  public enum State {
    /** Moves remain. */
    RUNNING,
    /** Every unit is at its new brick. */
    COMPLETED,
    /** An operator stopped it; units already moved stay moved. */
    CANCELLED,
    /**
     * Some moves were given up (failed too often, or made pointless by another change); {@code
     * lastError} says why. A drain re-plans by itself; for a rebalance make a new plan.
     */
    FAILED
  }

  public MigrationInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(state, "state");
    lastError = lastError == null ? "" : lastError;
  }
}
