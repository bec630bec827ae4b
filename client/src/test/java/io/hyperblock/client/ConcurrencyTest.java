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
 * hold every call for 50 ms are all in flight at once (each brick sees many calls outstanding),
 * rather than one after another.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConcurrencyTest {

  // long enough that the 32 writes are all issued within one brick latency even when the issuing
  // thread is descheduled for a while on a loaded machine (50 ms was tight)
  private static final long LATENCY_MS = 250;

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
      cluster.bricks.forEach(b -> b.resetMaxInFlight());
      writeBatch(c, profile, 1 << 20);
      // Serialized writes would keep at most one call (R3) or one unit read/write (EC) in flight
      // per brick; 32 parallel writes keep many. Counted, not timed: the machine may be loaded.
      int most = cluster.bricks.stream().mapToInt(b -> b.maxInFlight()).max().orElseThrow();
      assertThat(most).isGreaterThanOrEqualTo(8);
      c.close();
    } finally {
      pool.shutdownNow();
    }
  }
}
