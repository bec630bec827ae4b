package io.hyperblock.brick.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;

/**
 * {@link ShardStore} over one sparse extent file per shard, a CRC32C per 4 KiB block and a
 * Chronicle Queue change journal. Locking: a per-volume fence lock (shared by mutations, exclusive
 * to raise an epoch or delete the volume), the shared side of the flush gate, then a per-shard
 * read/write lock; reads take only the shard lock, shared. See the package documentation.
 */
public final class ExtentShardStore implements ShardStore {
  static {
    ChronicleSettings.apply();
  }

  private final StoreConfig config;
  private final FileChannel lock;
  private final ChangeJournal journal;
  private final EpochTable epochs;
  private final FlushCoordinator flusher;
  private final Map<ShardKey, Extent> extents;
  private final ShardMutator mutator;
  private final AtomicLong usedBytes;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final RecoveryReport recovery;
  private volatile long checkpointPersistedAt;

  private ExtentShardStore(
      StoreConfig config,
      FileChannel lock,
      ChangeJournal journal,
      EpochTable epochs,
      Map<ShardKey, Extent> extents,
      RecoveryReport recovery) {
    this.config = config;
    this.lock = lock;
    this.journal = journal;
    this.epochs = epochs;
    this.extents = extents;
    this.recovery = recovery;
    this.flusher = new FlushCoordinator(journal);
    this.usedBytes =
        new AtomicLong(extents.values().stream().mapToLong(Extent::usedBlocks).sum() * Blocks.SIZE);
    this.mutator = new ShardMutator(config, journal, usedBytes);
  }

  /**
   * Opens (creating if needed) the store in {@code config.directory()}, replays the journal after
   * the last checkpoint and checkpoints again, so the store starts clean.
   *
   * @throws StoreException the directory cannot be used, or a file in it is not ours
   */
  public static ExtentShardStore open(StoreConfig config) {
    ChronicleSettings.apply();
    ChangeJournal journal = null;
    FileChannel lock = null;
    Map<ShardKey, Extent> extents = new ConcurrentHashMap<>();
    try {
      Files.createDirectories(config.shardsDirectory());
      Files.createDirectories(config.journalDirectory());
      lock = StoreFiles.lock(config.directory());
      EpochTable epochs = EpochTable.load(config.directory());
      StoreFiles.discover(config.shardsDirectory(), extents);
      journal =
          ChangeJournal.open(config.journalDirectory(), config.clock(), config.journalRetention());
      long checkpoint = StoreFiles.readCheckpoint(config.directory());
      RecoveryReport report = Recovery.run(journal, checkpoint, extents);
      ExtentShardStore store = new ExtentShardStore(config, lock, journal, epochs, extents, report);
      store.checkpoint();
      return store;
    } catch (IOException | RuntimeException e) {
      if (journal != null) {
        journal.close();
      }
      extents.values().forEach(Extent::closeQuietly);
      closeQuietly(lock);
      if (e instanceof StoreException se) {
        throw se;
      }
      throw new StoreException(
          "cannot open shard store in "
              + config.directory()
              + ": "
              + e
              + "; check that the directory exists, is writable and holds a brick store",
          e);
    }
  }

  /** What journal replay did when this store opened. */
  public RecoveryReport lastRecovery() {
    return recovery;
  }

  @Override
  public void write(ShardKey key, long offset, ByteBuffer data, long epoch, long generation) {
    write(key, offset, data, epoch, generation, false);
  }

  @Override
  public void write(
      ShardKey key, long offset, ByteBuffer data, long epoch, long generation, boolean fua) {
    checkOpen();
    Ranges.check(offset, data.remaining(), config.maxIoBytes());
    Lock fence = epochs.enter(key.volumeId(), epoch, onRaise(key.volumeId(), epoch));
    Lock gate = flusher.enterMutation();
    Extent extent = null;
    try {
      if (data.hasRemaining()) {
        extent = extentFor(key);
        mutator.write(extent, ChangeKind.WRITE, offset, data, epoch, generation);
        flusher.markDirty(extent);
      }
    } finally {
      gate.unlock();
      fence.unlock();
    }
    if (fua && extent != null) {
      flusher.syncShard(extent);
    }
  }

  @Override
  public int read(ShardKey key, long offset, int length, ByteBuffer dst) {
    checkOpen();
    Ranges.check(offset, length, config.maxIoBytes());
    if (dst.remaining() < length) {
      throw new InvalidRangeException(
          "read of "
              + length
              + " bytes into a buffer with only "
              + dst.remaining()
              + " bytes remaining; pass a buffer with room for the whole range");
    }
    Extent extent = extents.get(key);
    if (extent == null || length == 0) {
      dst.put(ByteBuffer.allocate(length));
      return length;
    }
    return mutator.read(extent, offset, length, dst);
  }

  @Override
  public void flush() {
    checkOpen();
    flusher.flush();
    long now = config.clock().millis();
    if (now - checkpointPersistedAt >= config.checkpointInterval().toMillis()) {
      persistCheckpoint(flusher.lastCovered(), now);
    }
  }

