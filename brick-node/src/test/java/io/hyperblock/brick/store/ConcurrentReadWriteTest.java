package io.hyperblock.brick.store;

import static io.hyperblock.brick.store.TestData.SHARD;
import static io.hyperblock.brick.store.TestData.payload;
import static io.hyperblock.brick.store.TestData.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ConcurrentReadWriteTest {
  private static final int VERSIONS = 4;
  private static final int LENGTH = 3 * 4096 + 100;

  @TempDir Path dir;

  @Test
  void readsDuringOverwritesSeeOneWholeVersionAndNeverCorrupt() throws Exception {
    List<byte[]> versions = new ArrayList<>();
    for (int v = 0; v < VERSIONS; v++) {
      versions.add(payload(60 + v, LENGTH).array());
    }
    try (ExtentShardStore store = TestData.open(dir);
        ExecutorService pool = Executors.newFixedThreadPool(3)) {
      store.write(SHARD, 1000, payload(60, LENGTH), 1, 0);
      AtomicBoolean stop = new AtomicBoolean();
      Future<?> writer =
          pool.submit(
              () -> {
                for (int i = 1; i <= 300; i++) {
                  store.write(SHARD, 1000, payload(60 + i % VERSIONS, LENGTH), 1, i);
                }
                stop.set(true);
              });
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(
            pool.submit(
                () -> {
                  int reads = 0;
                  while (!stop.get()) {
                    byte[] got = read(store, SHARD, 1000, LENGTH);
                    assertThat(versions).anySatisfy(v -> assertThat(got).isEqualTo(v));
                    reads++;
                  }
                  return reads;
                }));
      }
      writer.get();
      for (Future<Integer> reader : readers) {
        assertThat(reader.get()).isPositive();
      }
    }
  }
}
