package io.hyperblock.brick.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Highest fencing epoch per volume, persisted in {@code directory/epochs} (replaced atomically and
 * fsynced before a raised epoch is acted on), and the per-volume fence locks.
 *
 * <p>A mutation holds its volume's fence lock shared while it runs ({@link #enter}); raising the
 * epoch takes it exclusively. So once {@link #observe} returns, no mutation of an older epoch is
 * still in flight or can start: the new writer never races an old one on the same block.
 */
final class EpochTable {
  private static final String FILE = "epochs";

  private final Path directory;
  private final Map<UUID, Long> highest = new ConcurrentHashMap<>();
  private final Map<UUID, ReentrantReadWriteLock> locks = new ConcurrentHashMap<>();

  private EpochTable(Path directory) {
    this.directory = directory;
  }

  static EpochTable load(Path directory) throws IOException {
    EpochTable table = new EpochTable(directory);
    Path file = directory.resolve(FILE);
    if (Files.exists(file)) {
      ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
      int n = buf.getInt();
      for (int i = 0; i < n; i++) {
        table.highest.put(new UUID(buf.getLong(), buf.getLong()), buf.getLong());
      }
    }
    return table;
  }

  long highest(UUID volumeId) {
    return highest.getOrDefault(volumeId, 0L);
  }

  /**
   * Admits a mutation at {@code epoch}: raises the volume's epoch first if it is higher, then
   * returns the held shared fence lock, which the caller must unlock when done.
   *
   * @param onRaise called (exclusive lock held, after persisting) when the epoch was raised
   */
  Lock enter(UUID volumeId, long epoch, Runnable onRaise) {
    ReentrantReadWriteLock rw = lockOf(volumeId);
    while (true) {
      Lock shared = rw.readLock();
      shared.lock();
      long h = highest(volumeId);
      if (epoch == h) {
        return shared;
      }
      shared.unlock();
      if (epoch < h) {
        throw new FencedWriteException(volumeId, epoch, h);
      }
      observe(volumeId, epoch, onRaise);
    }
  }

  /** Takes the volume's fence lock exclusively after checking (and raising) the epoch. */
  Lock enterExclusive(UUID volumeId, long epoch, Runnable onRaise) {
    Lock exclusive = lockOf(volumeId).writeLock();
    exclusive.lock();
    try {
      raiseLocked(volumeId, epoch, onRaise, true);
      return exclusive;
    } catch (RuntimeException e) {
      exclusive.unlock();
      throw e;
    }
  }

  /** Raises the epoch if higher (durably, waiting for in-flight older mutations); else no-op. */
  void observe(UUID volumeId, long epoch, Runnable onRaise) {
    Lock exclusive = lockOf(volumeId).writeLock();
    exclusive.lock();
    try {
      raiseLocked(volumeId, epoch, onRaise, false);
    } finally {
      exclusive.unlock();
    }
  }

  private void raiseLocked(UUID volumeId, long epoch, Runnable onRaise, boolean rejectOlder) {
    long h = highest(volumeId);
    if (epoch < h && rejectOlder) {
      throw new FencedWriteException(volumeId, epoch, h);
    }
    if (epoch > h) {
      persistWith(volumeId, epoch);
      highest.put(volumeId, epoch);
      onRaise.run();
    }
  }

  private ReentrantReadWriteLock lockOf(UUID volumeId) {
    return locks.computeIfAbsent(volumeId, v -> new ReentrantReadWriteLock());
  }

  /** Writes the whole table with one changed entry: temp file, fsync, rename, fsync directory. */
  private synchronized void persistWith(UUID volumeId, long epoch) {
    Map<UUID, Long> copy = new HashMap<>(highest);
    copy.put(volumeId, epoch);
    ByteBuffer buf = ByteBuffer.allocate(4 + copy.size() * 24);
    buf.putInt(copy.size());
    copy.forEach(
        (v, e) ->
            buf.putLong(v.getMostSignificantBits())
                .putLong(v.getLeastSignificantBits())
                .putLong(e));
    buf.flip();
    Path tmp = directory.resolve(FILE + ".tmp");
    try {
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(tmp, directory.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
      Fsync.directory(directory);
    } catch (IOException e) {
      throw new StoreException(
          "cannot persist fencing epoch "
              + epoch
              + " of volume "
              + volumeId
              + " in "
              + directory
              + ": "
              + e.getMessage()
              + "; check the brick's data disk",
          e);
    }
  }
}
