package io.hyperblock.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.client.testing.InMemoryCluster;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.ProtectionPolicy;
import io.hyperblock.core.protection.Replicated;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many requests in flight per volume, no global lock: 32 outstanding 4 KiB writes to bricks that
 * take 50 ms per call complete in a few round trips, far from the 32 x 2 x 50 ms of serial writes
 * (the bound leaves room for a loaded 2-core machine).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConcurrencyTest {

  private static final long LATENCY_MS = 50;

  private static void writeBatch(VolumeClient c, String profile, long base) {
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      // sequential for replicated (disjoint blocks of one region), a row apart for EC
      long off = base + (profile.equals("R3") ? i * 4096L : i * 16384L + 4096);
      writes.add(c.write(off, ByteBuffer.allocateDirect(4096)));
    }
    writes.forEach(CompletableFuture::join);
  }

  @ParameterizedTest
  @ValueSource(strings = {"R3", "EC_4_2"})
  void thirtyTwoOutstandingSmallWritesDoNotSerialize(String profile) {
    ProtectionPolicy policy = profile.equals("R3") ? Replicated.of(3) : ErasureCoded.parse(profile);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    Executor slow = CompletableFuture.delayedExecutor(LATENCY_MS, TimeUnit.MILLISECONDS, pool);
    // 4 KiB units, a row of 16 KiB: the 32 writes below touch 32 different rows.
    try (InMemoryCluster cluster = new InMemoryCluster(policy, 8 << 20, 1 << 20, 4096, slow)) {
      VolumeClient c = cluster.open(VolumeClientConfig.defaults("c"));
      writeBatch(c, profile, 0); // warm-up: class loading and JIT of the codec and the data path
      long start = System.nanoTime();
      writeBatch(c, profile, 1 << 20);
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      // one EC partial write is two brick round trips (read, write); serialized would be 32x that
      assertThat(ms).isLessThan(32 * 2 * LATENCY_MS / 4);
      c.close();
    } finally {
      pool.shutdownNow();
    }
  }
}