  /** Bounds the next replay: the checkpoint file moves up to the last synced index. */
  private synchronized void persistCheckpoint(long covered, long now) {
    if (now - checkpointPersistedAt < config.checkpointInterval().toMillis()) {
      return; // another flush just did it
    }
    try {
      StoreFiles.writeCheckpoint(config.directory(), covered);
      checkpointPersistedAt = now;
      journal.pruneIfDue(covered); // cycles before the persisted checkpoint may now expire
    } catch (IOException e) {
      throw new StoreException("cannot write the journal checkpoint: " + e, e);
    }
  }

  @Override
  public void trim(ShardKey key, long offset, long length, long epoch) {
    checkOpen();
    Ranges.check(offset, length, Long.MAX_VALUE);
    Lock fence = epochs.enter(key.volumeId(), epoch, onRaise(key.volumeId(), epoch));
    Lock gate = flusher.enterMutation();
    try {
      Extent extent = extents.get(key);
      if (extent != null && length > 0) {
        mutator.trim(extent, offset, length, epoch);
        flusher.markDirty(extent);
      }
    } finally {
      gate.unlock();
      fence.unlock();
    }
  }

  @Override
  public void observeEpoch(UUID volumeId, long epoch) {
    checkOpen();
    epochs.observe(volumeId, epoch, onRaise(volumeId, epoch));
  }

  @Override
  public long highestEpoch(UUID volumeId) {
    return epochs.highest(volumeId);
  }

  @Override
  public void deleteVolume(UUID volumeId, long epoch) {
    checkOpen();
    Lock fence = epochs.enterExclusive(volumeId, epoch, onRaise(volumeId, epoch));
    Lock gate = flusher.enterMutation();
    try {
      journal.appendVolume(ChangeKind.DELETE_VOLUME, volumeId, epoch);
      for (Extent extent : extents.values()) {
        if (extent.key.volumeId().equals(volumeId)) {
          mutator.delete(extent);
          extents.remove(extent.key);
        }
      }
      Path dir = StoreFiles.volumeDir(config.shardsDirectory(), volumeId);
      Files.deleteIfExists(dir);
      Fsync.directory(config.shardsDirectory());
    } catch (IOException e) {
      throw new StoreException(
          "cannot delete volume " + volumeId + ": " + e + "; retry the delete", e);
    } finally {
      gate.unlock();
      fence.unlock();
    }
  }

  @Override
  public StoreStats stats() {
    long used = usedBytes.get();
    long capacity = config.capacityBytes();
    return new StoreStats(capacity, used, Math.max(0, capacity - used), extents.size());
  }

  @Override
  public List<ShardInfo> list(UUID volumeIdOrNull) {
    checkOpen();
    List<ShardInfo> out = new ArrayList<>();
    for (Extent extent : extents.values()) {
      if (volumeIdOrNull == null || extent.key.volumeId().equals(volumeIdOrNull)) {
        mutator.info(extent).ifPresent(out::add);
      }
    }
    out.sort(
        Comparator.comparing((ShardInfo i) -> i.key().volumeId())
            .thenComparingLong(i -> i.key().stripeIndex())
            .thenComparingInt(i -> i.key().shardIndex()));
    return out;
  }

  @Override
  public List<JournalEntry> changesSince(long afterIndex, int maxEntries) {
    checkOpen();
    return journal.read(afterIndex, maxEntries);
  }

  @Override
  public ChangedRanges changedRangesSince(long afterIndex, long sinceMillis) {
    checkOpen();
    ChangedRanges.Builder builder = new ChangedRanges.Builder(afterIndex);
    journal.forEachSince(afterIndex, sinceMillis, builder::accept);
    return builder.build();
  }

  @Override
  public long journalHead() {
    checkOpen();
    return journal.lastIndex();
  }

  /** Number of group-committed syncs so far (tests and metrics). */
  long syncCount() {
    return flusher.syncCount();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        checkpoint();
      } finally {
        journal.close();
        extents.values().forEach(Extent::closeQuietly);
        closeQuietly(lock);
      }
    }
  }

  /**
   * Fault injection: stops like a killed process would, without flushing or checkpointing, so a
   * test can reopen the directory and exercise recovery in-process.
   */
  void crashForTesting() {
    if (closed.compareAndSet(false, true)) {
      journal.close();
      extents.values().forEach(Extent::closeQuietly);
      closeQuietly(lock); // a dead process releases its lock too
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException ignored) {
      // Releasing the directory lock cannot fail in a way we could act on.
    }
  }

  private void checkpoint() {
    long covered = flusher.syncNow();
    journal.sync();
    try {
      StoreFiles.writeCheckpoint(config.directory(), covered);
      checkpointPersistedAt = config.clock().millis();
      journal.pruneIfDue(covered);
    } catch (IOException e) {
      throw new StoreException("cannot write the journal checkpoint: " + e, e);
    }
  }

  private Extent extentFor(ShardKey key) {
    return extents.computeIfAbsent(
        key,
        k -> {
          Path dir = StoreFiles.volumeDir(config.shardsDirectory(), k.volumeId());
          try {
            Files.createDirectories(dir);
            flusher.markDirty(config.shardsDirectory());
            flusher.markDirty(dir);
            return Extent.open(k, dir);
          } catch (IOException e) {
            throw StoreErrors.of(e, "create shard " + k, 0);
          }
        });
  }

  private Runnable onRaise(UUID volumeId, long epoch) {
    return () -> journal.appendVolume(ChangeKind.EPOCH, volumeId, epoch);
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("shard store in " + config.directory() + " is closed");
    }
  }
}
