package io.hyperblock.brick.rows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.brick.store.ExtentShardStore;
import io.hyperblock.brick.store.FencedWriteException;
import io.hyperblock.brick.store.ShardKey;
import io.hyperblock.brick.store.ShardStore;
import io.hyperblock.brick.store.StoreConfig;
import io.hyperblock.core.units.DataSize;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** RowStore over a real ExtentShardStore: generations, rollback records, fencing, crash replay. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RowStoreTest {

  private static final UUID VOLUME = UUID.fromString("00000000-0000-0000-0000-00000000000a");
  private static final UnitKey UNIT = new UnitKey(new ShardKey(VOLUME, 3, 1), 2, 4096);

  @TempDir Path dir;

  private ShardStore store() {
    return ExtentShardStore.open(
        StoreConfig.defaults(dir.resolve("store"), DataSize.parse("64MiB")));
  }

  private static ByteBuffer filled(int n, int value) {
    byte[] b = new byte[n];
    java.util.Arrays.fill(b, (byte) value);
    return ByteBuffer.wrap(b);
  }

  private static byte[] read(RowStore rows, int off, int len) {
    ByteBuffer dst = ByteBuffer.allocate(len);
    rows.read(UNIT, off, len, dst);
    return dst.array();
  }

  private static RowMeta write(RowStore rows, int value, long expected, long gen, boolean keep) {
    return rows.write(
        UNIT, 0, filled(4096, value), 1, expected >= 0, expected, gen, new long[] {gen}, 3, keep);
  }

  @Test
  void rollbackRestoresBytesAndMetadataOfUncommittedGenerations() {
    try (ShardStore store = store();
        RowStore rows = RowStore.open(store, dir.resolve("rows"))) {
      write(rows, 1, 0, 10, true);
      rows.commit(UNIT, 10);
      write(rows, 2, 10, 20, true);
      RowMeta meta = write(rows, 3, 20, 30, true);
      assertThat(meta.openGenerations()).containsExactly(20, 30);

      RowMeta back = rows.rollback(UNIT, 20, 1);
      assertThat(back.generation()).isEqualTo(10);
      assertThat(back.vector()).containsExactly(10);
      assertThat(back.openGenerations()).isEmpty();
      assertThat(read(rows, 0, 4096)).containsOnly(1);
    }
  }

  @Test
  void conditionalWriteWithAStaleExpectationChangesNothing() {
    try (ShardStore store = store();
        RowStore rows = RowStore.open(store, dir.resolve("rows"))) {
      write(rows, 1, 0, 10, true);
      assertThatThrownBy(() -> write(rows, 2, 5, 20, true))
          .isInstanceOf(GenerationMismatchException.class);
      assertThat(read(rows, 0, 4096)).containsOnly(1);
    }
  }

  @Test
  void rejectsWritesAndRollbacksWithAStaleFencingEpoch() {
    try (ShardStore store = store();
        RowStore rows = RowStore.open(store, dir.resolve("rows"))) {
      write(rows, 1, 0, 10, true);
      store.observeEpoch(VOLUME, 5);
      assertThatThrownBy(() -> write(rows, 2, 10, 20, true))
          .isInstanceOf(FencedWriteException.class);
      assertThatThrownBy(() -> rows.rollback(UNIT, 10, 1)).isInstanceOf(FencedWriteException.class);
      assertThatThrownBy(() -> rows.markStale(UNIT, 1, 0, 4))
          .isInstanceOf(FencedWriteException.class);
    }
  }

  @Test
  void metadataAndOpenRollbackRecordsSurviveAReopen() {
    try (ShardStore store = store()) {
      try (RowStore rows = RowStore.open(store, dir.resolve("rows"))) {
        write(rows, 1, 0, 10, true);
        rows.commit(UNIT, 10);
        write(rows, 2, 10, 20, true);
        rows.markStale(UNIT, 0b100, 0, 1);
      }
      try (RowStore rows = RowStore.open(store, dir.resolve("rows"))) {
        RowMeta meta = rows.read(UNIT, 0, 0, null);
        assertThat(meta.generation()).isEqualTo(20);
        assertThat(meta.openGenerations()).containsExactly(20);
        assertThat(meta.staleMask()).isEqualTo(0b100);
        assertThat(rows.dirty(VOLUME)).hasSize(1);
        rows.rollback(UNIT, 20, 1);
        assertThat(read(rows, 0, 4096)).containsOnly(1);
      }
    }
  }

  @Test
  void aWriteCutByACrashIsUndoneAtOpen() {
    try (ShardStore store = store()) {
      try (RowStore rows = RowStore.open(store, dir.resolve("rows"))) {
        write(rows, 1, 0, 10, true);
        rows.commit(UNIT, 10);
      }
      // The crash: the intent is journaled and the bytes land, but "applied" never does.
      List<RowRecord> none = new java.util.ArrayList<>();
      try (RowJournal journal = RowJournal.open(dir.resolve("rows"), none)) {
        journal.append(
            new RowRecord.Intent(
                UNIT,
                20,
                new long[] {20},
                3,
                true,
                10,
                new long[] {10},
                0,
                filled(4096, 1).array()));
      }
      store.write(UNIT.shard(), UNIT.shardOffset(), filled(4096, 9), 1, 20);

      try (RowStore rows = RowStore.open(store, dir.resolve("rows"))) {
        assertThat(rows.read(UNIT, 0, 0, null).generation()).isEqualTo(10);
        assertThat(read(rows, 0, 4096)).containsOnly(1);
      }
    }
  }

  @Test
  void aRepairWriteCutByACrashLeavesTheUnitAtAnUnknownGeneration() {
    try (ShardStore store = store()) {
      try (RowStore rows = RowStore.open(store, dir.resolve("rows"))) {
        write(rows, 1, 0, 10, true);
      }
      try (RowJournal journal = RowJournal.open(dir.resolve("rows"), new java.util.ArrayList<>())) {
        journal.append(
            new RowRecord.Intent(
                UNIT, 10, new long[] {10}, 0, false, 10, new long[] {10}, 0, new byte[0]));
      }
      try (RowStore rows = RowStore.open(store, dir.resolve("rows"))) {
        assertThat(rows.read(UNIT, 0, 0, null).generation()).isEqualTo(RowMetaState.UNKNOWN);
        assertThat(rows.dirty(VOLUME)).hasSize(1);
      }
    }
  }

  @Test
  void afterARebootWritesNoFlushCoveredAreUndoneAndTheUnitIsFlaggedReverted() throws Exception {
    try (ShardStore store = store()) {
      RowStore rows = RowStore.open(store, dir.resolve("rows"));
      write(rows, 1, 0, 10, true);
      rows.commit(UNIT, 10);
      rows.flush(); // generation 10 is durable
      write(rows, 2, 10, 20, true);
      rows.commit(UNIT, 20); // acknowledged and committed, but no flush covers it
      // Simulate a power cut: the journal is not closed cleanly and the boot id changes.
      java.lang.reflect.Field f = RowStore.class.getDeclaredField("journal");
      f.setAccessible(true);
      ((RowJournal) f.get(rows)).sync();
      java.nio.file.Files.writeString(dir.resolve("rows/boot-id"), "another-boot");

      try (RowStore again = RowStore.open(store, dir.resolve("rows"))) {
        RowMeta meta = again.read(UNIT, 0, 0, null);
        assertThat(meta.generation()).isEqualTo(10);
        assertThat(meta.staleMask()).isEqualTo(RowStore.REVERTED);
        assertThat(read(again, 0, 4096)).containsOnly(1);
        assertThat(again.dirty(VOLUME)).hasSize(1);
      }
    }
  }

  @Test
  void compactionKeepsTheStateOfEveryUnit() {
    try (ShardStore store = store()) {
      try (RowStore rows = RowStore.open(store, dir.resolve("rows"), 16 << 10)) {
        for (int i = 1; i <= 20; i++) {
          write(rows, i, (i - 1) * 10L, i * 10L, true);
          rows.commit(UNIT, i * 10L - 10);
        }
        assertThat(rows.read(UNIT, 0, 0, null).openGenerations()).containsExactly(200);
      }
      try (RowStore rows = RowStore.open(store, dir.resolve("rows"))) {
        RowMeta meta = rows.read(UNIT, 0, 0, null);
        assertThat(meta.generation()).isEqualTo(200);
        rows.rollback(UNIT, 200, 1);
        assertThat(read(rows, 0, 4096)).containsOnly(19);
      }
    }
  }
}
