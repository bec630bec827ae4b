package io.hyperblock.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.client.testing.InMemoryBrick;
import io.hyperblock.client.testing.InMemoryCluster;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.Replicated;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A block failing its checksum on one brick is served from redundancy and then rewritten. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CorruptionTest {

  private static byte[] data(int n) {
    byte[] b = new byte[n];
    new Random(7).nextBytes(b);
    return b;
  }

  private static void awaitTrue(BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("condition within 10 s").isBefore(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void replicatedReadServesACorruptBlockFromAnotherReplicaAndRepairsIt() {
    try (InMemoryCluster cluster = new InMemoryCluster(Replicated.of(3), 1 << 20, 1 << 16, 4096)) {
      VolumeClient c = cluster.open(VolumeClientConfig.defaults("c"));
      byte[] bytes = data(20000);
      c.write(1000, ByteBuffer.wrap(bytes)).join();
      InMemoryBrick first = cluster.brickOf(0, 0);
      first.corruptBlock(cluster.volume.id(), 0, 0, 8192);

      ByteBuffer dst = ByteBuffer.allocate(bytes.length);
      c.read(1000, dst).join();
      assertThat(dst.array()).isEqualTo(bytes);
      awaitTrue(() -> !first.isCorrupt(cluster.volume.id(), 0, 0, 8192));
      ByteBuffer again = first.readShard(cluster.volume.id(), 0, 0, 1000, bytes.length).join();
      assertThat(again).isEqualTo(ByteBuffer.wrap(bytes));
      c.close();
    }
  }

  @Test
  void erasureCodedReadReconstructsACorruptUnitAndRewritesIt() {
    try (InMemoryCluster cluster =
        new InMemoryCluster(ErasureCoded.EC_4_2, 1 << 20, 1 << 16, 4096)) {
      VolumeClient c = cluster.open(VolumeClientConfig.defaults("c"));
      byte[] bytes = data(3 * 16384);
      c.write(0, ByteBuffer.wrap(bytes)).join();
      InMemoryBrick holder = cluster.brickOf(0, 1); // data unit 1 of rows 0..2
      holder.corruptBlock(cluster.volume.id(), 0, 1, 4096); // row 1 of shard 1

      ByteBuffer dst = ByteBuffer.allocate(bytes.length);
      c.read(0, dst).join();
      assertThat(dst.array()).isEqualTo(bytes);
      awaitTrue(() -> !holder.isCorrupt(cluster.volume.id(), 0, 1, 4096));
      cluster.brickOf(0, 0).setDown(true); // now unit 1 is needed as it is stored
      cluster.brickOf(0, 2).setDown(true);
      ByteBuffer after = ByteBuffer.allocate(bytes.length);
      c.read(0, after).join();
      assertThat(after.array()).isEqualTo(bytes);
      c.close();
    }
  }
}
