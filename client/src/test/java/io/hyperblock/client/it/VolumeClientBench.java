package io.hyperblock.client.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hyperblock.client.VolumeClient;
import io.hyperblock.client.VolumeClientConfig;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.ProtectionPolicy;
import io.hyperblock.core.protection.Replicated;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end harness (not a test; skipped unless {@code -Dhb.bench=true}): the volume client
 * against real in-process bricks (stores in a temp directory, gRPC on 127.0.0.1), per policy:
 * sequential 1 MiB writes and reads at queue depth 8, random 4 KiB writes and reads at queue depth
 * 32, each for {@code hb.bench.seconds} (default 3). Results are printed and written to {@code
 * target*}/volume-client-bench.md. Run:
 *
 * <pre>
 * ./mvnw -B -q -Dhb.buildSuffix=-bench -pl client verify -Dtest=None -Dit.test=VolumeClientBench \
 *   -Dhb.bench=true -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class VolumeClientBench {

  private static final long SIZE = 256L << 20;
  private static final long CHUNK = 64L << 20;

  @TempDir Path dir;

  private record Result(String policy, String workload, double opsPerSec, double mbPerSec) {}

  @Test
  void measure() throws Exception {
    assumeTrue(Boolean.getBoolean("hb.bench"), "benchmark harness; run with -Dhb.bench=true");
    int seconds = Integer.getInteger("hb.bench.seconds", 3);
    Map<String, ProtectionPolicy> policies =
        new java.util.LinkedHashMap<>(
            Map.of(
                "R1",
                new Replicated(1, 1, 1),
                "R3 (wq2 rq1)",
                Replicated.of(3),
                "EC 4+2 (64 KiB unit)",
                ErasureCoded.EC_4_2,
                "EC 8+3 (64 KiB unit)",
                ErasureCoded.EC_8_3));
    List<Result> results = new ArrayList<>();
    String only = System.getProperty("hb.bench.policies", "");
    for (String name :
        List.of("R1", "R3 (wq2 rq1)", "EC 4+2 (64 KiB unit)", "EC 8+3 (64 KiB unit)")) {
      if (!name.startsWith(only)) {
        continue;
      }
      try (LocalCluster cluster =
          new LocalCluster(
              policies.get(name),
              SIZE,
              CHUNK,
              64 << 10,
              dir.resolve(UUID.randomUUID().toString()))) {
        VolumeClient c = cluster.open(VolumeClientConfig.defaults("bench"));
        // unmeasured warm-up: class loading and JIT of the data path
        run(new ArrayList<>(), name, "warm-up", c, 1, 32, 4096, true, true, SIZE);
        long filled =
            run(results, name, "seq write 1 MiB QD8", c, seconds, 8, 1 << 20, true, false, SIZE);
        c.flush().join();
        run(results, name, "rand write 4 KiB QD32", c, seconds, 32, 4096, true, true, filled);
        run(results, name, "rand read 4 KiB QD32", c, seconds, 32, 4096, false, true, filled);
        run(results, name, "seq read 1 MiB QD8", c, seconds, 8, 1 << 20, false, false, filled);
        c.close();
      }
    }
    StringBuilder md =
        new StringBuilder("| policy | workload | IOPS | MB/s |\n|---|---|---:|---:|\n");
    for (Result r : results) {
      md.append(
          String.format(
              "| %s | %s | %.0f | %.1f |%n",
              r.policy(), r.workload(), r.opsPerSec(), r.mbPerSec()));
    }
    System.out.println(md);
    Files.writeString(
        Path.of("target" + System.getProperty("hb.buildSuffix", "") + "/volume-client-bench.md"),
        md,
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING);
  }

  /** Runs one workload; returns the bytes covered by a sequential pass (for later phases). */
  private static long run(
      List<Result> out,
      String policy,
      String workload,
      VolumeClient c,
      int seconds,
      int depth,
      int size,
      boolean write,
      boolean random,
      long span) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    AtomicLong ops = new AtomicLong();
    AtomicLong cursor = new AtomicLong();
    List<CompletableFuture<Void>> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int w = 0; w < depth; w++) {
      ByteBuffer buf = ByteBuffer.allocateDirect(size);
      SplittableRandom rnd = new SplittableRandom(w);
      workers.add(
          CompletableFuture.supplyAsync(() -> (Void) null)
              .thenCompose(x -> loop(c, buf, rnd, deadline, ops, cursor, write, random, span)));
    }
    workers.forEach(CompletableFuture::join);
    double secs = (System.nanoTime() - start) / 1e9;
    double iops = ops.get() / secs;
    out.add(new Result(policy, workload, iops, iops * size / 1e6));
    return Math.min(span, Math.max(cursor.get() * size, size));
  }

  private static CompletableFuture<Void> loop(
      VolumeClient c,
      ByteBuffer buf,
      SplittableRandom rnd,
      long deadline,
      AtomicLong ops,
      AtomicLong cursor,
      boolean write,
      boolean random,
      long span) {
    if (System.nanoTime() > deadline) {
      return CompletableFuture.completedFuture(null);
    }
    int size = buf.capacity();
    long slots = Math.max(1, span / size);
    long slot = random ? rnd.nextLong(slots) : cursor.getAndIncrement() % slots;
    CompletableFuture<Void> op =
        write
            ? c.write(slot * size, buf.duplicate())
            : c.read(slot * size, buf.duplicate().clear());
    return op.thenCompose(
        v -> {
          ops.incrementAndGet();
          return loop(c, buf, rnd, deadline, ops, cursor, write, random, span);
        });
  }
}
