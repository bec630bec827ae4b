package io.hyperblock.brick.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The files of one shard: a sparse extent file with the shard's bytes at their offsets, and a
 * checksum file holding a 64-byte header (magic, format, highest generation) followed by one
 * little-endian 4-byte stored checksum per 4 KiB block ({@link Blocks}). Both use positional I/O.
 *
 * <p>Not thread-safe by itself: callers hold {@link #lock} (shared to read, exclusive to change).
 */
final class Extent {
  private static final int MAGIC = 0x4842434b; // "HBCK"
  private static final int FORMAT = 1;
  private static final int HEADER = 64;

  final ShardKey key;
  final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Path dataPath;
  private final Path checksumPath;
  private final FileChannel data;
  private final FileChannel checksums;
  private long generation;
  private long usedBlocks;
  private volatile boolean deleted;

  private Extent(ShardKey key, Path dataPath, Path checksumPath) throws IOException {
    this.key = key;
    this.dataPath = dataPath;
    this.checksumPath = checksumPath;
    var opts =
        new StandardOpenOption[] {
          StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE
        };
    this.data = FileChannel.open(dataPath, opts);
    this.checksums = FileChannel.open(checksumPath, opts);
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    readFully(checksums, header, 0);
    header.clear();
    if (header.getInt(0) == 0) {
      writeHeader(0);
    } else if (header.getInt(0) != MAGIC || header.getInt(4) != FORMAT) {
      throw new StoreException(
          "checksum file "
              + checksumPath
              + " has an unknown header; it was not written by this"
              + " version of the brick, or is damaged: restore the brick from its peers");
    } else {
      generation = header.getLong(8);
    }
    usedBlocks = countUsedBlocks();
  }

  /** Opens (creating if missing) the files of {@code key} in {@code volumeDir}. */
  static Extent open(ShardKey key, Path volumeDir) throws IOException {
    String base = key.stripeIndex() + "-" + key.shardIndex();
    return new Extent(key, volumeDir.resolve(base + ".ext"), volumeDir.resolve(base + ".crc"));
  }

  long generation() {
    return generation;
  }

  long usedBlocks() {
    return usedBlocks;
  }

  void addUsedBlocks(long delta) {
    usedBlocks += delta;
  }

  boolean deleted() {
    return deleted;
  }

  long size() throws IOException {
    return data.size();
  }

  /** Raises the recorded generation (header write; durable at the next force). */
  void raiseGeneration(long g) throws IOException {
    if (g > generation) {
      writeHeader(g);
      generation = g;
    }
  }

  private void writeHeader(long g) throws IOException {
    ByteBuffer h = ByteBuffer.allocate(HEADER).putInt(MAGIC).putInt(FORMAT).putLong(g).clear();
    writeFully(checksums, h, 0);
  }

  /** Stored checksums of {@code n} blocks from {@code first}; 0 for blocks past the file end. */
  int[] readChecksums(long first, int n) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
    readFully(checksums, buf, HEADER + first * 4);
    int[] out = new int[n];
    buf.clear().asIntBuffer().get(out);
    return out;
  }

  void writeChecksums(long first, int[] values) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asIntBuffer().put(values);
    writeFully(checksums, buf, HEADER + first * 4);
  }

  /** The bytes of {@code n} blocks from {@code first}; zeros past the end of the file. */
  ByteBuffer readBlocks(long first, int n) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(n * Blocks.SIZE);
    readFully(data, buf, first * Blocks.SIZE);
    return buf.clear();
  }

  void writeData(ByteBuffer src, long offset) throws IOException {
    writeFully(data, src.duplicate(), offset);
  }

  /**
   * Gives {@code [offset, offset + length)} (block-aligned) back to the file system; it then reads
   * as zeros. Returns false where hole punching is unavailable: the caller writes zeros instead.
   */
  boolean punchHole(long offset, long length) {
    return HolePuncher.instance().map(p -> p.punch(dataPath, offset, length)).orElse(false);
  }

  /** Shrinks the extent file to {@code length} bytes (the cut tail must read as zeros). */
  void truncate(long length) throws IOException {
    if (length < data.size()) {
      data.truncate(length);
    }
  }

  /** Number of blocks whose stored checksum is not the zero marker. */
  long countUsedBlocks() throws IOException {
    long used = 0;
    long blocks = Math.max(0, (checksums.size() - HEADER) / 4);
    int step = 16384;
    for (long b = 0; b < blocks; b += step) {
      for (int v : readChecksums(b, (int) Math.min(step, blocks - b))) {
        used += v != 0 ? 1 : 0;
      }
    }
    return used;
  }

  /** fdatasync of both files. */
  void force() throws IOException {
    if (!deleted) {
      data.force(false);
      checksums.force(false);
    }
  }

  void closeQuietly() {
    try {
      data.close();
      checksums.close();
    } catch (IOException ignored) {
      // Closing a read/write FileChannel after force cannot lose data; nothing to do.
    }
  }

  /** Closes and removes both files; later calls see {@link #deleted()}. */
  void delete() throws IOException {
    deleted = true;
    closeQuietly();
    Files.deleteIfExists(dataPath);
    Files.deleteIfExists(checksumPath);
  }

  private static void readFully(FileChannel ch, ByteBuffer dst, long pos) throws IOException {
    while (dst.hasRemaining()) {
      int n = ch.read(dst, pos);
      if (n < 0) {
        return; // past the end: the rest of dst keeps its zeros
      }
      pos += n;
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer src, long pos) throws IOException {
    while (src.hasRemaining()) {
      pos += ch.write(src, pos);
    }
  }
}
