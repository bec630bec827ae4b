package io.hyperblock.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.client.fault.FaultInjection;
import io.hyperblock.client.fault.InjectedCrashException;
import io.hyperblock.client.testing.InMemoryCluster;
import io.hyperblock.core.protection.ErasureCoded;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ADR 0003 over in-memory bricks (EC 4+2, 4 KiB units, row = 16 KiB): a writer dies between unit
 * writes of a partial-row update, then a different unit of the row is lost; reconstructing the lost
 * unit must still return the bytes acknowledged before, never a decode mixing old and new.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WriteHoleTest {

  private static final int UNIT = 4096;
  private static final int ROW = 4 * UNIT;

  private final Random rnd = new Random(42);

  private byte[] random(int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  private static void write(VolumeClient c, long off, byte[] data) {
    c.write(off, ByteBuffer.allocateDirect(data.length).put(data).flip()).join();
  }

  private static byte[] read(VolumeClient c, long off, int len) {
    ByteBuffer dst = ByteBuffer.allocate(len);
    c.read(off, dst).join();
    return dst.array();
  }

  @Test
  void crashBetweenDataAndParityThenLosingAnotherUnitKeepsAcknowledgedBytes() {
    try (InMemoryCluster cluster =
        new InMemoryCluster(ErasureCoded.EC_4_2, 1 << 20, 1 << 16, UNIT)) {
      FaultInjection faults = FaultInjection.enabled();
      VolumeClient a = cluster.open(VolumeClientConfig.defaults("a").withFaults(faults));
      byte[] row = random(ROW);
      write(a, 0, row);
      a.flush().join();

      faults.arm(FaultInjection.EC_AFTER_DATA_BEFORE_PARITY, site -> site.row() == 0);
      byte[] update = random(1000);
      assertThatThrownBy(() -> write(a, 100, update))
          .hasRootCauseInstanceOf(InjectedCrashException.class);
      // the data unit holds the unacknowledged bytes at a new generation; parities do not
      assertThat(cluster.brickOf(0, 0).meta(unit(cluster, 0)).openGenerations()).hasSize(1);

      cluster.brickOf(0, 1).setDown(true); // lose a different unit of the row
      VolumeClient b = cluster.open(VolumeClientConfig.defaults("b"));

      assertThat(read(b, UNIT, 3 * UNIT)).isEqualTo(java.util.Arrays.copyOfRange(row, UNIT, ROW));
      byte[] first = read(b, 0, UNIT);
      byte[] updated = row.clone();
      System.arraycopy(update, 0, updated, 100, update.length);
      assertThat(first)
          .isIn(java.util.Arrays.copyOf(row, UNIT), java.util.Arrays.copyOf(updated, UNIT));
      b.close();
    }
  }

  @Test
  void crashBeforeTheLastParityRollsForwardAndReconstructsOtherUnits() {
    try (InMemoryCluster cluster =
        new InMemoryCluster(ErasureCoded.EC_4_2, 1 << 20, 1 << 16, UNIT)) {
      FaultInjection faults = FaultInjection.enabled();
      VolumeClient a = cluster.open(VolumeClientConfig.defaults("a").withFaults(faults));
      byte[] row = random(ROW);
      write(a, 0, row);

      faults.arm(FaultInjection.EC_BEFORE_UNIT_WRITE, site -> site.unit() == 5);
      byte[] update = random(UNIT);
      assertThatThrownBy(() -> write(a, 0, update))
          .hasRootCauseInstanceOf(InjectedCrashException.class);

      cluster.brickOf(0, 2).setDown(true);
      VolumeClient b = cluster.open(VolumeClientConfig.defaults("b"));
      byte[] expected = row.clone();
      System.arraycopy(update, 0, expected, 0, UNIT);
      // data 0, 1, 3 and parity 4 hold the new version: k = 4 units, so it is rolled forward
      assertThat(read(b, 0, ROW)).isEqualTo(expected);
      b.close();
    }
  }

  @Test
  void bricksDyingMidRowLeaveADegradedButCorrectRow() {
    try (InMemoryCluster cluster =
        new InMemoryCluster(ErasureCoded.EC_4_2, 1 << 20, 1 << 16, UNIT)) {
      VolumeClient a = cluster.open(VolumeClientConfig.defaults("a"));
      byte[] row = random(ROW);
      write(a, 0, row);
      cluster.brickOf(0, 4).setDown(true); // a parity dies: the partial write is degraded
      byte[] update = random(3000);
      write(a, 5000, update);
      System.arraycopy(update, 0, row, 5000, update.length);
      cluster.brickOf(0, 1).setDown(true); // the unit just written is lost too
      assertThat(read(a, 0, ROW)).isEqualTo(row);

      cluster.brickOf(0, 4).setDown(false); // the stale parity returns
      cluster.brickOf(0, 1).setDown(false);
      VolumeClient b = cluster.open(VolumeClientConfig.defaults("b")); // recovery repairs it
      assertThat(cluster.brickOf(0, 0).meta(unit(cluster, 0)).staleMask()).isZero();
      cluster.brickOf(0, 0).setDown(true);
      cluster.brickOf(0, 2).setDown(true);
      assertThat(read(b, 0, ROW)).isEqualTo(row);
      b.close();
    }
  }

  private static io.hyperblock.client.brick.UnitRef unit(InMemoryCluster c, int shard) {
    return new io.hyperblock.client.brick.UnitRef(c.volume.id(), 0, shard, 0, UNIT);
  }
}
