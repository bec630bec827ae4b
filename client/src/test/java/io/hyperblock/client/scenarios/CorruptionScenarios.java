package io.hyperblock.client.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.client.VolumeClient;
import io.hyperblock.client.VolumeClientConfig;
import io.hyperblock.client.testing.TestCluster;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.Replicated;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * End-to-end integrity: a block corrupted on one brick (bytes flipped in its extent) is detected on
 * read (the brick's CRC32C), served from redundancy, and rewritten on that brick.
 */
public abstract class CorruptionScenarios {

  protected abstract ClusterFactory clusters();

  private static byte[] data(int n) {
    byte[] b = new byte[n];
    new Random(7).nextBytes(b);
    return b;
  }

  private static boolean readable(TestCluster c, int brick, int shard, long off, int len) {
    return c.readShard(brick, 0, shard, off, len).handle((v, e) -> e == null).join();
  }

  @Test
  void replicatedReadServesACorruptBlockFromAnotherReplicaAndRepairsIt() {
    try (TestCluster cluster = clusters().create(Replicated.of(3), 1 << 20, 1 << 16, 4096)) {
      VolumeClient c = cluster.open(VolumeClientConfig.defaults("c"));
      byte[] bytes = data(20000);
      c.write(1000, ByteBuffer.wrap(bytes)).join();
      c.flush().join();
      int first = cluster.brickOf(0, 0);
      cluster.corruptBlock(first, 0, 0, 8192);
      assertThat(readable(cluster, first, 0, 8192, 4096)).isFalse();

      assertThat(Io.read(c, 1000, bytes.length)).isEqualTo(bytes);
      Io.await(
          "the corrupt block is rewritten",
          Duration.ofSeconds(10),
          () -> readable(cluster, first, 0, 8192, 4096));
      ByteBuffer again = cluster.readShard(first, 0, 0, 1000, bytes.length).join();
      assertThat(again).isEqualTo(ByteBuffer.wrap(bytes));
      c.close();
    }
  }

  @Test
  void erasureCodedReadReconstructsACorruptUnitAndRewritesIt() {
    try (TestCluster cluster = clusters().create(ErasureCoded.EC_4_2, 1 << 20, 1 << 16, 4096)) {
      VolumeClient c = cluster.open(VolumeClientConfig.defaults("c"));
      byte[] bytes = data(3 * 16384);
      c.write(0, ByteBuffer.wrap(bytes)).join();
      c.flush().join();
      int holder = cluster.brickOf(0, 1); // data unit 1 of rows 0..2
      cluster.corruptBlock(holder, 0, 1, 4096); // row 1 of shard 1
      assertThat(readable(cluster, holder, 1, 4096, 4096)).isFalse();

      assertThat(Io.read(c, 0, bytes.length)).isEqualTo(bytes);
      Io.await(
          "the corrupt unit is rewritten",
          Duration.ofSeconds(10),
          () -> readable(cluster, holder, 1, 4096, 4096));
      cluster.kill(cluster.brickOf(0, 0)); // now unit 1 is needed as it is stored
      cluster.kill(cluster.brickOf(0, 2));
      assertThat(Io.read(c, 0, bytes.length)).isEqualTo(bytes);
      c.close();
    }
  }
}
