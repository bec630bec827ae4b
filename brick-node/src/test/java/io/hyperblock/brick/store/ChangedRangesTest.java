package io.hyperblock.brick.store;

import static io.hyperblock.brick.store.TestData.SHARD;
import static io.hyperblock.brick.store.TestData.VOLUME;
import static io.hyperblock.brick.store.TestData.payload;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.core.units.DataSize;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ChangedRangesTest {
  @TempDir Path dir;

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-11-25T08:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void foldsWritesAndTrimsIntoMergedRangesPerShard() {
    try (ExtentShardStore store = TestData.open(dir)) {
      long head = store.journalHead();
      store.write(SHARD, 0, payload(70, 100), 1, 1);
      store.write(SHARD, 100, payload(71, 50), 1, 2); // adjacent: merges
      store.write(SHARD, 5000, payload(72, 10), 1, 3);
      store.trim(SHARD, 40, 20, 1); // inside the first range

      ChangedRanges changes = store.changedRangesSince(head, 0);

      assertThat(changes.ranges())
          .containsExactly(
              java.util.Map.entry(SHARD, List.of(new ByteRange(0, 150), new ByteRange(5000, 10))));
      assertThat(changes.throughIndex()).isEqualTo(store.journalHead());
      assertThat(changes.deletedVolumes()).isEmpty();
    }
  }

  @Test
  void onlyChangesAtOrAfterTheGivenTimeCount() {
    ManualClock clock = new ManualClock();
    StoreConfig config = StoreConfig.defaults(dir, DataSize.ofBytes(1 << 24)).withClock(clock);
    try (ExtentShardStore store = ExtentShardStore.open(config)) {
      store.write(SHARD, 0, payload(73, 10), 1, 1);
      clock.now = clock.now.plus(Duration.ofMinutes(5));
      long awaySince = clock.millis();
      store.write(SHARD, 8192, payload(74, 10), 1, 2);

      assertThat(store.changedRangesSince(JournalEntry.NONE, awaySince).ranges().get(SHARD))
          .containsExactly(new ByteRange(8192, 10));
    }
  }

  @Test
  void aDeletedVolumeIsReportedInsteadOfItsRanges() {
    ShardKey other = new ShardKey(UUID.randomUUID(), 0, 0);
    try (ExtentShardStore store = TestData.open(dir)) {
      long head = store.journalHead();
      store.write(SHARD, 0, payload(75, 10), 1, 1);
      store.write(other, 0, payload(76, 10), 1, 1);
      store.deleteVolume(VOLUME, 1);

      ChangedRanges changes = store.changedRangesSince(head, 0);
      assertThat(changes.ranges()).containsOnlyKeys(other);
      assertThat(changes.deletedVolumes()).containsExactly(VOLUME);
    }
  }
}
