package io.hyperblock.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.client.testing.InMemoryBrick;
import io.hyperblock.client.testing.InMemoryCluster;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.ProtectionPolicy;
import io.hyperblock.core.protection.Replicated;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model-based test of the volume client over in-memory bricks: batches of concurrent,
 * non-overlapping reads, writes and zeroings at random unaligned offsets (crossing unit, row and
 * chunk boundaries) are checked against a byte array, while up to the policy's tolerance of bricks
 * is killed at random moments. EC runs also revive bricks and re-attach (recovery must repair the
 * stale units before the next kills). Every read must equal the model; every write must succeed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VolumeModelTest {

  private static final long CHUNK = 64 << 10;
  private static final long SIZE = 3 * CHUNK + CHUNK / 2;

  static Stream<Arguments> policies() {
    return Stream.of(
        Arguments.of("R1", new Replicated(1, 1, 1), 4096, 0),
        Arguments.of("R3 wq2 rq1", new Replicated(3, 2, 1), 4096, 1),
        Arguments.of("R3 wq2 rq2", new Replicated(3, 2, 2), 4096, 1),
        Arguments.of("EC 4+2", ErasureCoded.EC_4_2, 4096, 2),
        Arguments.of("EC 8+3", ErasureCoded.EC_8_3, 1024, 3));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policies")
  void readsAlwaysEqualTheModelWhileBricksDie(
      String name, ProtectionPolicy policy, int stripeUnit, int tolerance) {
    for (long seed = 1; seed <= 6; seed++) {
      runModel(policy, stripeUnit, tolerance, seed);
    }
  }

  private void runModel(ProtectionPolicy policy, int stripeUnit, int tolerance, long seed) {
    Random rnd = new Random(seed);
    boolean ec = policy instanceof ErasureCoded;
    byte[] model = new byte[(int) SIZE];
    try (InMemoryCluster cluster = new InMemoryCluster(policy, SIZE, CHUNK, stripeUnit)) {
      VolumeClient client = cluster.open(VolumeClientConfig.defaults("model-" + seed));
      int lost = 0;
      for (int round = 0; round < 60; round++) {
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
            byte[] data = new byte[len];
            rnd.nextBytes(data);
            System.arraycopy(data, 0, model, (int) off, len);
            ByteBuffer src = ByteBuffer.allocateDirect(len).put(data).flip();
            writes.add(client.write(off, src));
          } else if (kind < 6) {
            java.util.Arrays.fill(model, (int) off, (int) off + len, (byte) 0);
            writes.add(client.writeZeroes(off, len));
          } else {
            byte[] expected = java.util.Arrays.copyOfRange(model, (int) off, (int) off + len);
            ByteBuffer dst = ByteBuffer.allocate(len);
            CompletableFuture<Void> f = client.read(off, dst);
            checks.add(
                () -> {
                  f.join();
                  assertThat(dst.array()).as("read at %d len %d", off, len).isEqualTo(expected);
                });
          }
          if (lost < tolerance && rnd.nextInt(12) == 0) {
            InMemoryBrick victim = cluster.bricks.get(rnd.nextInt(cluster.bricks.size()));
            if (!victim.isDown()) {
              victim.setDown(true);
              lost++;
            }
          }
        }
        writes.forEach(CompletableFuture::join);
        checks.forEach(Runnable::run);
        if (ec && lost > 0 && rnd.nextInt(8) == 0) {
          cluster.bricks.forEach(b -> b.setDown(false));
          lost = 0;
          if (rnd.nextBoolean()) {
            client.repair().join();
          } else {
            client.close();
            client = cluster.open(VolumeClientConfig.defaults("model-" + seed + "-" + round));
          }
        }
      }
      verifyAll(client, model);
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

  private static void verifyAll(VolumeClient client, byte[] model) {
    ByteBuffer all = ByteBuffer.allocate(model.length);
    client.read(0, all).join();
    assertThat(all.array()).isEqualTo(model);
  }
}
