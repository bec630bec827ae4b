package io.hyperblock.brick.identity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Crash-safe replacement of small files. */
public final class DurableFiles {
  private DurableFiles() {}

  /**
   * Replaces {@code target} with {@code content} so that after a crash at any point the file holds
   * either its old content or the new content, never a mix or nothing: writes a temp file in the
   * same directory, fsyncs it, renames it over the target atomically, then fsyncs the directory so
   * the rename itself is durable.
   *
   * @throws IOException if any step fails; the target then still holds its old content (a stray
   *     temp file may remain and is overwritten by the next call)
   */
  public static void writeAtomically(Path target, byte[] content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = dir.resolve("." + target.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(content);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "the file system of " + dir + " cannot rename atomically; use a local POSIX file system",
          e);
    }
    fsyncDirectory(dir);
  }

  /** Makes entries created, renamed or deleted in {@code dir} durable. */
  public static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
