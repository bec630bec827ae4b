package io.hyperblock.brick.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The per-shard data path: plan the checksum change, reserve space, journal, write the extent,
 * write the checksums; and the verified read. Each operation holds the shard's lock (exclusive to
 * change, shared to read); the caller holds the fence and the flush gate.
 */
final class ShardMutator {
  private final StoreConfig config;
  private final ChangeJournal journal;
  private final AtomicLong usedBytes;
  private final ByteBuffer zeros;

  ShardMutator(StoreConfig config, ChangeJournal journal, AtomicLong usedBytes) {
    this.config = config;
    this.journal = journal;
    this.usedBytes = usedBytes;
    this.zeros = ByteBuffer.allocateDirect(config.maxIoBytes()).asReadOnlyBuffer();
  }

  void write(Extent extent, ChangeKind kind, long offset, ByteBuffer data, long epoch, long gen) {
    extent.lock.writeLock().lock();
    try {
      apply(extent, kind, offset, data, epoch, gen);
    } finally {
      extent.lock.writeLock().unlock();
    }
  }

  /** Zeros {@code [offset, offset + length)} in max-I/O chunks; cuts the file if it reaches EOF. */
  void trim(Extent extent, long offset, long length, long epoch) {
    extent.lock.writeLock().lock();
    try {
      long size = extent.size();
      long end = Math.min(offset + length, size);
      for (long pos = offset; pos < end; ) {
        int n = (int) Math.min(config.maxIoBytes(), end - pos);
        apply(extent, ChangeKind.TRIM, pos, zeros.slice(0, n), epoch, extent.generation());
        pos += n;
      }
      if (offset < size && offset + length >= size) {
        extent.truncate((offset + Blocks.SIZE - 1) / Blocks.SIZE * Blocks.SIZE);
      }
    } catch (IOException e) {
      throw StoreErrors.of(e, "trim shard " + extent.key, 0);
    } finally {
      extent.lock.writeLock().unlock();
    }
  }

  private void apply(
      Extent extent, ChangeKind kind, long offset, ByteBuffer data, long epoch, long gen) {
    MutationPlan plan;
    try {
      plan = MutationPlan.of(extent, offset, data);
    } catch (IOException e) {
      throw StoreErrors.of(e, "read shard " + extent.key, 0);
    }
    long reserved = reserve(plan.growthBlocks() * Blocks.SIZE);
    long index;
    try {
      index =
          journal.appendMutation(
              kind,
              extent.key,
              offset,
              data.remaining(),
              gen,
              epoch,
              plan.oldChecksums(),
              plan.newChecksums());
      if (config.journalSync() == StoreConfig.JournalSync.EVERY_WRITE) {
        journal.sync();
      }
    } catch (RuntimeException e) {
      usedBytes.addAndGet(-reserved);
      throw e;
    }
    try {
      if (kind == ChangeKind.TRIM) {
        zeroRange(extent, offset, data.remaining(), plan);
      } else {
        extent.writeData(data, offset);
      }
      extent.writeChecksums(plan.firstBlock(), plan.newChecksums());
      if (kind == ChangeKind.WRITE) {
        extent.raiseGeneration(gen);
      }
      extent.addUsedBlocks(plan.usedDelta());
      usedBytes.addAndGet(plan.usedDelta() * Blocks.SIZE - reserved);
    } catch (IOException e) {
      usedBytes.addAndGet(-reserved);
      StoreException error =
          StoreErrors.of(e, "write shard " + extent.key, data.remaining(), config.directory());
      var entry =
          new JournalEntry(
              index,
              kind,
              extent.key.volumeId(),
              extent.key,
              offset,
              data.remaining(),
              extent.generation(),
              epoch,
              0,
              plan.oldChecksums(),
              plan.newChecksums());
      try {
        // Leave every touched block readable as its old or new bytes (ENOSPC tears per page).
        Recovery.reconcile(extent, List.of(entry));
        long recount = extent.countUsedBlocks();
        usedBytes.addAndGet((recount - extent.usedBlocks()) * Blocks.SIZE);
        extent.addUsedBlocks(recount - extent.usedBlocks());
      } catch (IOException | RuntimeException again) {
        error.addSuppressed(again);
      }
      throw error;
    }
  }

  /**
   * Zeros a trimmed range: whole blocks are hole-punched (space goes back to the file system);
   * where punching is unavailable, and for partial edge blocks, zeros are written over blocks that
   * are not already zero (a trim must not fill holes).
   */
  private void zeroRange(Extent extent, long offset, int length, MutationPlan plan)
      throws IOException {
    long end = offset + length;
    long innerFrom = (offset + Blocks.SIZE - 1) / Blocks.SIZE * Blocks.SIZE;
    long innerTo = end / Blocks.SIZE * Blocks.SIZE;
    boolean punched = innerTo > innerFrom && extent.punchHole(innerFrom, innerTo - innerFrom);
    int[] old = plan.oldChecksums();
    for (int i = 0; i < old.length; i++) {
      long blockStart = (plan.firstBlock() + i) * Blocks.SIZE;
      long from = Math.max(offset, blockStart);
      long to = Math.min(end, blockStart + Blocks.SIZE);
      boolean inPunchedRange = punched && from >= innerFrom && to <= innerTo;
      if (old[i] != 0 && !inPunchedRange) {
        extent.writeData(zeros.slice(0, (int) (to - from)), from);
      }
    }
  }

  private long reserve(long bytes) {
    while (bytes > 0) {
      long used = usedBytes.get();
      if (used + bytes > config.capacityBytes()) {
        throw new DiskFullException(bytes, Math.max(0, config.capacityBytes() - used));
      }
      if (usedBytes.compareAndSet(used, used + bytes)) {
        return bytes;
      }
    }
    return 0;
  }

  /** Verified read of {@code [offset, offset + length)} into {@code dst}; nothing on mismatch. */
  int read(Extent extent, long offset, int length, ByteBuffer dst) {
    extent.lock.readLock().lock();
    try {
      if (extent.deleted()) {
        dst.put(ByteBuffer.allocate(length));
        return length;
      }
      long first = Blocks.index(offset);
      int n = (int) (Blocks.index(offset + length - 1) - first + 1);
      ByteBuffer blocks = extent.readBlocks(first, n);
      int[] sums = extent.readChecksums(first, n);
      for (int i = 0; i < n; i++) {
        if (!Blocks.verifies(sums[i], blocks.slice(i * Blocks.SIZE, Blocks.SIZE))) {
          throw new CorruptBlockException(extent.key, first + i);
        }
      }
      dst.put(blocks.slice((int) (offset - first * Blocks.SIZE), length));
      return length;
    } catch (IOException e) {
      throw StoreErrors.of(e, "read shard " + extent.key, 0);
    } finally {
      extent.lock.readLock().unlock();
    }
  }

  void delete(Extent extent) throws IOException {
    extent.lock.writeLock().lock();
    try {
      usedBytes.addAndGet(-extent.usedBlocks() * Blocks.SIZE);
      extent.delete();
    } finally {
      extent.lock.writeLock().unlock();
    }
  }

  Optional<ShardInfo> info(Extent extent) {
    extent.lock.readLock().lock();
    try {
      return extent.deleted()
          ? Optional.empty()
          : Optional.of(new ShardInfo(extent.key, extent.size(), extent.generation()));
    } catch (IOException e) {
      throw StoreErrors.of(e, "stat shard " + extent.key, 0);
    } finally {
      extent.lock.readLock().unlock();
    }
  }
}
