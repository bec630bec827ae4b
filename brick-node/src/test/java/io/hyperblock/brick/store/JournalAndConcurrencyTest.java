package io.hyperblock.brick.store;

import static io.hyperblock.brick.store.TestData.SHARD;
import static io.hyperblock.brick.store.TestData.VOLUME;
import static io.hyperblock.brick.store.TestData.bytes;
import static io.hyperblock.brick.store.TestData.payload;
import static io.hyperblock.brick.store.TestData.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class JournalAndConcurrencyTest {
  @TempDir Path dir;

  @Test
  void changesSinceListsEveryMutationWithItsRangeEpochAndClockTime() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-25T08:00:00Z"), ZoneOffset.UTC);
    StoreConfig config =
        StoreConfig.defaults(dir, io.hyperblock.core.units.DataSize.ofBytes(1 << 24))
            .withClock(clock);
    try (ExtentShardStore store = ExtentShardStore.open(config)) {
      long head = store.journalHead();
      store.write(SHARD, 5000, payload(51, 9000), 2, 11);
      store.trim(SHARD, 6000, 100, 2);

      List<JournalEntry> changes =
          store.changesSince(head, 100).stream()
              .filter(e -> e.kind() != ChangeKind.CHECKPOINT)
              .toList();
      assertThat(changes)
          .extracting(JournalEntry::kind, JournalEntry::offset, JournalEntry::length)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(ChangeKind.EPOCH, 0L, 0L),
              org.assertj.core.groups.Tuple.tuple(ChangeKind.WRITE, 5000L, 9000L),
              org.assertj.core.groups.Tuple.tuple(ChangeKind.TRIM, 6000L, 100L));
      JournalEntry write = changes.get(1);
      assertThat(write.key()).isEqualTo(SHARD);
      assertThat(write.generation()).isEqualTo(11);
      assertThat(write.epoch()).isEqualTo(2);
      assertThat(write.timestampMillis()).isEqualTo(clock.millis());
      assertThat(write.newChecksums()).hasSize(3); // blocks 1..3 hold [5000, 14000)
      assertThat(store.changesSince(changes.get(2).index(), 100))
          .allMatch(e -> e.kind() == ChangeKind.CHECKPOINT);
    }
  }

  @Test
  void parallelWritersToDifferentShardsAllLandAndConcurrentFlushesShareSyncs() throws Exception {
    int writers = 8;
    int writesEach = 40;
    CyclicBarrier start = new CyclicBarrier(writers);
    try (ExtentShardStore store = TestData.open(dir);
        ExecutorService pool = Executors.newFixedThreadPool(writers)) {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        ShardKey key = new ShardKey(VOLUME, w, 0);
        int seed = w;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < writesEach; i++) {
                    store.write(key, i * 5000L, payload(seed * 1000 + i, 5000), 1, i);
                    store.flush();
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }

      for (int w = 0; w < writers; w++) {
        for (int i = 0; i < writesEach; i++) {
          assertThat(read(store, new ShardKey(VOLUME, w, 0), i * 5000L, 5000))
              .isEqualTo(bytes(payload(w * 1000 + i, 5000)));
        }
      }
      assertThat(store.syncCount())
          .as("group commit: fewer syncs than the %d flush calls", writers * writesEach)
          .isLessThan(writers * writesEach);
    }
  }

  @Test
  void fuaWriteIsDurableWithoutASeparateFlush() {
    ByteBuffer data = payload(52, 777);
    ExtentShardStore store = TestData.open(dir);
    store.write(SHARD, 0, data, 1, 1, true);
    store.crashForTesting();

    try (ExtentShardStore reopened = TestData.open(dir)) {
      // FUA syncs the shard and the journal but writes no checkpoint: replay checks the write
      // and finds the extent bytes and their checksum already in agreement.
      assertThat(reopened.lastRecovery().blocksRepaired()).isZero();
      assertThat(reopened.lastRecovery().blocksTorn()).isZero();
      assertThat(read(reopened, SHARD, 0, 777)).isEqualTo(bytes(data));
    }
  }

  @Test
  void everyWriteJournalSyncKeepsDataReadableAcrossACrash() {
    StoreConfig config =
        StoreConfig.defaults(dir, io.hyperblock.core.units.DataSize.ofBytes(1 << 24))
            .withJournalSync(StoreConfig.JournalSync.EVERY_WRITE);
    ByteBuffer data = payload(53, 10_000);
    ExtentShardStore store = ExtentShardStore.open(config);
    store.write(SHARD, 3, data, 1, 1);
    store.crashForTesting();

    try (ExtentShardStore reopened = ExtentShardStore.open(config)) {
      assertThat(reopened.lastRecovery().mutationsReplayed()).isEqualTo(1);
      assertThat(read(reopened, SHARD, 3, 10_000)).isEqualTo(bytes(data));
    }
  }
}
