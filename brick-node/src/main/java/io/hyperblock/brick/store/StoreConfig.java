package io.hyperblock.brick.store;

import io.hyperblock.core.units.DataSize;
import io.hyperblock.core.units.DurationParser;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Every setting of a shard store, in one place.
 *
 * @param directory data directory; extent files live under {@code directory/shards}. Created if
 *     missing.
 * @param journalDirectory directory of the Chronicle Queue change journal (default {@code
 *     directory/journal}). Put it on a file system that cannot fill up before the data one:
 *     Chronicle writes through memory-mapped files, and a full file system there kills the JVM.
 * @param capacityBytes the most bytes of non-zero blocks the store will hold; a write that would
 *     exceed it fails with {@link DiskFullException}. Keep it below the file system's free space.
 * @param maxIoBytes largest single read, write or trim chunk (default 8 MiB): it bounds the
 *     per-request buffers and journal record size (8 bytes per 4 KiB block).
 * @param journalSync when the journal is made durable
 * @param clock stamps journal records (delta resync asks for changes since a time) and paces
 *     checkpoints
 * @param checkpointInterval how often a flush also persists the checkpoint file (one extra fsync):
 *     bounds how much journal the next open replays after a crash (default 1 minute)
 * @param journalRetention how long the change journal keeps its records (default 7 days, or the JVM
 *     property {@value #JOURNAL_RETENTION_PROPERTY}, e.g. {@code 3d}): a daily cycle file whose
 *     every record is older is deleted when the journal rolls and at open, unless journal replay
 *     after a crash still needs it. Delta resync of a brick away for longer than this falls back to
 *     a full copy ({@link JournalTruncatedException})
 */
public record StoreConfig(
    Path directory,
    Path journalDirectory,
    long capacityBytes,
    int maxIoBytes,
    JournalSync journalSync,
    Clock clock,
    Duration checkpointInterval,
    Duration journalRetention) {

  /** Default largest single I/O: 8 MiB, above any gRPC message the brick server accepts. */
  public static final int DEFAULT_MAX_IO_BYTES = 8 << 20;

  /** Default checkpoint file interval. */
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofMinutes(1);

  /** Default change journal retention: 7 days. */
  public static final Duration DEFAULT_JOURNAL_RETENTION = Duration.ofDays(7);

  /** JVM property overriding the default journal retention (e.g. {@code 3d}, {@code 36h}). */
  public static final String JOURNAL_RETENTION_PROPERTY = "hyperblock.journal.retention";

  /** When the change journal is synced to disk. */
  public enum JournalSync {
    /**
     * Only at {@link ShardStore#flush()} (group commit). Survives kill -9 fully; after a power loss
     * a block overwritten since the last flush may read as CORRUPT (never as wrong data).
     */
    ON_FLUSH,
    /** Every mutation syncs its record first (about 1 ms each): closes the power-loss window. */
    EVERY_WRITE
  }

  public StoreConfig {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(journalDirectory, "journalDirectory");
    Objects.requireNonNull(journalSync, "journalSync");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    Objects.requireNonNull(journalRetention, "journalRetention");
    if (journalRetention.compareTo(Duration.ofHours(1)) < 0) {
      throw new IllegalArgumentException(
          "journal retention "
              + journalRetention
              + " is below the minimum of 1 hour: delta resync of a brick back after a short"
              + " outage reads the journal of that time");
    }
    if (capacityBytes < Blocks.SIZE) {
      // Below one block the store could hold nothing at all.
      throw new IllegalArgumentException(
          "store capacity " + capacityBytes + " B is below the minimum of one 4 KiB block");
    }
    if (maxIoBytes < Blocks.SIZE || maxIoBytes % Blocks.SIZE != 0) {
      throw new IllegalArgumentException(
          "max I/O size " + maxIoBytes + " B must be a positive multiple of 4096");
    }
  }

  /** As the canonical constructor, with the default journal retention. */
  public StoreConfig(
      Path directory,
      Path journalDirectory,
      long capacityBytes,
      int maxIoBytes,
      JournalSync journalSync,
      Clock clock,
      Duration checkpointInterval) {
    this(
        directory,
        journalDirectory,
        capacityBytes,
        maxIoBytes,
        journalSync,
        clock,
        checkpointInterval,
        defaultJournalRetention());
  }

  /**
   * {@link #DEFAULT_JOURNAL_RETENTION}, or the JVM property {@value #JOURNAL_RETENTION_PROPERTY}
   * when set.
   */
  public static Duration defaultJournalRetention() {
    String v = System.getProperty(JOURNAL_RETENTION_PROPERTY);
    return v == null || v.isBlank() ? DEFAULT_JOURNAL_RETENTION : DurationParser.parse(v.strip());
  }

  /** As the canonical constructor, with the default checkpoint interval. */
  public StoreConfig(
      Path directory,
      Path journalDirectory,
      long capacityBytes,
      int maxIoBytes,
      JournalSync journalSync,
      Clock clock) {
    this(
        directory,
        journalDirectory,
        capacityBytes,
        maxIoBytes,
        journalSync,
        clock,
        DEFAULT_CHECKPOINT_INTERVAL);
  }

  /** A config with the defaults: journal under the directory, sync on flush, system UTC clock. */
  public static StoreConfig defaults(Path directory, DataSize capacity) {
    return new StoreConfig(
        directory,
        directory.resolve("journal"),
        capacity.bytes(),
        DEFAULT_MAX_IO_BYTES,
        JournalSync.ON_FLUSH,
        Clock.systemUTC(),
        DEFAULT_CHECKPOINT_INTERVAL,
        defaultJournalRetention());
  }

  public StoreConfig withJournalDirectory(Path dir) {
    return new StoreConfig(
        directory,
        dir,
        capacityBytes,
        maxIoBytes,
        journalSync,
        clock,
        checkpointInterval,
        journalRetention);
  }

  public StoreConfig withJournalSync(JournalSync sync) {
    return new StoreConfig(
        directory,
        journalDirectory,
        capacityBytes,
        maxIoBytes,
        sync,
        clock,
        checkpointInterval,
        journalRetention);
  }

  public StoreConfig withClock(Clock newClock) {
    return new StoreConfig(
        directory,
        journalDirectory,
        capacityBytes,
        maxIoBytes,
        journalSync,
        newClock,
        checkpointInterval,
        journalRetention);
  }

  public StoreConfig withCheckpointInterval(Duration interval) {
    return new StoreConfig(
        directory,
        journalDirectory,
        capacityBytes,
        maxIoBytes,
        journalSync,
        clock,
        interval,
        journalRetention);
  }

  public StoreConfig withJournalRetention(Duration retention) {
    return new StoreConfig(
        directory,
        journalDirectory,
        capacityBytes,
        maxIoBytes,
        journalSync,
        clock,
        checkpointInterval,
        retention);
  }

  Path shardsDirectory() {
    return directory.resolve("shards");
  }
}
