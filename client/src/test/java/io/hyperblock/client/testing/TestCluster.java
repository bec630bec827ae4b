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

  @Override
  void close();
}
