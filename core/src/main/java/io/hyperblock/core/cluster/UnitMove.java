package io.hyperblock.core.cluster;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One unit to (re)create on a new brick: the task a brick server executes for rebuild, drain and
 * rebalance. After the target holds the unit, the server commits the plan's new placement map, in
 * which slot {@code slot} of the stripe names {@code toBrick} instead of {@code fromBrick}.
 *
 * @param volumeId the volume
 * @param stripeIndex the stripe
 * @param slot the replica index (replicated) or shard index (erasure-coded) that moves
 * @param fromBrick the brick the unit leaves: failed (rebuild), draining (drain) or over-full
 *     (rebalance)
 * @param toBrick the brick that receives the unit; not in the stripe before the move
 * @param sources bricks to read from, preferred first: for {@link MoveKind#COPY} bricks holding the
 *     same unit; for {@link MoveKind#RECONSTRUCT} bricks holding the stripe's other shards (at
 *     least k of them)
 * @param kind copy or reconstruct
 * @param bytes size of the unit (chunk size for replicas, shard size for erasure coding)
 */
public record UnitMove(
    UUID volumeId,
    long stripeIndex,
    int slot,
    UUID fromBrick,
    UUID toBrick,
    List<UUID> sources,
    MoveKind kind,
    long bytes) {

  public UnitMove {
    Objects.requireNonNull(volumeId, "volumeId");
    Objects.requireNonNull(fromBrick, "fromBrick");
    Objects.requireNonNull(toBrick, "toBrick");
    Objects.requireNonNull(kind, "kind");
    sources = List.copyOf(sources);
    if (sources.isEmpty()) {
      throw new IllegalArgumentException(
          "move of stripe " + stripeIndex + " slot " + slot + " has no source to read from");
    }
    if (fromBrick.equals(toBrick) || sources.contains(toBrick)) {
      throw new IllegalArgumentException(
          "move of stripe " + stripeIndex + " slot " + slot + " targets a brick it reads from");
    }
    if (bytes < 0 || slot < 0 || stripeIndex < 0) {
      throw new IllegalArgumentException(
          "move of stripe " + stripeIndex + " slot " + slot + " has negative field(s)");
    }
  }

  /** One line for logs and plan ids: {@code volume/stripe/slot from->to KIND bytes [sources]}. */
  public String describe() {
    return volumeId
        + "/"
        + stripeIndex
        + "/"
        + slot
        + " "
        + fromBrick
        + "->"
        + toBrick
        + " "
        + kind
        + " "
        + bytes
        + " "
        + sources;
  }
}
