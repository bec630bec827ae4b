package io.hyperblock.brick.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * On-disk layout of a store directory: {@code shards/<volume-uuid>/<stripe>-<shard>.ext|.crc}, the
 * {@code epochs} file ({@link EpochTable}) and the {@code checkpoint} file (the journal index up to
 * which every mutation is known to be synced).
 */
final class StoreFiles {
  private static final Pattern EXTENT = Pattern.compile("(\\d+)-(\\d+)\\.ext");
  private static final String CHECKPOINT = "checkpoint";

  private StoreFiles() {}

  static Path volumeDir(Path shardsDir, UUID volumeId) {
    return shardsDir.resolve(volumeId.toString());
  }

  /** Opens every extent under {@code shardsDir} into {@code into}. */
  static void discover(Path shardsDir, Map<ShardKey, Extent> into) throws IOException {
    try (DirectoryStream<Path> volumes = Files.newDirectoryStream(shardsDir)) {
      for (Path volumeDir : volumes) {
        UUID volumeId = UUID.fromString(volumeDir.getFileName().toString());
        try (DirectoryStream<Path> files = Files.newDirectoryStream(volumeDir, "*.ext")) {
          for (Path file : files) {
            Matcher m = EXTENT.matcher(file.getFileName().toString());
            if (m.matches()) {
              ShardKey key =
                  new ShardKey(volumeId, Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)));
              into.put(key, Extent.open(key, volumeDir));
            }
          }
        }
      }
    }
  }

  /**
   * Takes the store directory's exclusive lock ({@code directory/lock}), held until the returned
   * channel is closed (or the process dies): two stores on one directory would corrupt it.
   */
  static FileChannel lock(Path directory) throws IOException {
    FileChannel ch =
        FileChannel.open(
            directory.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      ch.close();
      throw new StoreException(
          "shard store directory "
              + directory
              + " is already open (its lock file is held by"
              + " another brick process or store); stop that brick first");
    }
    return ch;
  }

  static long readCheckpoint(Path directory) throws IOException {
    Path file = directory.resolve(CHECKPOINT);
    if (!Files.exists(file)) {
      return JournalEntry.NONE;
    }
    return ByteBuffer.wrap(Files.readAllBytes(file)).getLong();
  }

  /** Replaces the checkpoint file atomically and durably. */
  static void writeCheckpoint(Path directory, long index) throws IOException {
    Path tmp = directory.resolve(CHECKPOINT + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.allocate(8).putLong(index).flip();
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    Files.move(tmp, directory.resolve(CHECKPOINT), StandardCopyOption.ATOMIC_MOVE);
    Fsync.directory(directory);
  }

  /** Whether an I/O error means the file system is out of space or quota. */
  static boolean isNoSpace(IOException e) {
    String m = String.valueOf(e.getMessage());
    return m.contains("No space left on device") || m.contains("Disk quota exceeded");
  }
}
