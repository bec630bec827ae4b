package io.hyperblock.client.testing;

import io.hyperblock.client.VolumeClient;
import io.hyperblock.client.VolumeClientConfig;
import io.hyperblock.client.brick.UnitRef;
import io.hyperblock.client.metadata.VolumeInfo;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * One volume on a set of bricks plus a management server, as the scenario suites see it
 * (conventions, rule 12): bound to in-memory bricks for fast tests and to real brick servers for
 * the ITs. Each stripe uses every brick, rotated by stripe index.
 */
public interface TestCluster extends AutoCloseable {

  VolumeInfo volume();

  /** Attaches a new client (bumping the epoch, fencing the previous one) and recovers. */
  VolumeClient open(VolumeClientConfig config);

  int brickCount();

  /** The index of the brick holding unit (EC) or replica slot (replicated) {@code unit}. */
  int brickOf(long stripe, int unit);

  /** Stops brick {@code i} answering (a crash, as far as clients can tell). */
  void kill(int i);

  /** Brings brick {@code i} back with the data it had. */
  void revive(int i);

  boolean isDown(int i);

  /** Flips bytes of the 4 KiB block at {@code shardOffset} of a shard on brick {@code i}. */
  void corruptBlock(int i, long stripe, int shard, long shardOffset);

  /** Reads raw shard bytes from brick {@code i} (fails on a checksum error). */
  CompletableFuture<ByteBuffer> readShard(int i, long stripe, int shard, long offset, int length);

  /** The row metadata brick {@code i} keeps for a unit. */
  io.hyperblock.client.brick.RowMeta meta(int i, UnitRef unit);

  /** Adds a brick no stripe uses yet (a move target); returns its index. */
  default int addBrick() {
    throw new UnsupportedOperationException("this cluster cannot add bricks");
  }

  /** The version of the placement map the management server hands out. */
  default long placementVersion() {
    throw new UnsupportedOperationException("this cluster does not expose its placement");
  }

  /**
   * Moves unit (EC) or replica slot {@code unit} of the stripe to brick {@code to} (copying it) and
   * serves a map one version newer; returns that version. Freezes and floors are the caller's.
   */
  default long moveUnit(long stripe, int unit, int to) {
    throw new UnsupportedOperationException("this cluster cannot move units");
  }

  /** Freezes the stripe on brick {@code i} (ADR 0009): client mutations are refused. */
  default void freezeStripe(int i, long stripe) {
    throw new UnsupportedOperationException("this cluster cannot freeze stripes");
  }

  /** Releases a freeze of {@link #freezeStripe}. */
  default void releaseStripe(int i, long stripe) {
    throw new UnsupportedOperationException("this cluster cannot freeze stripes");
  }

  /** Raises the volume's placement floor on brick {@code i} and releases its freezes. */
  default void setPlacementFloor(int i, long floor) {
    throw new UnsupportedOperationException("this cluster cannot set placement floors");
  }

  @Override
  void close();
}
