package io.hyperblock.brick.store;

import io.hyperblock.core.units.DataSize;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * A rough throughput harness for the store (not a test): {@code java <brick.jvmArgs> -cp <test
 * classpath> io.hyperblock.brick.store.StoreThroughputMain DIR [seconds]}. Prints one line per
 * scenario.
 */
public final class StoreThroughputMain {
  private static final UUID VOLUME = UUID.randomUUID();
  private static final int SHARDS = 16;
  private static final long SPAN = 64L << 20;

  private StoreThroughputMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args[0]));
    long seconds = args.length > 1 ? Long.parseLong(args[1]) : 3;
    try (ExtentShardStore store =
        ExtentShardStore.open(StoreConfig.defaults(dir, DataSize.ofBytes(64L << 30)))) {
      ByteBuffer block = TestData.payload(1, 4096);
      ByteBuffer big = TestData.payload(2, 1 << 20);
      run(
          "4 KiB random writes, no flush, 4 threads",
          4,
          seconds,
          store,
          (r, n) -> store.write(shard(r), offset(r), block.duplicate(), 1, n));
      long syncs = store.syncCount();
      run(
          "4 KiB random writes + FUA each, 8 threads",
          8,
          seconds,
          store,
          (r, n) -> store.write(shard(r), offset(r), block.duplicate(), 1, n, true));
      syncs = store.syncCount();
      run(
          "4 KiB random writes + flush() each, 8 threads",
          8,
          seconds,
          store,
          (r, n) -> {
            store.write(shard(r), offset(r), block.duplicate(), 1, n);
            store.flush();
          });
      System.out.printf("  (group-committed syncs in that run: %d)%n", store.syncCount() - syncs);
      run(
          "1 MiB sequential writes, 1 thread (MiB/s = ops/s)",
          1,
          seconds,
          store,
          (r, n) ->
              store.write(new ShardKey(VOLUME, 999, 0), (n % 512) << 20, big.duplicate(), 1, n));
      store.flush();
      ByteBuffer dst = ByteBuffer.allocate(4096);
      run(
          "4 KiB random reads (page cache), 4 threads",
          4,
          seconds,
          store,
          (r, n) -> store.read(shard(r), offset(r), 4096, ByteBuffer.allocate(4096)));
      dst.clear();
    }
  }

  private static ShardKey shard(SplittableRandom r) {
    return new ShardKey(VOLUME, r.nextInt(SHARDS), 0);
  }

  private static long offset(SplittableRandom r) {
    return r.nextLong(SPAN / 4096) * 4096;
  }

  private static void run(
      String name,
      int threads,
      long seconds,
      ExtentShardStore store,
      BiConsumer<SplittableRandom, Long> op)
      throws Exception {
    LongAdder ops = new LongAdder();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      Future<?>[] done = new Future<?>[threads];
      for (int t = 0; t < threads; t++) {
        SplittableRandom r = new SplittableRandom(t);
        done[t] =
            pool.submit(
                () -> {
                  for (long n = 0; System.nanoTime() < deadline; n++) {
                    op.accept(r, n);
                    ops.increment();
                  }
                });
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    System.out.printf("%-52s %,10.0f ops/s%n", name, ops.sum() / (double) seconds);
  }
}
