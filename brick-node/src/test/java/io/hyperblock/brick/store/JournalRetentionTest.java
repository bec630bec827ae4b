package io.hyperblock.brick.store;

import static io.hyperblock.brick.store.TestData.SHARD;
import static io.hyperblock.brick.store.TestData.payload;
import static io.hyperblock.brick.store.TestData.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.core.units.DataSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Change journal retention: daily cycle files deleted by age, never what replay needs. */
@Timeout(60)
class JournalRetentionTest {
  @TempDir Path dir;

  private static final Instant DAY0 = Instant.parse("2026-11-20T10:00:00Z");

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    private Instant now = DAY0;

    void advance(Duration d) {
      now = now.plus(d);
    }

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

  private List<String> cycleFiles(Path journal) throws IOException {
    try (Stream<Path> files = Files.list(journal)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".cq4"))
          .sorted()
          .toList();
    }
  }

  @Test
  void expiredCyclesAreDeletedAtCheckpointsAndOlderChangesAreRefusedAlsoAfterReopen()
      throws IOException {
    ManualClock clock = new ManualClock();
    StoreConfig config =
        StoreConfig.defaults(dir, DataSize.ofBytes(1 << 24))
            .withClock(clock)
            .withJournalRetention(Duration.ofDays(3));
    Path journal = config.journalDirectory();
    try (ExtentShardStore store = ExtentShardStore.open(config)) {
      store.write(SHARD, 0, payload(1, 4096), 1, 1); // day 0
      store.flush();
      clock.advance(Duration.ofDays(1));
      store.write(SHARD, 4096, payload(2, 4096), 1, 2); // day 1
      store.flush();
      assertThat(cycleFiles(journal)).hasSize(2);

      clock.advance(Duration.ofDays(4)); // day 5: days 0 and 1 are older than 3 days
      store.write(SHARD, 8192, payload(3, 4096), 1, 3);
      store.flush(); // persists a checkpoint (the interval passed), which prunes

      assertThat(cycleFiles(journal)).hasSize(1);
      long since = clock.millis() - Duration.ofDays(1).toMillis();
      assertThat(store.changedRangesSince(JournalEntry.NONE, since).ranges())
          .containsEntry(SHARD, List.of(new ByteRange(8192, 4096)));
      long old = DAY0.toEpochMilli();
      assertThatThrownBy(() -> store.changedRangesSince(JournalEntry.NONE, old))
          .isInstanceOf(JournalTruncatedException.class)
          .hasMessageContaining("copy the whole unit");
      // The data itself never depended on the journal.
      assertThat(read(store, SHARD, 0, 4096)).isEqualTo(TestData.bytes(payload(1, 4096)));
    }
    try (ExtentShardStore reopened = ExtentShardStore.open(config)) {
      long old = DAY0.plus(Duration.ofDays(1)).toEpochMilli();
      assertThatThrownBy(() -> reopened.changedRangesSince(JournalEntry.NONE, old))
          .as("the retention bound survives a restart")
          .isInstanceOf(JournalTruncatedException.class);
      assertThat(read(reopened, SHARD, 4096, 4096)).isEqualTo(TestData.bytes(payload(2, 4096)));
    }
  }

  @Test
  void aCycleThatCrashReplayStillNeedsIsKeptUntilTheCheckpointMovesPastIt() throws IOException {
    ManualClock clock = new ManualClock();
    Path journalDir = dir.resolve("journal");
    try (ChangeJournal journal = ChangeJournal.open(journalDir, clock, Duration.ofDays(2))) {
      UUID v = UUID.randomUUID();
      journal.appendVolume(ChangeKind.EPOCH, v, 1); // day 0
      clock.advance(Duration.ofDays(1));
      long day1 = journal.appendVolume(ChangeKind.EPOCH, v, 2); // day 1
      clock.advance(Duration.ofDays(1));
      journal.appendVolume(ChangeKind.EPOCH, v, 3); // day 2
      clock.advance(Duration.ofDays(3));
      long day5 = journal.appendVolume(ChangeKind.EPOCH, v, 4); // day 5
      assertThat(cycleFiles(journalDir)).hasSize(4);

      // Days 0-2 expired, but the persisted checkpoint is on day 1: replay reads from there.
      assertThat(journal.pruneIfDue(day1)).isEqualTo(1);
      assertThat(cycleFiles(journalDir)).hasSize(3);
      assertThat(journal.read(JournalEntry.NONE, 10)).hasSize(3);
      assertThat(journal.pruneIfDue(JournalEntry.NONE)).as("no checkpoint: keep all").isZero();

      // The checkpoint moves on: the held cycles go at the next call.
      assertThat(journal.pruneIfDue(day5)).isEqualTo(2);
      assertThat(cycleFiles(journalDir)).hasSize(1);
      assertThat(journal.read(JournalEntry.NONE, 10))
          .extracting(JournalEntry::index)
          .containsExactly(day5);
      assertThatThrownBy(() -> journal.read(day1, 10))
          .isInstanceOf(JournalTruncatedException.class);
      // Nothing expires twice: a second call in the same period is a no-op.
      assertThat(journal.pruneIfDue(day5)).isZero();
    }
  }

  @Test
  void changesWithinRetentionAreAnsweredFromTheirCyclesOnly() {
    ManualClock clock = new ManualClock();
    StoreConfig config = StoreConfig.defaults(dir, DataSize.ofBytes(1 << 24)).withClock(clock);
    assertThat(config.journalRetention()).isEqualTo(StoreConfig.DEFAULT_JOURNAL_RETENTION);
    try (ExtentShardStore store = ExtentShardStore.open(config)) {
      store.write(SHARD, 0, payload(1, 4096), 1, 1);
      clock.advance(Duration.ofDays(2));
      long since = clock.millis();
      store.write(SHARD, 4096, payload(2, 100), 1, 2);
      clock.advance(Duration.ofDays(1));
      store.write(SHARD, 8192, payload(3, 100), 1, 3);

      assertThat(store.changedRangesSince(JournalEntry.NONE, since).ranges())
          .containsEntry(SHARD, List.of(new ByteRange(4096, 100), new ByteRange(8192, 100)));
      assertThat(store.changedRangesSince(JournalEntry.NONE, 0).ranges())
          .as("nothing pruned yet: everything is known")
          .containsEntry(SHARD, List.of(new ByteRange(0, 4096 + 100), new ByteRange(8192, 100)));
    }
  }
}
