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
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class FencingTest {
  @TempDir Path dir;

  @Test
  void rejectsWriteWithStaleFencingEpochAndKeepsTheData() {
    try (ExtentShardStore store = TestData.open(dir)) {
      ByteBuffer current = payload(21, 100);
      store.write(SHARD, 0, current, 5, 1);

      assertThatThrownBy(() -> store.write(SHARD, 0, payload(22, 100), 3, 2))
          .isInstanceOfSatisfying(
              FencedWriteException.class,
              e -> {
                assertThat(e.writeEpoch()).isEqualTo(3);
                assertThat(e.highestEpoch()).isEqualTo(5);
                assertThat(e.volumeId()).isEqualTo(VOLUME);
              })
          .hasMessage(
              "write epoch 3 for volume "
                  + VOLUME
                  + " is older than epoch 5 already seen on this brick;"
                  + " the writer has been fenced");
      assertThat(read(store, SHARD, 0, 100)).isEqualTo(bytes(current));
    }
  }

  @Test
  void higherEpochIsAcceptedAndFencesOlderWriters() {
    try (ExtentShardStore store = TestData.open(dir)) {
      store.write(SHARD, 0, payload(23, 10), 1, 1);
      store.write(SHARD, 0, payload(24, 10), 2, 1);

      assertThat(store.highestEpoch(VOLUME)).isEqualTo(2);
      assertThatThrownBy(() -> store.trim(SHARD, 0, 10, 1))
          .isInstanceOf(FencedWriteException.class);
      assertThatThrownBy(() -> store.deleteVolume(VOLUME, 1))
          .isInstanceOf(FencedWriteException.class);
      assertThat(store.highestEpoch(UUID.randomUUID())).as("unknown volume").isZero();
    }
  }

  @Test
  void observedEpochFencesWritersBeforeTheNewOneWrites() {
    try (ExtentShardStore store = TestData.open(dir)) {
      store.write(SHARD, 0, payload(25, 10), 4, 1);
      store.observeEpoch(VOLUME, 9);
      store.observeEpoch(VOLUME, 6); // lower: ignored

      assertThat(store.highestEpoch(VOLUME)).isEqualTo(9);
      assertThatThrownBy(() -> store.write(SHARD, 0, payload(26, 10), 4, 2))
          .isInstanceOf(FencedWriteException.class)
          .hasMessageContaining("older than epoch 9");
    }
  }

  @Test
  void highestEpochSurvivesReopenWithoutAFlush() {
    ExtentShardStore store = TestData.open(dir);
    store.write(SHARD, 0, payload(27, 10), 7, 1);
    store.crashForTesting();

    try (ExtentShardStore reopened = TestData.open(dir)) {
      assertThat(reopened.highestEpoch(VOLUME)).isEqualTo(7);
      assertThatThrownBy(() -> reopened.write(SHARD, 0, payload(28, 10), 6, 1))
          .isInstanceOf(FencedWriteException.class);
    }
  }

  @Test
  void epochRaisesAreJournaled() {
    try (ExtentShardStore store = TestData.open(dir)) {
      long head = store.journalHead();
      store.observeEpoch(VOLUME, 3);

      assertThat(store.changesSince(head, 10))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.kind()).isEqualTo(ChangeKind.EPOCH);
                assertThat(e.epoch()).isEqualTo(3);
                assertThat(e.volumeId()).isEqualTo(VOLUME);
              });
    }
  }
}
