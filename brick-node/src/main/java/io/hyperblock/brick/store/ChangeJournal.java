package io.hyperblock.brick.store;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
 * <p>Appends are serialized by one short lock: Chronicle itself writes one document at a time, and
 * the lock also keeps "the last index appended" meaningful for checkpoints. The lock covers only
 * the in-memory copy into the mapped file, not any disk I/O except {@link #sync()}.
 */
final class ChangeJournal implements AutoCloseable {
  static {
    ChronicleSettings.apply();
  }

  private static final int FORMAT = 1;

  private final SingleChronicleQueue queue;
  private final ExcerptAppender appender;
  private final ReentrantLock lock = new ReentrantLock();
  private final Clock clock;
  private long lastAppended; // guarded by lock

  private ChangeJournal(SingleChronicleQueue queue, Clock clock) {
    this.queue = queue;
    this.clock = clock;
    this.appender = queue.createAppender();
    this.appender.singleThreadedCheckDisabled(true);
    long last = queue.lastIndex();
    this.lastAppended = last < 0 ? JournalEntry.NONE : last;
  }

  static ChangeJournal open(Path directory, Clock clock) {
    SingleChronicleQueue queue =
        SingleChronicleQueueBuilder.binary(directory)
            .rollCycle(RollCycles.FAST_DAILY)
            .blockSize(4L << 20)
            .syncMode(SyncMode.SYNC)
            .build();
    return new ChangeJournal(queue, clock);
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

  private void scan(long afterIndex, Consumer<JournalEntry> sink, int max) {
    try (ExcerptTailer tailer = queue.createTailer()) {
      if (afterIndex == JournalEntry.NONE || !tailer.moveToIndex(afterIndex)) {
        tailer.toStart();
      }
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
