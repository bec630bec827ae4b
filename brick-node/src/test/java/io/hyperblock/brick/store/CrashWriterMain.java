package io.hyperblock.brick.store;

import io.hyperblock.core.units.DataSize;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The process {@link ShardStoreCrashIT} kills: writes {@link #FLUSHED_WRITES} writes and flushes,
 * prints {@code FLUSHED}, then writes forever without flushing (new ranges, new shards and
 * overwrites of flushed ranges), printing {@code UNFLUSHED <n>} as it goes, until SIGKILL.
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

  static long flushedSeed(int s, int i) {
    return s * 100_000L + i;
  }

  public static void main(String[] args) {
    ExtentShardStore store =
        ExtentShardStore.open(StoreConfig.defaults(Path.of(args[0]), DataSize.ofBytes(1L << 30)));
    for (int s = 0; s < SHARDS; s++) {
      for (int i = 0; i < FLUSHED_WRITES; i++) {
        store.write(
            shard(s), (long) i * STRIDE, TestData.payload(flushedSeed(s, i), WRITE_LENGTH), 1, i);
      }
    }
    store.flush();
    System.out.println("FLUSHED");
    for (long n = 0; ; n++) {
      int s = (int) (n % SHARDS);
      long far = (1L << 20) + (n / SHARDS) * 7001;
      store.write(shard(s), far, TestData.payload(-n, 9000), 1, 1000 + n);
      store.write(shard(SHARDS + s), (n / SHARDS) * 4096, TestData.payload(n, 4096), 1, n);
      int target = (int) (n % OVERWRITTEN);
      store.write(shard(0), (long) target * STRIDE + 123, TestData.payload(7 * n, 4000), 1, n);
      System.out.println("UNFLUSHED " + n);
    }
  }
}
