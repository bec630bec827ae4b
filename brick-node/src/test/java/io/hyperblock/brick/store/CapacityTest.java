package io.hyperblock.brick.store;

import static io.hyperblock.brick.store.TestData.SHARD;
import static io.hyperblock.brick.store.TestData.VOLUME;
import static io.hyperblock.brick.store.TestData.bytes;
import static io.hyperblock.brick.store.TestData.payload;
import static io.hyperblock.brick.store.TestData.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class CapacityTest {
  private static final long CAPACITY = 16 * 4096;

  @TempDir Path dir;

  @Test
  void writePastCapacityFailsWithDiskFullAndLeavesExistingDataIntact() {
    try (ExtentShardStore store = TestData.open(dir, CAPACITY)) {
      ByteBuffer existing = payload(31, 12 * 4096);
      store.write(SHARD, 0, existing, 1, 1);
      long head = store.journalHead();

      assertThatThrownBy(() -> store.write(SHARD, 12 * 4096, payload(32, 5 * 4096), 1, 2))
          .isInstanceOfSatisfying(
              DiskFullException.class,
              e -> {
                assertThat(e.neededBytes()).isEqualTo(5 * 4096);
                assertThat(e.freeBytes()).isEqualTo(4 * 4096);
              })
          .hasMessageContaining("existing data is intact");

      assertThat(read(store, SHARD, 0, 12 * 4096)).isEqualTo(bytes(existing));
      assertThat(read(store, SHARD, 12 * 4096, 5 * 4096)).containsOnly(0);
      assertThat(store.journalHead()).as("rejected before journaling").isEqualTo(head);
      assertThat(store.stats().usedBytes()).isEqualTo(12 * 4096);
    }
  }

  @Test
  void overwritesOfUsedBlocksNeedNoFreeSpace() {
    try (ExtentShardStore store = TestData.open(dir, CAPACITY)) {
      store.write(SHARD, 0, payload(33, 16 * 4096), 1, 1);
      ByteBuffer overwrite = payload(34, 16 * 4096);
      store.write(SHARD, 0, overwrite, 1, 2);

      assertThat(read(store, SHARD, 0, 16 * 4096)).isEqualTo(bytes(overwrite));
      assertThat(store.stats().freeBytes()).isZero();
    }
  }

  @Test
  void deleteVolumeFreesItsSpaceAndRemovesItsFiles() {
    UUID other = UUID.randomUUID();
    ShardKey kept = new ShardKey(other, 0, 0);
    try (ExtentShardStore store = TestData.open(dir, CAPACITY)) {
      store.write(SHARD, 0, payload(35, 8 * 4096), 1, 1);
      store.write(new ShardKey(VOLUME, 8, 0), 0, payload(36, 4 * 4096), 1, 1);
      ByteBuffer keptData = payload(37, 4096);
      store.write(kept, 0, keptData, 1, 1);

      store.deleteVolume(VOLUME, 1);

      assertThat(store.stats().usedBytes()).isEqualTo(4096);
      assertThat(store.list(null)).extracting(ShardInfo::key).containsExactly(kept);
      assertThat(Files.exists(dir.resolve("shards").resolve(VOLUME.toString()))).isFalse();
      assertThat(read(store, SHARD, 0, 4096)).containsOnly(0);
      assertThat(read(store, kept, 0, 4096)).isEqualTo(bytes(keptData));
      store.write(SHARD, 0, payload(38, 15 * 4096), 1, 2); // the freed space is usable again
    }
    try (ExtentShardStore store = TestData.open(dir, CAPACITY)) {
      assertThat(store.stats().usedBytes()).as("recounted on open").isEqualTo(16 * 4096);
    }
  }

  @Test
  void flushAndCloseAfterDeletingAVolumeSucceed() {
    try (ExtentShardStore store = TestData.open(dir, CAPACITY)) {
      store.write(SHARD, 0, payload(39, 4096), 1, 1);
      store.deleteVolume(VOLUME, 1);

      store.flush();
      assertThat(store.stats().usedBytes()).isZero();
    }
    try (ExtentShardStore store = TestData.open(dir, CAPACITY)) {
      assertThat(store.list(null)).isEmpty();
    }
  }
}
