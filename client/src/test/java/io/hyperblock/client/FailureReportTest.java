package io.hyperblock.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.client.testing.InMemoryCluster;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.Replicated;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Failed replicas and units are reported to the management server, once each per client. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FailureReportTest {

  @Test
  void reportsAFailedReplicaOnceAndKeepsReadingFromTheHealthyOnes() {
    try (InMemoryCluster cluster = new InMemoryCluster(Replicated.of(3), 1 << 20, 1 << 16, 4096)) {
      VolumeClient c = cluster.open(VolumeClientConfig.defaults("c"));
      int dead = cluster.brickOf(0, 0);
      cluster.kill(dead);
      c.write(0, ByteBuffer.wrap(new byte[] {1, 2})).join();
      c.write(2, ByteBuffer.wrap(new byte[] {3})).join();
      cluster.revive(dead); // stale now: reads must keep avoiding it
      ByteBuffer dst = ByteBuffer.allocate(3);
      c.read(0, dst).join();

      assertThat(dst.array()).containsExactly(1, 2, 3);
      assertThat(cluster.reports).containsExactly("0/0@" + cluster.bricks.get(dead).brickId());
      c.close();
    }
  }

  @Test
  void reportsTheUnitsADegradedEcWriteMissed() {
    try (InMemoryCluster cluster =
        new InMemoryCluster(ErasureCoded.EC_4_2, 1 << 20, 1 << 16, 4096)) {
      VolumeClient c = cluster.open(VolumeClientConfig.defaults("c"));
      cluster.kill(cluster.brickOf(0, 5));
      c.write(0, ByteBuffer.wrap(new byte[100])).join();
      assertThat(cluster.reports)
          .containsExactly("0/5@" + cluster.bricks.get(cluster.brickOf(0, 5)).brickId());
      c.close();
    }
  }
}
