package io.hyperblock.client.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.client.VolumeClient;
import io.hyperblock.client.VolumeClientConfig;
import io.hyperblock.client.brick.UnitRef;
import io.hyperblock.client.fault.FaultInjection;
import io.hyperblock.client.fault.InjectedCrashException;
import io.hyperblock.client.testing.TestCluster;
import io.hyperblock.core.protection.ErasureCoded;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * ADR 0003 (EC 4+2, 4 KiB units, a row is 16 KiB): a writer dies between unit writes of a row
 * update (named injection points), then a different unit of the row is lost; reading the row's
 * other blocks, which needs a reconstruction, must still return the bytes acknowledged before,
 * never a decode mixing old and new units.
 */
public abstract class WriteHoleScenarios {

  private static final int UNIT = 4096;
  private static final int ROW = 4 * UNIT;

  private final Random rnd = new Random(42);

  protected abstract ClusterFactory clusters();

  private TestCluster cluster() {
    return clusters().create(ErasureCoded.EC_4_2, 1 << 20, 1 << 16, UNIT);
  }

  private static UnitRef unit(TestCluster c, int shard) {
    return new UnitRef(c.volume().id(), 0, shard, 0, UNIT);
  }

  @Test
  void crashBetweenDataAndParityThenLosingAnotherUnitKeepsAcknowledgedBytes() {
    try (TestCluster cluster = cluster()) {
      FaultInjection faults = FaultInjection.enabled();
      VolumeClient a = cluster.open(VolumeClientConfig.defaults("a").withFaults(faults));
      byte[] row = Io.random(rnd, ROW);
      Io.write(a, 0, row);
      a.flush().join();

      faults.arm(FaultInjection.EC_AFTER_DATA_BEFORE_PARITY, site -> site.row() == 0);
      byte[] update = Io.random(rnd, 1000);
      assertThatThrownBy(() -> Io.write(a, 100, update))
          .hasRootCauseInstanceOf(InjectedCrashException.class);
      // data unit 0 holds the unacknowledged bytes at a new generation; the parities do not
      assertThat(cluster.meta(cluster.brickOf(0, 0), unit(cluster, 0)).openGenerations())
          .hasSize(1);

      cluster.kill(cluster.brickOf(0, 1)); // lose a different unit of the row
      VolumeClient b = cluster.open(VolumeClientConfig.defaults("b"));

      assertThat(Io.read(b, UNIT, 3 * UNIT)).isEqualTo(Arrays.copyOfRange(row, UNIT, ROW));
      byte[] updated = row.clone();
      System.arraycopy(update, 0, updated, 100, update.length);
      assertThat(Io.read(b, 0, UNIT)).isIn(Arrays.copyOf(row, UNIT), Arrays.copyOf(updated, UNIT));
      b.close();
    }
  }

  @Test
  void crashBeforeTheLastParityRollsForwardAndReconstructsOtherUnits() {
    try (TestCluster cluster = cluster()) {
      FaultInjection faults = FaultInjection.enabled();
      VolumeClient a = cluster.open(VolumeClientConfig.defaults("a").withFaults(faults));
      byte[] row = Io.random(rnd, ROW);
      Io.write(a, 0, row);

      faults.arm(FaultInjection.EC_BEFORE_UNIT_WRITE, site -> site.unit() == 5);
      byte[] update = Io.random(rnd, UNIT);
      assertThatThrownBy(() -> Io.write(a, 0, update))
          .hasRootCauseInstanceOf(InjectedCrashException.class);

      cluster.kill(cluster.brickOf(0, 2));
      VolumeClient b = cluster.open(VolumeClientConfig.defaults("b"));
      byte[] expected = row.clone();
      System.arraycopy(update, 0, expected, 0, UNIT);
      // data 0, 1, 3 and parity 4 hold the new version: k units, so it is rolled forward
      assertThat(Io.read(b, 0, ROW)).isEqualTo(expected);
      b.close();
    }
  }

  @Test
  void bricksDyingMidRowLeaveADegradedButCorrectRowThatRecoveryRepairs() {
    try (TestCluster cluster = cluster()) {
      VolumeClient a = cluster.open(VolumeClientConfig.defaults("a"));
      byte[] row = Io.random(rnd, ROW);
      Io.write(a, 0, row);
      cluster.kill(cluster.brickOf(0, 4)); // a parity dies: the partial write is degraded
      byte[] update = Io.random(rnd, 3000);
      Io.write(a, 5000, update);
      System.arraycopy(update, 0, row, 5000, update.length);
      cluster.kill(cluster.brickOf(0, 1)); // the unit just written is lost too
      assertThat(Io.read(a, 0, ROW)).isEqualTo(row);

      cluster.revive(cluster.brickOf(0, 4)); // the stale parity returns
      cluster.revive(cluster.brickOf(0, 1));
      a.close();
      VolumeClient b = cluster.open(VolumeClientConfig.defaults("b")); // recovery repairs it
      assertThat(cluster.meta(cluster.brickOf(0, 0), unit(cluster, 0)).staleMask()).isZero();
      cluster.kill(cluster.brickOf(0, 0));
      cluster.kill(cluster.brickOf(0, 2));
      assertThat(Io.read(b, 0, ROW)).isEqualTo(row);
      b.close();
    }
  }
}
