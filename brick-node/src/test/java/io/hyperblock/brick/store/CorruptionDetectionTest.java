package io.hyperblock.brick.store;

import static io.hyperblock.brick.store.TestData.SHARD;
import static io.hyperblock.brick.store.TestData.VOLUME;
import static io.hyperblock.brick.store.TestData.bytes;
import static io.hyperblock.brick.store.TestData.payload;
import static io.hyperblock.brick.store.TestData.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class CorruptionDetectionTest {
  @TempDir Path dir;

  private final ByteBuffer data = payload(11, 4 * 4096);

  private Path extentFile() {
    return dir.resolve("shards").resolve(VOLUME.toString()).resolve("7-2.ext");
  }

  private void flipByte(long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(extentFile().toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ 0x40);
    }
  }

  @Test
  void flippedByteFailsReadsOfItsBlockOnlyAndReturnsNothing() throws IOException {
    try (ExtentShardStore store = TestData.open(dir)) {
      store.write(SHARD, 0, data, 1, 1);
      store.flush();
    }
    flipByte(2 * 4096 + 17);
    try (ExtentShardStore store = TestData.open(dir)) {
      ByteBuffer dst = ByteBuffer.allocate(4 * 4096);
      assertThatThrownBy(() -> store.read(SHARD, 4000, 3 * 4096, dst))
          .isInstanceOfSatisfying(
              CorruptBlockException.class,
              e -> {
                assertThat(e.blockIndex()).isEqualTo(2);
                assertThat(e.key()).isEqualTo(SHARD);
              })
          .hasMessageContaining("read it from another replica");
      assertThat(dst.position()).as("no bytes returned").isZero();

      byte[] all = bytes(data);
      assertThat(read(store, SHARD, 0, 2 * 4096)).isEqualTo(Arrays.copyOf(all, 2 * 4096));
      assertThat(read(store, SHARD, 3 * 4096, 4096))
          .isEqualTo(Arrays.copyOfRange(all, 3 * 4096, 4 * 4096));
    }
  }

  @Test
  void bytesAppearingInANeverWrittenBlockAreReportedCorrupt() throws IOException {
    try (ExtentShardStore store = TestData.open(dir)) {
      store.write(SHARD, 8 * 4096, payload(12, 10), 1, 1);
    }
    flipByte(4096 + 5); // a hole inside the file: its checksum entry is the zero marker
    try (ExtentShardStore store = TestData.open(dir)) {
      assertThatThrownBy(() -> read(store, SHARD, 4096, 10))
          .isInstanceOf(CorruptBlockException.class);
    }
  }

  @Test
  void partialWriteIntoACorruptBlockIsRefusedButAWholeBlockRewriteRepairsIt() throws IOException {
    try (ExtentShardStore store = TestData.open(dir)) {
      store.write(SHARD, 0, data, 1, 1);
    }
    flipByte(100);
    try (ExtentShardStore store = TestData.open(dir)) {
      assertThatThrownBy(() -> store.write(SHARD, 10, payload(13, 10), 1, 2))
          .isInstanceOf(CorruptBlockException.class);

      ByteBuffer repair = payload(14, 4096);
      store.write(SHARD, 0, repair, 1, 2);
      assertThat(read(store, SHARD, 0, 4096)).isEqualTo(bytes(repair));
    }
  }
}
