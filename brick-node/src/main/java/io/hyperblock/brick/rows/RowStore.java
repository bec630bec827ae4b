package io.hyperblock.brick.rows;

import io.hyperblock.brick.rows.RowMetaState.Rollback;
import io.hyperblock.brick.rows.RowRecord.Aborted;
import io.hyperblock.brick.rows.RowRecord.Applied;
import io.hyperblock.brick.rows.RowRecord.Commit;
import io.hyperblock.brick.rows.RowRecord.Intent;
import io.hyperblock.brick.rows.RowRecord.Stale;
import io.hyperblock.brick.rows.RowRecord.State;
import io.hyperblock.brick.rows.RowRecord.Synced;
import io.hyperblock.brick.rows.RowRecord.Undo;
import io.hyperblock.brick.rows.UnitKey.RowId;
import io.hyperblock.brick.store.FencedWriteException;
import io.hyperblock.brick.store.ShardStore;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Row-versioned units over a {@link ShardStore} (RowService; ADR 0003). Each unit's metadata
 * (generation, parity vector, stale mask, rollback records) lives in memory and in the {@link
 * RowJournal}; bytes live in the shard store.
 *
 * <p><b>Crash safety.</b> A unit write journals an intent (with the range's previous bytes when it
 * keeps a rollback record) before it writes the store, and "applied" after. A unit rollback
 * journals "undo" before restoring bytes, and "applied" after. Operations on one unit are
 * serialized, so at open only a unit's last operation can be unfinished: an unfinished write with
 * old bytes is undone (the writer never got an answer, so it counted the unit as failed); an
 * unfinished repair write (no old bytes) leaves the unit at generation {@code -2}, consistent with
 * no version, so recovery rewrites it; an unfinished undo is redone. Then the journal is compacted
 * to one state record per non-trivial unit.
 *
 * <p><b>Durability.</b> Journal appends reach the page cache before the store write, so a process
 * kill loses nothing; {@link #flush()} syncs store and journal. Power loss between flushes can lose
 * a journal record whose store write survived (see ADR 0003, "Limits").
 *
 * <p>Thread-safe: units are independent; a compaction briefly stops all operations.
 */
public final class RowStore implements AutoCloseable {

  /** Journal size that triggers a compaction: bounds replay time and disk use. */
  public static final long DEFAULT_COMPACT_BYTES = 64L << 20;

  /** How unit writes are ordered against the row journal on disk. */
  public enum Durability {
    /**
     * The intent record (with the old bytes) is synced before the data is written (group commit),
     * and after a reboot the writes not yet covered by a flush are undone: a power cut can lose
     * unflushed writes but never leave bytes that disagree with their generation. The default.
     */
    WRITE_AHEAD,
    /**
     * Journal records reach the page cache before the data: safe against process kills only (a
     * power cut may leave a unit's bytes newer than its metadata). For benchmarks and for bricks on
     * battery-backed storage.
     */
    PAGE_CACHE
  }

  /**
   * Stale-mask bit 63 (units use bits 0..31): this unit's unflushed writes were undone after a
   * reboot; its bytes match its generation, but it may be older than the row. Cleared by recovery.
   */
  public static final long REVERTED = 1L << 63;

  private static final UnitKey MARKER =
      new UnitKey(new io.hyperblock.brick.store.ShardKey(new UUID(0, 0), 0, 0), 0, 1);

  private final ShardStore store;
  private final RowJournal journal;
  private final long compactBytes;
  private final Durability durability;
  private final Map<RowId, RowMetaState> states = new ConcurrentHashMap<>();
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
  private final AtomicBoolean compacting = new AtomicBoolean();
  private volatile long compactedSize;

  private RowStore(ShardStore store, RowJournal journal, long compactBytes, Durability durability) {
    this.store = store;
    this.journal = journal;
    this.compactBytes = compactBytes;
    this.durability = durability;
  }

  /**
   * Opens the row metadata in {@code dir} over {@code store}, finishing interrupted operations and,
   * with {@link Durability#WRITE_AHEAD} after a reboot, undoing writes no flush covered.
   */
  public static RowStore open(
      ShardStore store, Path dir, long compactBytes, Durability durability) {
    List<RowJournal.Positioned> records = new ArrayList<>();
    RowJournal journal = RowJournal.openPositioned(dir, records);
    RowStore rows = new RowStore(store, journal, compactBytes, durability);
    boolean rebooted = BootId.changedSinceLastOpen(dir);
    rows.replay(records, durability == Durability.WRITE_AHEAD && rebooted);
    rows.compact();
    BootId.record(dir);
    return rows;
  }

  public static RowStore open(ShardStore store, Path dir, long compactBytes) {
    return open(store, dir, compactBytes, Durability.WRITE_AHEAD);
  }

  public static RowStore open(ShardStore store, Path dir) {
    return open(store, dir, DEFAULT_COMPACT_BYTES, Durability.WRITE_AHEAD);
  }

  private RowMetaState state(UnitKey key) {
    return states.computeIfAbsent(key.id(), id -> new RowMetaState(key));
  }

  /** The volume's highest fencing epoch, as {@link ShardStore#highestEpoch}. */
  public long highestEpoch(UUID volume) {
    return store.highestEpoch(volume);
  }

  private void fence(UUID volume, long epoch) {
    long highest = store.highestEpoch(volume);
    if (epoch < highest) {
      throw new FencedWriteException(volume, epoch, highest);
    }
    if (epoch > highest) {
      store.observeEpoch(volume, epoch);
    }
  }

  /**
   * Reads {@code length} bytes at {@code offsetInUnit} into {@code dst} (none when 0) and the
   * unit's metadata, atomically with respect to writes of the unit.
   */
  public RowMeta read(UnitKey key, int offsetInUnit, int length, ByteBuffer dst) {
    checkRange(key, offsetInUnit, length);
    RowMetaState s = state(key);
    synchronized (s) {
      if (length > 0) {
        store.read(key.shard(), key.shardOffset() + offsetInUnit, length, dst);
      }
      return RowMeta.of(s);
    }
  }

  /** Writes a unit range and its new metadata (see rows.proto WriteUnit). */
  public RowMeta write(
      UnitKey key,
      int offsetInUnit,
      ByteBuffer data,
      long epoch,
      boolean conditional,
      long expectedGeneration,
      long newGeneration,
      long[] vector,
      long participants,
      boolean keepRollback) {
    checkRange(key, offsetInUnit, data.remaining());
    gate.readLock().lock();
    try {
      fence(key.volume(), epoch);
      RowMetaState s = state(key);
      synchronized (s) {
        if (conditional && s.generation != expectedGeneration) {
          throw new GenerationMismatchException(key, expectedGeneration, s.generation);
        }
        long at = key.shardOffset() + offsetInUnit;
        byte[] old = new byte[keepRollback ? data.remaining() : 0];
        if (keepRollback) {
          store.read(key.shard(), at, old.length, ByteBuffer.wrap(old));
        }
        Intent intent =
            new Intent(
                key,
                newGeneration,
                vector.clone(),
                participants,
                keepRollback,
                s.generation,
                s.vector,
                offsetInUnit,
                old);
        long end = journal.append(intent);
        if (durability == Durability.WRITE_AHEAD) {
          journal.syncTo(end); // the undo information is on disk before the bytes change
        }
        try {
          store.write(key.shard(), at, data, epoch, Math.max(0, newGeneration));
        } catch (RuntimeException e) {
          journal.append(new Aborted(key));
          throw e;
        }
        journal.append(new Applied(key));
        apply(s, intent);
        return RowMeta.of(s);
      }
    } finally {
      gate.readLock().unlock();
      maybeCompact();
    }
  }

  private static void apply(RowMetaState s, Intent i) {
    if (i.keepRollback()) {
      s.open.push(
          new Rollback(
              i.newGeneration(),
              i.prevGeneration(),
              i.prevVector(),
              i.offsetInUnit(),
              i.oldBytes()));
      s.participants |= i.participants();
    }
    s.generation = i.newGeneration();
    s.vector = i.vector();
  }

  /** Drops the unit's rollback records up to {@code generation}. Idempotent. */
  public void commit(UnitKey key, long generation) {
    gate.readLock().lock();
    try {
      RowMetaState s = states.get(key.id());
      if (s == null) {
        return;
      }
      synchronized (s) {
        if (s.open.stream().anyMatch(r -> r.generation() <= generation)) {
          journal.append(new Commit(key, generation));
          s.open.removeIf(r -> r.generation() <= generation);
          if (s.open.isEmpty()) {
            s.participants = 0;
          }
        }
      }
    } finally {
      gate.readLock().unlock();
    }
  }

  /** Undoes the unit's open generations {@code >= fromGeneration}, newest first. */
  public RowMeta rollback(UnitKey key, long fromGeneration, long epoch) {
    gate.readLock().lock();
    try {
      fence(key.volume(), epoch);
      RowMetaState s = state(key);
      synchronized (s) {
        if (!s.open.isEmpty() && s.open.peek().generation() >= fromGeneration) {
          long end = journal.append(new Undo(key, fromGeneration));
          if (durability == Durability.WRITE_AHEAD) {
            journal.syncTo(end);
          }
          undo(s, fromGeneration, epoch);
          journal.append(new Applied(key));
        }
        return RowMeta.of(s);
      }
    } finally {
      gate.readLock().unlock();
    }
  }

  private void undo(RowMetaState s, long fromGeneration, long epoch) {
    UnitKey key = s.key;
    while (!s.open.isEmpty() && s.open.peek().generation() >= fromGeneration) {
      Rollback r = s.open.peek();
      store.write(
          key.shard(),
          key.shardOffset() + r.offsetInUnit(),
          ByteBuffer.wrap(r.oldBytes()),
          epoch,
          Math.max(0, r.prevGeneration()));
      s.open.pop();
      s.generation = r.prevGeneration();
      s.vector = r.prevVector();
    }
  }

  /** Sets then clears bits of the unit's stale mask. */
  public RowMeta markStale(UnitKey key, long set, long clear, long epoch) {
    gate.readLock().lock();
    try {
      fence(key.volume(), epoch);
      RowMetaState s = state(key);
      synchronized (s) {
        journal.append(new Stale(key, set, clear));
        s.staleMask = (s.staleMask | set) & ~clear;
        return RowMeta.of(s);
      }
    } finally {
      gate.readLock().unlock();
    }
  }

  /** A unit with open rollback records, stale marks or unknown bytes. */
  public record Dirty(UnitKey key, RowMeta meta) {}

  /** The dirty units of {@code volume}. */
  public List<Dirty> dirty(UUID volume) {
    List<Dirty> out = new ArrayList<>();
    for (RowMetaState s : states.values()) {
      if (s.key.volume().equals(volume)) {
        synchronized (s) {
          if (s.isDirty()) {
            out.add(new Dirty(s.key, RowMeta.of(s)));
          }
        }
      }
    }
    return out;
  }

  /**
   * Makes every completed operation durable: shard store flush, then a journal marker saying that
   * every write applied before the flush started is on disk, then a journal sync.
   */
  public void flush() {
    long upTo = journal.position();
    store.flush();
    journal.append(new Synced(MARKER, upTo));
    journal.sync();
  }

  private void replay(List<RowJournal.Positioned> records, boolean undoUnflushed) {
    Map<RowId, RowRecord> pending = new HashMap<>();
    long durable = 0;
    for (RowJournal.Positioned p : records) {
      if (p.record() instanceof Synced sy) {
        durable = Math.max(durable, sy.upTo());
      }
    }
    // Operations a flush did not cover, newest last, with what each undo popped.
    List<RowRecord> unflushed = new ArrayList<>();
    Map<RowRecord, List<Rollback>> popped = new HashMap<>();
    for (RowJournal.Positioned p : records) {
      RowRecord r = p.record();
      if (r instanceof Synced) {
        continue;
      }
      RowMetaState s = state(r.key());
      if (p.end() > durable && (r instanceof Intent || r instanceof Undo)) {
        unflushed.add(r);
      }
      switch (r) {
        case Intent i -> pending.put(r.key().id(), i);
        case Undo u -> pending.put(r.key().id(), u);
        case Aborted a -> pending.remove(r.key().id());
        case Applied a -> {
          switch (pending.remove(r.key().id())) {
            case Intent i -> apply(s, i);
            case Undo u -> popped.put(u, popUndone(s, u.fromGeneration()));
            case null, default -> {}
          }
        }
        case Commit c -> s.open.removeIf(x -> x.generation() <= c.generation());
        case Stale st -> s.staleMask = (s.staleMask | st.set()) & ~st.clear();
        case State st -> {
          s.generation = st.generation();
          s.vector = st.vector();
          s.staleMask = st.staleMask();
          s.participants = st.participants();
          s.open.clear();
          st.open().forEach(s.open::addLast);
        }
        case Synced sy -> {}
      }
    }
    if (undoUnflushed) {
      // After a reboot the page cache is gone: writes no flush covered may or may not be on disk.
      // Undo them all, newest first, so every unit's bytes match its generation again, and flag
      // the unit REVERTED so recovery checks it against the row's version (and readers do not
      // trust it alone). Not a stale bit: after a cluster-wide power cut every unit reverts, and
      // the flushed version they then agree on must stay decodable.
      for (int i = unflushed.size() - 1; i >= 0; i--) {
        RowRecord r = unflushed.get(i);
        RowMetaState s = state(r.key());
        long epoch = store.highestEpoch(r.key().volume());
        switch (r) {
          case Intent in when in.keepRollback() -> {
            restore(in.key(), in.offsetInUnit(), in.oldBytes(), epoch, in.prevGeneration());
            s.generation = in.prevGeneration();
            s.vector = in.prevVector();
            s.open.removeIf(x -> x.generation() == in.newGeneration());
          }
          case Intent in -> s.generation = RowMetaState.UNKNOWN;
          case Undo u -> {
            for (Rollback rb : popped.getOrDefault(u, List.of())) {
              restore(u.key(), rb.offsetInUnit(), rb.oldBytes(), epoch, rb.prevGeneration());
              s.generation = rb.prevGeneration();
              s.vector = rb.prevVector();
            }
          }
          default -> {}
        }
        s.staleMask |= REVERTED;
      }
      store.flush();
      return;
    }
    // Only a unit's last operation can have been cut by a process crash; finish it.
    for (RowRecord r : pending.values()) {
      RowMetaState s = state(r.key());
      long epoch = store.highestEpoch(r.key().volume());
      switch (r) {
        case Intent i when i.keepRollback() ->
            restore(i.key(), i.offsetInUnit(), i.oldBytes(), epoch, i.prevGeneration());
        case Intent i -> s.generation = RowMetaState.UNKNOWN;
        case Undo u -> undo(s, u.fromGeneration(), epoch);
        default -> {}
      }
    }
  }

  private void restore(UnitKey key, int offsetInUnit, byte[] old, long epoch, long generation) {
    store.write(
        key.shard(),
        key.shardOffset() + offsetInUnit,
        ByteBuffer.wrap(old),
        epoch,
        Math.max(0, generation));
  }

  private static List<Rollback> popUndone(RowMetaState s, long fromGeneration) {
    List<Rollback> out = new ArrayList<>();
    while (!s.open.isEmpty() && s.open.peek().generation() >= fromGeneration) {
      Rollback r = s.open.pop();
      out.add(r);
      s.generation = r.prevGeneration();
      s.vector = r.prevVector();
    }
    return out;
  }

  private void maybeCompact() {
    // Twice the last snapshot at least: open rollback records survive compaction, so a snapshot
    // can itself exceed the threshold, and compacting again at once would only copy it again.
    long limit = Math.max(compactBytes, 2 * compactedSize);
    if (journal.size() > limit && compacting.compareAndSet(false, true)) {
      try {
        compact();
      } finally {
        compacting.set(false);
      }
    }
  }

  /** Rewrites the journal as one state record per non-trivial unit, with all operations stopped. */
  private void compact() {
    gate.writeLock().lock();
    try {
      // The snapshot drops intents (and their old bytes): their writes must be durable first.
      store.flush();
      List<RowRecord> snapshot = new ArrayList<>();
      for (RowMetaState s : states.values()) {
        if (!s.isTrivial()) {
          snapshot.add(
              new State(
                  s.key, s.generation, s.vector, s.staleMask, s.participants, List.copyOf(s.open)));
        }
      }
      journal.rewrite(snapshot);
      compactedSize = journal.size();
    } finally {
      gate.writeLock().unlock();
    }
  }

  private static void checkRange(UnitKey key, int offsetInUnit, int length) {
    if (offsetInUnit < 0 || length < 0 || offsetInUnit > key.stripeUnit() - length) {
      throw new IllegalArgumentException(
          "range at "
              + offsetInUnit
              + " of length "
              + length
              + " is not inside the stripe unit of "
              + key.stripeUnit()
              + " bytes");
    }
  }

  /** Flushes, marks the journal clean and closes it (the shard store is closed by its owner). */
  @Override
  public void close() {
    try {
      flush();
    } finally {
      journal.close();
    }
  }
}
