package io.hyperblock.client.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.client.VolumeClient;
import io.hyperblock.client.VolumeClientConfig;
import io.hyperblock.client.testing.TestCluster;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.ProtectionPolicy;
import io.hyperblock.core.protection.Replicated;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model-based scenario: batches of concurrent, non-overlapping reads, writes and zeroings at random
 * unaligned offsets (crossing unit, row and chunk boundaries) are checked against a byte array
 * while up to the policy's tolerance of bricks is killed at random moments, mid-batch. EC runs also
 * revive bricks and then repair or re-attach (recovery must repair the stale units before more
 * bricks die). Every read must equal the model and every write must succeed.
 */
public abstract class ModelScenarios {

  protected static final long CHUNK = 64 << 10;
  protected static final long SIZE = 3 * CHUNK + CHUNK / 2;

  /** The cluster binding. */
  protected abstract ClusterFactory clusters();

  /** Seeds per policy and rounds per seed: many in-memory, fewer against real bricks. */
  protected abstract int seeds();

  protected abstract int rounds();

  static Stream<Arguments> policies() {
    return Stream.of(
        Arguments.of("R1", new Replicated(1, 1, 1), 4096, 0),
        Arguments.of("R3 wq2 rq1", new Replicated(3, 2, 1), 4096, 1),
        Arguments.of("R3 wq2 rq2", new Replicated(3, 2, 2), 4096, 1),
        Arguments.of("EC 4+2", ErasureCoded.EC_4_2, 4096, 2),
        Arguments.of("EC 8+3", ErasureCoded.EC_8_3, 4096, 3));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policies")
  void readsAlwaysEqualTheModelWhileBricksDie(
      String name, ProtectionPolicy policy, int stripeUnit, int tolerance) {
    for (long seed = 1; seed <= seeds(); seed++) {
      run(policy, stripeUnit, tolerance, seed);
    }
  }

  private void run(ProtectionPolicy policy, int stripeUnit, int tolerance, long seed) {
    Random rnd = new Random(seed);
    boolean ec = policy instanceof ErasureCoded;
    byte[] model = new byte[(int) SIZE];
    try (TestCluster cluster = clusters().create(policy, SIZE, CHUNK, stripeUnit)) {
      VolumeClient client = cluster.open(VolumeClientConfig.defaults("model-" + seed));
      int lost = 0;
      for (int round = 0; round < rounds(); round++) {
        List<long[]> ranges = new ArrayList<>();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        List<Runnable> checks = new ArrayList<>();
        int ops = 1 + rnd.nextInt(8);
        for (int i = 0; i < ops; i++) {
          int len = 1 + rnd.nextInt(rnd.nextBoolean() ? 300 : 40 << 10);
          long off = (long) (rnd.nextDouble() * (SIZE - len));
          if (overlaps(ranges, off, len)) {
            continue;
          }
          ranges.add(new long[] {off, len});
          int kind = rnd.nextInt(10);
          if (kind < 5) {
            byte[] data = Io.random(rnd, len);
            System.arraycopy(data, 0, model, (int) off, len);
            writes.add(client.write(off, ByteBuffer.allocateDirect(len).put(data).flip()));
          } else if (kind < 6) {
            Arrays.fill(model, (int) off, (int) off + len, (byte) 0);
            writes.add(client.writeZeroes(off, len));
          } else {
            byte[] expected = Arrays.copyOfRange(model, (int) off, (int) off + len);
            ByteBuffer dst = ByteBuffer.allocate(len);
            CompletableFuture<Void> f = client.read(off, dst);
            checks.add(
                () -> {
                  f.join();
                  assertThat(dst.array()).as("read at %d len %d", off, len).isEqualTo(expected);
                });
          }
          if (lost < tolerance && rnd.nextInt(12) == 0) {
            int victim = rnd.nextInt(cluster.brickCount());
            if (!cluster.isDown(victim)) {
              cluster.kill(victim);
              lost++;
            }
          }
        }
        writes.forEach(CompletableFuture::join);
        checks.forEach(Runnable::run);
        if (rnd.nextInt(10) == 0) {
          client.flush().join();
        }
        if (ec && lost > 0 && rnd.nextInt(8) == 0) {
          for (int b = 0; b < cluster.brickCount(); b++) {
            if (cluster.isDown(b)) {
              cluster.revive(b);
            }
          }
          lost = 0;
          if (rnd.nextBoolean()) {
            client.repair().join();
          } else {
            client.close();
            client = cluster.open(VolumeClientConfig.defaults("model-" + seed + "-" + round));
          }
        }
      }
      assertThat(Io.read(client, 0, model.length)).isEqualTo(model);
      client.close();
    }
  }

  private static boolean overlaps(List<long[]> ranges, long off, int len) {
    for (long[] r : ranges) {
      if (off < r[0] + r[1] && r[0] < off + len) {
        return true;
      }
    }
    return false;
  }
}
