package io.hyperblock.brick.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The change journal: a Chronicle Queue of small binary records, rolled daily, synced only when
 * asked ({@link #sync()}, group-committed by the store's flush).
 *
 * <p><b>Retention.</b> Cycles (one file per day of the injected clock, which also stamps the
 * records) are deleted by {@link #pruneIfDue}, which the store calls whenever it persists a
 * checkpoint (so at open and within a checkpoint interval of each roll): a cycle goes once every
 * record in it is older than the retention, never the cycle holding the checkpoint that crash
 * replay starts from nor any later one, and never the cycle being appended to. The start of the
 * oldest kept cycle is persisted ({@value #PRUNED_BEFORE}) so that a question about older changes
 * fails with {@link JournalTruncatedException} instead of returning too little, also after a
 * restart.
 *
 * <p>Appends are serialized by one short lock: Chronicle itself writes one document at a time, and
 * the lock also keeps "the last index appended" meaningful for checkpoints. The lock covers only
 * the in-memory copy into the mapped file, not any disk I/O except {@link #sync()}.
 */
final class ChangeJournal implements AutoCloseable {
  static {
    ChronicleSettings.apply();
  }

  private static final int FORMAT = 1;

  /** File in the journal directory: epoch millis before which records may have been deleted. */
  static final String PRUNED_BEFORE = "pruned-before";

  private static final long PICK_SLACK_MILLIS = 60_000;

  private final SingleChronicleQueue queue;
  private final ExcerptAppender appender;
  private final ReentrantLock lock = new ReentrantLock();
  private final Clock clock;
  private final Path directory;
  private final Duration retention;
  private final DateTimeFormatter cycleNames;
  private long lastAppended; // guarded by lock
  private volatile long prunedBeforeMillis; // 0: nothing was ever deleted
  private int lastExpiredBelow = Integer.MIN_VALUE; // guarded by lock
  private boolean heldByReplay; // guarded by lock: the last prune kept expired cycles for replay

  private ChangeJournal(SingleChronicleQueue queue, Clock clock, Path directory, Duration retention)
      throws IOException {
    this.queue = queue;
    this.clock = clock;
    this.directory = directory;
    this.retention = retention;
    this.cycleNames =
        DateTimeFormatter.ofPattern(queue.rollCycle().format()).withZone(ZoneOffset.UTC);
    Path marker = directory.resolve(PRUNED_BEFORE);
    this.prunedBeforeMillis =
        Files.exists(marker)
            ? Long.parseLong(Files.readString(marker, StandardCharsets.US_ASCII).strip())
            : 0;
    this.appender = queue.createAppender();
    this.appender.singleThreadedCheckDisabled(true);
    long last = queue.lastIndex();
    this.lastAppended = last < 0 ? JournalEntry.NONE : last;
  }

  static ChangeJournal open(Path directory, Clock clock) {
    return open(directory, clock, StoreConfig.DEFAULT_JOURNAL_RETENTION);
  }

  /**
   * Opens the journal in {@code directory}. {@code clock} stamps the records and picks the daily
   * cycle they go to, so records and cycle files agree on time (and tests can move it).
   */
  static ChangeJournal open(Path directory, Clock clock, Duration retention) {
    SingleChronicleQueue queue =
        SingleChronicleQueueBuilder.binary(directory)
            .rollCycle(RollCycles.FAST_DAILY)
            .timeProvider(clock::millis)
            .blockSize(4L << 20)
            .syncMode(SyncMode.SYNC)
            .build();
    try {
      return new ChangeJournal(queue, clock, directory, retention);
    } catch (IOException | RuntimeException e) {
      queue.close();
      throw new StoreException(
          "cannot open the change journal in " + directory + ": " + e + "; is it ours?", e);
    }
  }

  /** Appends a WRITE or TRIM record; returns its index. */
  long appendMutation(
      ChangeKind kind,
      ShardKey key,
      long offset,
      long length,
      long generation,
      long epoch,
      int[] oldChecksums,
      int[] newChecksums) {
    lock.lock();
    try {
      try (DocumentContext dc = appender.writingDocument()) {
        Bytes<?> b = dc.wire().bytes();
        header(b, kind, key.volumeId(), epoch);
        b.writeLong(key.stripeIndex()).writeInt(key.shardIndex());
        b.writeLong(offset).writeLong(length).writeLong(generation);
        b.writeInt(oldChecksums.length);
        for (int i = 0; i < oldChecksums.length; i++) {
          b.writeInt(oldChecksums[i]).writeInt(newChecksums[i]);
        }
      }
      lastAppended = appender.lastIndexAppended();
      return lastAppended;
    } finally {
      lock.unlock();
    }
  }

  /** Appends a DELETE_VOLUME or EPOCH record; returns its index. */
  long appendVolume(ChangeKind kind, UUID volumeId, long epoch) {
    lock.lock();
    try {
      try (DocumentContext dc = appender.writingDocument()) {
        header(dc.wire().bytes(), kind, volumeId, epoch);
      }
      lastAppended = appender.lastIndexAppended();
      return lastAppended;
    } finally {
      lock.unlock();
    }
  }

  /** Appends a CHECKPOINT covering every entry up to {@code coveredIndex}. */
  void appendCheckpoint(long coveredIndex) {
    lock.lock();
    try {
      try (DocumentContext dc = appender.writingDocument()) {
        Bytes<?> b = dc.wire().bytes();
        header(b, ChangeKind.CHECKPOINT, new UUID(0, 0), 0);
        b.writeLong(coveredIndex);
      }
      lastAppended = appender.lastIndexAppended();
    } finally {
      lock.unlock();
    }
  }

  private void header(Bytes<?> b, ChangeKind kind, UUID volumeId, long epoch) {
    b.writeByte((byte) FORMAT).writeByte((byte) kind.ordinal());
    b.writeLong(clock.millis());
    b.writeLong(volumeId.getMostSignificantBits()).writeLong(volumeId.getLeastSignificantBits());
    b.writeLong(epoch);
  }

  /** Index of the last entry, or {@link JournalEntry#NONE}. */
  long lastIndex() {
    lock.lock();
    try {
      return lastAppended;
    } finally {
      lock.unlock();
    }
  }

  /** Makes every appended entry durable (msync). */
  void sync() {
    lock.lock();
    try {
      appender.sync();
    } finally {
      lock.unlock();
    }
  }

  /** Entries after {@code afterIndex}, oldest first, at most {@code max}. */
  List<JournalEntry> read(long afterIndex, int max) {
    List<JournalEntry> out = new ArrayList<>();
    scan(afterIndex, e -> out.add(e), max);
    return out;
  }

  /** Calls {@code sink} for every entry after {@code afterIndex}, oldest first. */
  void forEach(long afterIndex, Consumer<JournalEntry> sink) {
    scan(afterIndex, sink, Integer.MAX_VALUE);
  }

  /**
   * Calls {@code sink} for every entry after {@code afterIndex} stamped at or after {@code
   * sinceMillis}, oldest first. With {@link JournalEntry#NONE} the scan starts at the cycle of
   * {@code sinceMillis} (one earlier, for a record stamped just after its cycle was picked), not at
   * the oldest kept cycle.
   *
   * @throws JournalTruncatedException the span starts before what retention kept
   */
  void forEachSince(long afterIndex, long sinceMillis, Consumer<JournalEntry> sink) {
    Consumer<JournalEntry> recent =
        e -> {
          if (e.timestampMillis() >= sinceMillis) {
            sink.accept(e);
          }
        };
    if (afterIndex != JournalEntry.NONE) {
      scan(afterIndex, recent, Integer.MAX_VALUE);
      return;
    }
    long prunedBefore = prunedBeforeMillis;
    if (sinceMillis < prunedBefore) {
      throw new JournalTruncatedException(
          "the change journal keeps records from "
              + Instant.ofEpochMilli(prunedBefore)
              + " on (retention "
              + retention
              + "); changes since "
              + Instant.ofEpochMilli(sinceMillis)
              + " are no longer known: copy the whole unit");
    }
    int first = queue.firstCycle();
    int last = queue.lastCycle();
    if (first > last || last < 0) {
      return; // empty journal
    }
    int from = cycleAt(sinceMillis) - 1;
    // Both bounds must be existing cycles; the set is small (one entry per retained day).
    NavigableSet<Long> cycles =
        new TreeSet<>(queue.listCyclesBetween(first, last)).tailSet((long) from, true);
    if (cycles.isEmpty()) {
      return;
    }
    try (ExcerptTailer tailer = queue.createTailer()) {
      if (!tailer.moveToCycle(cycles.first().intValue())) {
        tailer.toStart();
      }
      drain(tailer, JournalEntry.NONE, recent, Integer.MAX_VALUE);
    }
  }

  private void scan(long afterIndex, Consumer<JournalEntry> sink, int max) {
    try (ExcerptTailer tailer = queue.createTailer()) {
      if (afterIndex == JournalEntry.NONE || !tailer.moveToIndex(afterIndex)) {
        if (afterIndex != JournalEntry.NONE
            && prunedBeforeMillis > 0
            && queue.rollCycle().toCycle(afterIndex) < queue.firstCycle()) {
          throw new JournalTruncatedException(
              "journal index "
                  + afterIndex
                  + " is in a cycle that retention ("
                  + retention
                  + ") deleted; the changes after it are no longer known");
        }
        tailer.toStart();
      }
      drain(tailer, afterIndex, sink, max);
    }
  }

  private static void drain(
      ExcerptTailer tailer, long afterIndex, Consumer<JournalEntry> sink, int max) {
    int seen = 0;
    while (seen < max) {
      try (DocumentContext dc = tailer.readingDocument()) {
        if (!dc.isPresent()) {
          return;
        }
        if (dc.isMetaData() || dc.index() <= afterIndex) {
          continue;
        }
        sink.accept(JournalCodec.decode(dc.index(), dc.wire().bytes()));
        seen++;
      }
    }
  }

  /** The daily cycle that the injected clock's {@code millis} falls in. */
  private int cycleAt(long millis) {
    return queue.cycle(() -> millis);
  }

  /**
   * Deletes the cycles retention no longer keeps, if anything may have expired since the last call
   * (cheap otherwise: the store calls it at every checkpoint it persists).
   *
   * @param replayFrom the checkpoint index the next open replays after ({@link JournalEntry#NONE}
   *     for none: then nothing is deleted); its cycle and every later one are kept
   * @return how many cycle files were deleted
   */
  int pruneIfDue(long replayFrom) {
    lock.lock();
    try {
      int expiredBelow = cycleAt(clock.millis() - retention.toMillis());
      if (expiredBelow == lastExpiredBelow && !heldByReplay) {
        return 0;
      }
      lastExpiredBelow = expiredBelow;
      return prune(expiredBelow, replayFrom);
    } finally {
      lock.unlock();
    }
  }

  /** Deletes every cycle below {@code expiredBelow} that replay and the appender do not need. */
  private int prune(int expiredBelow, long replayFrom) {
    int first = queue.firstCycle();
    int last = queue.lastCycle();
    if (first > last || last < 0) {
      heldByReplay = false;
      return 0; // empty journal
    }
    if (replayFrom == JournalEntry.NONE || replayFrom < 0) {
      heldByReplay = true; // where replay starts is unknown: keep everything, ask again next time
      return 0;
    }
    int replayCycle = queue.rollCycle().toCycle(replayFrom);
    int keepFrom = Math.min(expiredBelow, Math.min(replayCycle, last));
    heldByReplay = replayCycle < expiredBelow && replayCycle < last;
    if (keepFrom <= first) {
      return 0;
    }
    int deleted = 0;
    int newest = Integer.MIN_VALUE;
    for (long c : queue.listCyclesBetween(first, last)) {
      int cycle = (int) c;
      if (cycle >= keepFrom) {
        continue;
      }
      Path file = directory.resolve(cycleNames.format(cycleStart(cycle)) + ".cq4");
      try {
        if (Files.deleteIfExists(file)) {
          deleted++;
          newest = Math.max(newest, cycle);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete expired journal cycle " + file, e);
      }
    }
    if (deleted > 0) {
      queue.refreshDirectoryListing();
      // A record is stamped just after its cycle is picked, so the last deleted cycle may hold
      // records stamped a moment into the next one: a minute of slack covers that.
      markPrunedBefore(cycleStart(newest + 1).toEpochMilli() + PICK_SLACK_MILLIS);
    }
    return deleted;
  }

  /** When the cycle starts (FAST_DAILY cycles are days since the epoch, UTC). */
  private Instant cycleStart(int cycle) {
    return Instant.ofEpochMilli((long) cycle * queue.rollCycle().lengthInMillis());
  }

  private void markPrunedBefore(long millis) {
    if (millis <= prunedBeforeMillis) {
      return;
    }
    Path marker = directory.resolve(PRUNED_BEFORE);
    Path tmp = directory.resolve(PRUNED_BEFORE + ".tmp");
    try {
      Files.writeString(tmp, Long.toString(millis), StandardCharsets.US_ASCII);
      Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the journal retention in " + marker, e);
    }
    prunedBeforeMillis = millis;
  }

  /** Epoch millis before which records may have been deleted; 0 if none ever were. */
  long prunedBeforeMillis() {
    return prunedBeforeMillis;
  }

  @Override
  public void close() {
    lock.lock();
    try {
      appender.close();
      queue.close();
    } finally {
      lock.unlock();
    }
  }
}
