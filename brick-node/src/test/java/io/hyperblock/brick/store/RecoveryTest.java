package io.hyperblock.brick.store;

import static io.hyperblock.brick.store.TestData.SHARD;
import static io.hyperblock.brick.store.TestData.VOLUME;
import static io.hyperblock.brick.store.TestData.bytes;
import static io.hyperblock.brick.store.TestData.payload;
import static io.hyperblock.brick.store.TestData.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.core.units.DataSize;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journal replay, driven in-process: a store is abandoned without a flush ({@link
 * ExtentShardStore#crashForTesting()}) after the files were put in the states a kill -9 can leave
 * between the extent write and the checksum write. See docs/adr/0002.
 */
@Timeout(60)
class RecoveryTest {
  @TempDir Path dir;

  private Path checksumFile() {
    return dir.resolve("shards").resolve(VOLUME.toString()).resolve("7-2.crc");
  }

  private Path extentFile() {
    return dir.resolve("shards").resolve(VOLUME.toString()).resolve("7-2.ext");
  }

  @Test
  void dataWrittenButChecksumLostIsRepairedFromTheJournal() throws IOException {
    ByteBuffer flushed = payload(41, 3 * 4096);
    ByteBuffer inFlight = payload(42, 4096 + 10);
    ExtentShardStore store = TestData.open(dir);
    store.write(SHARD, 0, flushed, 1, 1);
    store.flush();
    byte[] checksumsBefore = Files.readAllBytes(checksumFile());
    store.write(SHARD, 4000, inFlight, 1, 2);
    Files.write(checksumFile(), checksumsBefore); // the checksum write never happened
    store.crashForTesting();

    try (ExtentShardStore reopened = TestData.open(dir)) {
      RecoveryReport report = reopened.lastRecovery();
      assertThat(report.replayed()).isTrue();
      assertThat(report.blocksRepaired()).isEqualTo(2);
      assertThat(report.blocksTorn()).isZero();
      byte[] expected = bytes(flushed);
      System.arraycopy(bytes(inFlight), 0, expected, 4000, 4096 + 10);
      assertThat(read(reopened, SHARD, 0, 3 * 4096)).isEqualTo(expected);
      assertThat(reopened.list(VOLUME).getFirst().generation()).isEqualTo(2);
    }
  }

  @Test
  void journaledWriteThatNeverReachedTheExtentLeavesTheOldBytes() throws IOException {
    ByteBuffer flushed = payload(43, 2 * 4096);
    ExtentShardStore store = TestData.open(dir);
    store.write(SHARD, 0, flushed, 1, 1);
    store.flush();
    byte[] extentBefore = Files.readAllBytes(extentFile());
    store.write(SHARD, 0, payload(44, 2 * 4096), 1, 2);
    Files.write(extentFile(), extentBefore); // killed after journaling, before the data write
    store.crashForTesting();

    try (ExtentShardStore reopened = TestData.open(dir)) {
      assertThat(reopened.lastRecovery().blocksTorn()).isZero();
      assertThat(read(reopened, SHARD, 0, 2 * 4096)).isEqualTo(bytes(flushed));
    }
  }

  @Test
  void blockMatchingNoVersionInFlightStaysCorruptInsteadOfBeingBlessed() throws IOException {
    ExtentShardStore store = TestData.open(dir);
    store.write(SHARD, 0, payload(45, 2 * 4096), 1, 1);
    store.flush();
    store.write(SHARD, 4096, payload(46, 4096), 1, 2);
    try (RandomAccessFile f = new RandomAccessFile(extentFile().toFile(), "rw")) {
      f.seek(4096 + 2048);
      f.write(payload(47, 2048).array()); // half old, half garbage: neither version
    }
    store.crashForTesting();

    try (ExtentShardStore reopened = TestData.open(dir)) {
      assertThat(reopened.lastRecovery().blocksTorn()).isEqualTo(1);
      assertThatThrownBy(() -> read(reopened, SHARD, 4096, 4096))
          .isInstanceOf(CorruptBlockException.class);
      assertThat(read(reopened, SHARD, 0, 4096)).isEqualTo(bytes(payload(45, 4096)));
    }
  }

  @Test
  void flushedWritesNeedNoReplayAfterACrash() {
    ExtentShardStore store = TestData.open(dir);
    store.write(SHARD, 0, payload(48, 4096), 1, 1);
    store.flush();
    store.crashForTesting();

    try (ExtentShardStore reopened = TestData.open(dir)) {
      assertThat(reopened.lastRecovery().mutationsReplayed()).isZero();
      assertThat(reopened.lastRecovery().entriesScanned()).isPositive();
    }
  }

  @Test
  void persistedCheckpointBoundsHowMuchJournalTheNextOpenReads() {
    StoreConfig config =
        StoreConfig.defaults(dir, DataSize.ofBytes(1 << 24)).withCheckpointInterval(Duration.ZERO);
    ExtentShardStore store = ExtentShardStore.open(config);
    for (int i = 0; i < 50; i++) {
      store.write(SHARD, i * 100L, payload(49 + i, 100), 1, i);
    }
    store.flush();
    store.write(SHARD, 0, payload(200, 100), 1, 51);
    store.crashForTesting();

    try (ExtentShardStore reopened = ExtentShardStore.open(config)) {
      assertThat(reopened.lastRecovery().mutationsReplayed()).isEqualTo(1);
      assertThat(reopened.lastRecovery().entriesScanned()).isLessThan(5);
      assertThat(read(reopened, SHARD, 0, 100)).isEqualTo(bytes(payload(200, 100)));
    }
  }
}
