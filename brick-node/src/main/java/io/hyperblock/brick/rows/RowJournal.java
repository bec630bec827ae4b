package io.hyperblock.brick.rows;

import io.hyperblock.brick.store.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * An append-only file of {@link RowRecord}s framed as {@code [int length][int crc32c][payload]}.
 * Appends go to the page cache (they survive a process kill); {@link #sync()} makes them durable.
 * Reading stops at the first torn or corrupt frame (a crash mid-append) and the file is truncated
 * there. Thread-safe: appends are serialized.
 */
final class RowJournal implements AutoCloseable {

  static final String FILE = "rows.journal";

  private final Path dir;
  private final Object syncLock = new Object();
  private FileChannel channel;
  private volatile long synced;

  private RowJournal(Path dir, FileChannel channel) {
    this.dir = dir;
    this.channel = channel;
  }

  /** A record read back with the position just past it. */
  record Positioned(RowRecord record, long end) {}

  /** Opens the journal in {@code dir} and returns it with the records it holds, oldest first. */
  static RowJournal open(Path dir, List<RowRecord> records) {
    List<Positioned> positioned = new ArrayList<>();
    RowJournal j = openPositioned(dir, positioned);
    positioned.forEach(p -> records.add(p.record()));
    return j;
  }

  /** As {@link #open}, with each record's end position. */
  static RowJournal openPositioned(Path dir, List<Positioned> records) {
    try {
      Files.createDirectories(dir);
      FileChannel ch =
          FileChannel.open(
              dir.resolve(FILE),
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      long end = readAll(ch, records);
      ch.truncate(end);
      ch.position(end);
      return new RowJournal(dir, ch);
    } catch (IOException e) {
      throw new StoreException("cannot open the row journal in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static long readAll(FileChannel ch, List<Positioned> out) throws IOException {
    long pos = 0;
    long size = ch.size();
    ByteBuffer head = ByteBuffer.allocate(8);
    while (pos + 8 <= size) {
      head.clear();
      ch.read(head, pos);
      int len = head.getInt(0);
      int crc = head.getInt(4);
      if (len <= 0 || pos + 8 + len > size) {
        break;
      }
      ByteBuffer payload = ByteBuffer.allocate(len);
      ch.read(payload, pos + 8);
      if (crc(payload.array()) != crc) {
        break;
      }
      try {
        out.add(new Positioned(RowRecord.decode(payload.array()), pos + 8 + len));
      } catch (IOException e) {
        break;
      }
      pos += 8 + len;
    }
    return pos;
  }

  private static int crc(byte[] b) {
    CRC32C c = new CRC32C();
    c.update(b);
    return (int) c.getValue();
  }

  private static ByteBuffer frame(RowRecord r) {
    byte[] payload = RowRecord.encode(r);
    ByteBuffer f = ByteBuffer.allocate(8 + payload.length);
    f.putInt(payload.length).putInt(crc(payload)).put(payload).flip();
    return f;
  }

  /**
   * Appends one record (not durable until {@link #syncTo} or {@link #sync()}).
   *
   * @return the journal position just past the record
   */
  synchronized long append(RowRecord r) {
    ByteBuffer f = frame(r);
    try {
      while (f.hasRemaining()) {
        channel.write(f);
      }
      return channel.position();
    } catch (IOException e) {
      throw new StoreException("row journal append failed: " + e.getMessage(), e);
    }
  }

  /** The position just past the last appended record. */
  synchronized long position() {
    try {
      return channel.position();
    } catch (IOException e) {
      throw new StoreException("row journal position failed: " + e.getMessage(), e);
    }
  }

  /**
   * Makes every record up to {@code position} durable. Group commit: callers arriving while a sync
   * runs wait for it and usually find their record covered, so concurrent writers share syncs.
   */
  void syncTo(long position) {
    if (synced >= position) {
      return;
    }
    synchronized (syncLock) {
      if (synced >= position) {
        return;
      }
      long end = position();
      try {
        channelForSync().force(false);
      } catch (IOException e) {
        throw new StoreException("row journal sync failed: " + e.getMessage(), e);
      }
      synced = end;
    }
  }

  private synchronized FileChannel channelForSync() {
    return channel;
  }

  /** Forces every appended record to disk. */
  void sync() {
    syncTo(position());
  }

  synchronized long size() {
    try {
      return channel.size();
    } catch (IOException e) {
      throw new StoreException("row journal size failed: " + e.getMessage(), e);
    }
  }

  /**
   * Replaces the journal by {@code snapshot} atomically (write a new file, sync, rename, sync the
   * directory). The caller must stop appends meanwhile.
   */
  synchronized void rewrite(List<RowRecord> snapshot) {
    Path tmp = dir.resolve(FILE + ".tmp");
    try (FileChannel out =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      for (RowRecord r : snapshot) {
        ByteBuffer f = frame(r);
        while (f.hasRemaining()) {
          out.write(f);
        }
      }
      out.force(true);
    } catch (IOException e) {
      throw new StoreException("row journal compaction failed: " + e.getMessage(), e);
    }
    try {
      channel.close();
      try {
        Files.move(
            tmp,
            dir.resolve(FILE),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
      }
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      } catch (IOException ignored) {
        // some file systems cannot sync a directory; the rename is still ordered after the data
      }
      channel =
          FileChannel.open(dir.resolve(FILE), StandardOpenOption.READ, StandardOpenOption.WRITE);
      channel.position(channel.size());
    } catch (IOException e) {
      throw new StoreException("row journal compaction failed: " + e.getMessage(), e);
    }
  }

  /** Records currently in the file (for tests). */
  synchronized List<RowRecord> readBack() throws IOException {
    List<Positioned> out = new ArrayList<>();
    readAll(channel, out);
    return out.stream().map(Positioned::record).toList();
  }

  @Override
  public synchronized void close() {
    try {
      channel.force(false);
      channel.close();
    } catch (IOException e) {
      throw new StoreException("row journal close failed: " + e.getMessage(), e);
    }
  }
}
