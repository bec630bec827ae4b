package io.hyperblock.brick.store;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Group commit. Mutations run inside the shared side of a gate ({@link #enterMutation()}) and mark
 * what they dirtied. A sync takes the gate exclusively only to snapshot "journal index X and the
 * dirty files": every mutation journaled at or before X has then completed its data and checksum
 * writes. It then syncs the journal, fdatasyncs the dirty extents and fsyncs new directories
 * outside the gate, and appends CHECKPOINT(X).
 *
 * <p>Flush requests take a ticket; a sync that starts after a ticket was taken satisfies it, so
 * concurrent flushes waiting behind one sync are all satisfied by the next one.
 */
final class FlushCoordinator {
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
  private final Set<Extent> dirty = ConcurrentHashMap.newKeySet();
  private final Set<Path> dirtyDirectories = ConcurrentHashMap.newKeySet();
  private final AtomicLong tickets = new AtomicLong();
  private final AtomicLong syncs = new AtomicLong();
  private final ChangeJournal journal;
  private long satisfied; // guarded by this
  private volatile long lastCovered = JournalEntry.NONE;

  FlushCoordinator(ChangeJournal journal) {
    this.journal = journal;
  }

  /** Enters the shared side of the gate; the caller unlocks the returned lock. */
  Lock enterMutation() {
    Lock shared = gate.readLock();
    shared.lock();
    return shared;
  }

  void markDirty(Extent extent) {
    dirty.add(extent);
  }

  void markDirty(Path directory) {
    dirtyDirectories.add(directory);
  }

  /** Makes every mutation completed before this call durable. */
  void flush() {
    long ticket = tickets.incrementAndGet();
    synchronized (this) {
      if (satisfied >= ticket) {
        return;
      }
      long covers = tickets.get();
      syncNow();
      satisfied = covers;
    }
  }

  /** Syncs everything dirty now; returns the journal index it covers. Caller serializes. */
  synchronized long syncNow() {
    long covered;
    List<Extent> extents;
    List<Path> directories;
    Lock exclusive = gate.writeLock();
    exclusive.lock();
    try {
      covered = journal.lastIndex();
      extents = List.copyOf(dirty);
      directories = List.copyOf(dirtyDirectories);
      dirty.clear();
      dirtyDirectories.clear();
    } finally {
      exclusive.unlock();
    }
    try {
      journal.sync();
      for (Extent e : extents) {
        forceUnlessDeleted(e);
      }
      for (Path d : directories) {
        fsyncUnlessDeleted(d);
      }
    } catch (IOException e) {
      dirty.addAll(extents);
      dirtyDirectories.addAll(directories);
      throw new StoreException(
          "flush failed: "
              + e.getMessage()
              + "; data written since the last flush may not be"
              + " durable: treat this brick as failed",
          e);
    }
    journal.appendCheckpoint(covered);
    lastCovered = covered;
    syncs.incrementAndGet();
    return covered;
  }

  /**
   * Force unit access: makes the completed mutations of one shard durable (journal msync, the
   * shard's two files, new directories) without a checkpoint. Concurrent calls run in parallel.
   */
  void syncShard(Extent extent) {
    List<Path> directories = List.copyOf(dirtyDirectories);
    try {
      journal.sync();
      forceUnlessDeleted(extent);
      for (Path d : directories) {
        fsyncUnlessDeleted(d);
      }
    } catch (IOException e) {
      throw new StoreException(
          "FUA write to shard "
              + extent.key
              + " could not be synced: "
              + e.getMessage()
              + "; treat this brick as failed",
          e);
    }
  }

  private static void fsyncUnlessDeleted(Path directory) throws IOException {
    try {
      Fsync.directory(directory);
    } catch (NoSuchFileException gone) {
      // A deleted volume's directory: deleteVolume already fsynced its parent.
    }
  }

  private static void forceUnlessDeleted(Extent e) throws IOException {
    try {
      e.force();
    } catch (ClosedChannelException closed) {
      if (!e.deleted()) {
        throw closed;
      }
    }
  }

  /** The journal index the last completed sync covers. */
  long lastCovered() {
    return lastCovered;
  }

  /** Number of syncs done: fewer than flush calls when group commit works. */
  long syncCount() {
    return syncs.get();
  }
}
