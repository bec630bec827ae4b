package io.hyperblock.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.client.testing.InMemoryCluster;
import io.hyperblock.core.protection.Replicated;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Read quorum > 1 (seed semantics): replicas are read in parallel, read_quorum byte-identical
 * answers are required, the majority is returned and divergent replicas are rewritten.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReadQuorumTest {

  private static byte[] readRaw(InMemoryCluster c, int brick) {
    ByteBuffer b = c.readShard(brick, 0, 0, 0, 4).join();
    byte[] out = new byte[4];
    b.get(out);
    return out;
  }

  @Test
  void returnsTheMajorityAndRewritesADivergentReplica() throws Exception {
    try (InMemoryCluster cluster =
        new InMemoryCluster(new Replicated(3, 2, 2), 1 << 20, 1 << 16, 4096)) {
      VolumeClient c = cluster.open(VolumeClientConfig.defaults("c"));
      c.write(0, ByteBuffer.wrap(new byte[] {1, 2, 3, 4})).join();
      UUID volume = cluster.volume().id();
      int odd = cluster.brickOf(0, 1);
      cluster
          .bricks
          .get(odd)
          .writeShard(volume, 0, 0, 0, ByteBuffer.wrap(new byte[] {9}), c.epoch(), 1)
          .join();

      ByteBuffer dst = ByteBuffer.allocate(4);
      c.read(0, dst).join();
      assertThat(dst.array()).containsExactly(1, 2, 3, 4);

      Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
      while (readRaw(cluster, odd)[0] != 1) {
        assertThat(Instant.now()).as("divergent replica rewritten within 10 s").isBefore(deadline);
        Thread.sleep(5); // polling a condition with a deadline
      }
      c.close();
    }
  }

  @Test
  void failsWhenFewerThanTheQuorumAgree() {
    try (InMemoryCluster cluster =
        new InMemoryCluster(new Replicated(3, 2, 3), 1 << 20, 1 << 16, 4096)) {
      VolumeClient c = cluster.open(VolumeClientConfig.defaults("c"));
      c.write(0, ByteBuffer.wrap(new byte[] {1, 2, 3, 4})).join();
      cluster
          .bricks
          .get(cluster.brickOf(0, 2))
          .writeShard(cluster.volume().id(), 0, 0, 0, ByteBuffer.wrap(new byte[] {9}), c.epoch(), 1)
          .join();
      assertThatThrownBy(() -> c.read(0, ByteBuffer.allocate(4)).join())
          .hasCauseInstanceOf(VolumeUnavailableException.class);
      c.close();
    }
  }

  @Test
  void aReplicaTheMapListsStaleIsNotReadByANewClient() {
    try (InMemoryCluster cluster =
        new InMemoryCluster(new Replicated(3, 2, 1), 1 << 20, 1 << 16, 4096)) {
      VolumeClient writer = cluster.open(VolumeClientConfig.defaults("w"));
      writer.write(0, ByteBuffer.wrap(new byte[] {1, 2, 3, 4})).join();
      writer.close();
      // the first replica "missed" the write (its client reported it); reads must go elsewhere
      int first = cluster.brickOf(0, 0);
      cluster
          .bricks
          .get(first)
          .writeShard(cluster.volume().id(), 0, 0, 0, ByteBuffer.wrap(new byte[] {9}), 9, 1)
          .join();
      cluster.markStale(0, first);

      VolumeClient reader = cluster.open(VolumeClientConfig.defaults("r"));
      ByteBuffer dst = ByteBuffer.allocate(4);
      reader.read(0, dst).join();
      assertThat(dst.array()).containsExactly(1, 2, 3, 4);
      reader.close();
    }
  }
}
