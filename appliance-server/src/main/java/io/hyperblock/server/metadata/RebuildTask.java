package io.hyperblock.server.metadata;

import io.hyperblock.core.cluster.MoveKind;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One unit being recreated on a new brick, as the metadata group records it. Tasks live in the Raft
 * state so that a new leader (or a restarted server) resumes exactly the unfinished ones; progress
 * is recorded in batches, never per megabyte.
 *
 * @param taskId stable id: {@code volume/stripe/slot@planId}
 * @param planId the plan that created the task
 * @param volumeId the volume
 * @param stripeIndex the stripe
 * @param slot replica index (replicated) or shard index (erasure-coded) that moves
 * @param fromBrick the brick the unit leaves (DOWN for a rebuild)
 * @param toBrick the brick that receives the unit
 * @param sources bricks to read from, preferred first
 * @param kind copy a replica or reconstruct an EC shard
 * @param bytes size of the unit
 * @param bytesDone bytes copied or reconstructed so far (last reported)
 * @param state where the task stands
 * @param attempts how many times the task was dispatched
 * @param lastError why the last attempt failed; empty if none did
 * @param createdAt when the task was planned
 * @param updatedAt when the task last changed
 */
public record RebuildTask(
    String taskId,
    String planId,
    UUID volumeId,
    long stripeIndex,
    int slot,
    UUID fromBrick,
    UUID toBrick,
    List<UUID> sources,
    MoveKind kind,
    long bytes,
    long bytesDone,
    State state,
    int attempts,
    String lastError,
    Instant createdAt,
    Instant updatedAt) {

  /**
   * Lifecycle: PENDING -> (RUNNING <-> PENDING on failure) -> COPIED -> SETTLING -> DONE, or
   * CANCELLED (ADR 0008, 0009).
   */
  public enum State {
    /** Waiting for dispatch (new, or its last attempt failed). */
    PENDING,
    /** Dispatched to the target brick. */
    RUNNING,
    /**
     * The target holds the unit and every write of its stripe (the stripe is frozen on its bricks);
     * the placement map does not name it yet.
     */
    COPIED,
    /**
     * The placement map names the target; the stripe's bricks are yet to learn the new placement
     * floor (which refuses writers of the old map) and to release their freezes.
     */
    SETTLING,
    /** The placement map names the target and it holds every acknowledged write: finished. */
    DONE,
    /** Made pointless by another change (volume deleted, slot moved elsewhere): finished. */
    CANCELLED;

    public boolean finished() {
      return this == DONE || this == CANCELLED;
    }
  }

  public RebuildTask {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(planId, "planId");
    Objects.requireNonNull(volumeId, "volumeId");
    Objects.requireNonNull(fromBrick, "fromBrick");
    Objects.requireNonNull(toBrick, "toBrick");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    sources = List.copyOf(sources);
    lastError = lastError == null ? "" : lastError;
  }

  /** The id of the task moving {@code slot} of the stripe under {@code planId}. */
  public static String idOf(UUID volumeId, long stripeIndex, int slot, String planId) {
    return volumeId + "/" + stripeIndex + "/" + slot + "@" + planId;
  }

  /** A new PENDING task. */
  public static RebuildTask planned(
      String planId,
      UUID volumeId,
      long stripeIndex,
      int slot,
      UUID fromBrick,
      UUID toBrick,
      List<UUID> sources,
      MoveKind kind,
      long bytes,
      Instant at) {
    return new RebuildTask(
        idOf(volumeId, stripeIndex, slot, planId),
        planId,
        volumeId,
        stripeIndex,
        slot,
        fromBrick,
        toBrick,
        sources,
        kind,
        bytes,
        0,
        State.PENDING,
        0,
        "",
        at,
        at);
  }

  /** This task with another state, progress, attempt count and error, changed at {@code at}. */
  public RebuildTask with(State newState, long done, int tries, String error, Instant at) {
    return new RebuildTask(
        taskId,
        planId,
        volumeId,
        stripeIndex,
        slot,
        fromBrick,
        toBrick,
        sources,
        kind,
        bytes,
        done,
        newState,
        tries,
        error,
        createdAt,
        at);
  }
}
