package io.hyperblock.brick.store;

import static io.hyperblock.brick.store.TestData.SHARD;
import static io.hyperblock.brick.store.TestData.VOLUME;
import static io.hyperblock.brick.store.TestData.bytes;
import static io.hyperblock.brick.store.TestData.payload;
import static io.hyperblock.brick.store.TestData.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ExtentShardStoreTest {
  @TempDir Path dir;

  @Test
  void roundTripsUnalignedWritesThatCrossBlockBoundaries() {
    try (ExtentShardStore store = TestData.open(dir)) {
      ByteBuffer a = payload(1, 10_000);
      ByteBuffer b = payload(2, 3);
      store.write(SHARD, 4_000, a, 1, 1);
      store.write(SHARD, 8_190, b, 1, 2); // inside a, across the 8 KiB boundary

      byte[] expected = new byte[14_000];
      System.arraycopy(bytes(a), 0, expected, 4_000, 10_000);
      System.arraycopy(bytes(b), 0, expected, 8_190, 3);
      assertThat(read(store, SHARD, 0, 14_000)).isEqualTo(expected);
      assertThat(read(store, SHARD, 8_191, 1)).containsExactly(expected[8_191]);
      assertThat(a.position()).as("caller's buffer untouched").isZero();
    }
  }

  @Test
  void readsUnwrittenRangesAndUnknownShardsAsZeros() {
    try (ExtentShardStore store = TestData.open(dir)) {
      store.write(SHARD, 1 << 20, payload(3, 100), 1, 1);

      assertThat(read(store, SHARD, 5_000, 9_000)).containsOnly(0);
      assertThat(read(store, SHARD, (1 << 20) + 100, 50_000)).containsOnly(0);
      assertThat(read(store, new ShardKey(UUID.randomUUID(), 0, 0), 0, 4096)).containsOnly(0);
    }
  }

  @Test
  void keepsDataGenerationAndSizeAcrossCloseAndReopen() {
    ByteBuffer data = payload(4, 20_000);
    try (ExtentShardStore store = TestData.open(dir)) {
      store.write(SHARD, 123, data, 1, 42);
    }
    try (ExtentShardStore store = TestData.open(dir)) {
      assertThat(read(store, SHARD, 123, 20_000)).isEqualTo(bytes(data));
      assertThat(store.list(VOLUME)).containsExactly(new ShardInfo(SHARD, 20_123, 42));
      assertThat(store.lastRecovery().replayed()).as("clean shutdown needs no replay").isFalse();
      assertThat(store.stats().usedBytes()).isEqualTo(5 * 4096);
    }
  }

  @Test
  void trimZerosTheRangeAndReleasesWholeBlocks() {
    try (ExtentShardStore store = TestData.open(dir)) {
      ByteBuffer data = payload(5, 5 * 4096);
      store.write(SHARD, 0, data, 1, 1);
      long usedBefore = store.stats().usedBytes();

      store.trim(SHARD, 100, 3 * 4096, 1); // partial block 0, whole blocks 1 and 2, partial 3

      byte[] expected = bytes(data);
      Arrays.fill(expected, 100, 100 + 3 * 4096, (byte) 0);
      assertThat(read(store, SHARD, 0, 5 * 4096)).isEqualTo(expected);
      assertThat(store.stats().usedBytes()).isEqualTo(usedBefore - 2 * 4096);
    }
  }

  @Test
  void trimReachingTheEndShortensTheShard() {
    try (ExtentShardStore store = TestData.open(dir)) {
      store.write(SHARD, 0, payload(6, 40_000), 1, 1);
      store.trim(SHARD, 10_000, Long.MAX_VALUE / 2, 1);

      assertThat(store.list(VOLUME).getFirst().sizeBytes()).isEqualTo(12_288);
      assertThat(read(store, SHARD, 10_000, 30_000)).containsOnly(0);
      assertThat(store.stats().usedBytes()).isEqualTo(3 * 4096);
    }
  }

  @Test
  void rejectsInvalidRangesWithActionableMessages() {
    try (ExtentShardStore store = TestData.open(dir)) {
      assertThatThrownBy(() -> store.write(SHARD, -1, payload(7, 10), 1, 1))
          .isInstanceOf(InvalidRangeException.class)
          .hasMessageContaining("offset -1 is negative");
      assertThatThrownBy(() -> store.read(SHARD, 0, 9 << 20, ByteBuffer.allocate(9 << 20)))
          .isInstanceOf(InvalidRangeException.class)
          .hasMessageContaining("split the request");
      assertThatThrownBy(() -> store.read(SHARD, 0, 100, ByteBuffer.allocate(10)))
          .isInstanceOf(InvalidRangeException.class)
          .hasMessageContaining("only 10 bytes remaining");
      assertThatThrownBy(() -> new ShardKey(VOLUME, -3, 0))
          .isInstanceOf(InvalidRangeException.class)
          .hasMessageContaining("stripe index -3");
    }
  }

  @Test
  void listsShardsPerVolumeAndCountsThemInStats() {
    UUID other = UUID.randomUUID();
    try (ExtentShardStore store = TestData.open(dir)) {
      store.write(SHARD, 0, payload(8, 10), 1, 3);
      store.write(new ShardKey(other, 0, 0), 0, payload(9, 10), 1, 4);

      assertThat(store.list(VOLUME)).extracting(ShardInfo::key).containsExactly(SHARD);
      assertThat(store.list(null)).hasSize(2);
      assertThat(store.stats().shardCount()).isEqualTo(2);
      assertThat(store.stats().freeBytes()).isEqualTo(store.stats().capacityBytes() - 2 * 4096);
    }
  }

  @Test
  void trimGivesWholeBlocksBackToTheFileSystem() throws Exception {
    Path extent = dir.resolve("shards").resolve(VOLUME.toString()).resolve("7-2.ext");
    try (ExtentShardStore store = TestData.open(dir)) {
      store.write(SHARD, 0, payload(10, 1 << 20), 1, 1);
      store.flush();
      long before = allocatedBytes(extent);

      store.trim(SHARD, 1000, 512 * 1024, 1);
      store.flush();

      assertThat(before - allocatedBytes(extent)).isGreaterThanOrEqualTo(500 * 1024);
      assertThat(read(store, SHARD, 1000, 512 * 1024)).containsOnly(0);
      assertThat(read(store, SHARD, 0, 1000))
          .isEqualTo(Arrays.copyOf(bytes(payload(10, 1000)), 1000));
    }
  }

  /** Bytes the file system has allocated to {@code file} ({@code stat %b} x 512). */
  private static long allocatedBytes(Path file) throws Exception {
    Process p = new ProcessBuilder("stat", "-c", "%b", file.toString()).start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    return Long.parseLong(out.trim()) * 512;
  }

  @Test
  void refusesASecondStoreOnTheSameDirectory() {
    try (ExtentShardStore store = TestData.open(dir)) {
      assertThatThrownBy(() -> TestData.open(dir))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("is already open");
    }
    TestData.open(dir).close(); // released by close
  }
}
