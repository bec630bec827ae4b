package io.hyperblock.brick.store;

import io.hyperblock.core.units.DataSize;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The process {@link ShardStoreCrashIT} kills ({@code args: DIR ROUND}): writes {@link
 * #FLUSHED_WRITES} writes and flushes, prints {@code FLUSHED}, then writes forever without flushing
 * (new ranges, new shards and overwrites of flushed ranges), printing {@code UNFLUSHED <n>} as it
 * goes, until SIGKILL.
 */
public final class CrashWriterMain {
  static final UUID VOLUME = UUID.fromString("00000000-0000-0000-0000-00000000c0de");
  static final int SHARDS = 4;
  static final int FLUSHED_WRITES = 32;
  static final int WRITE_LENGTH = 5000;
  static final int STRIDE = 6000;

  /**
   * The flushed zone that unflushed writes overwrite: writes {@code [0, OVERWRITTEN)} of shard 0.
   */
  static final int OVERWRITTEN = 4;

  private CrashWriterMain() {}

  static ShardKey shard(int s) {
    return new ShardKey(VOLUME, s, 0);
  }

  /**
   * Round r writes its flushed data into its own stripe range, so earlier rounds stay checkable.
   */
  static ShardKey shard(int round, int s) {
    return new ShardKey(VOLUME, round * 100L + s, 0);
  }

  static long flushedSeed(int s, int i) {
    return s * 100_000L + i;
  }

  static long flushedSeed(int round, int s, int i) {
    return round * 10_000_000L + flushedSeed(s, i);
  }

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int round = Integer.parseInt(args[1]);
    ExtentShardStore store =
        ExtentShardStore.open(StoreConfig.defaults(dir, DataSize.ofBytes(1L << 30)));
    for (int s = 0; s < SHARDS; s++) {
      for (int i = 0; i < FLUSHED_WRITES; i++) {
        ByteBuffer data = TestData.payload(flushedSeed(round, s, i), WRITE_LENGTH);
        store.write(shard(round, s), (long) i * STRIDE, data, 1, i);
      }
    }
    store.flush();
    System.out.println("FLUSHED");
    for (long n = 0; ; n++) {
      int s = (int) (n % SHARDS);
      long far = (1L << 20) + (n / SHARDS) * 7001;
      store.write(shard(round, s), far, TestData.payload(-n, 9000), 1, 1000 + n);
      store.write(shard(round, SHARDS + s), (n / SHARDS) * 4096, TestData.payload(n, 4096), 1, n);
      int target = (int) (n % OVERWRITTEN);
      store.write(
          shard(round, 0), (long) target * STRIDE + 123, TestData.payload(7 * n, 4000), 1, n);
      System.out.println("UNFLUSHED " + n);
    }
  }
}
