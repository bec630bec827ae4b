package io.hyperblock.bridge.device;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * A device backed by a regular file: positional {@link FileChannel} I/O, {@code fdatasync} ({@code
 * force(false)}) on flush and FUA. The reference implementation for tests and for exporting local
 * files.
 *
 * <p>Each operation runs on its own virtual thread, so many may be in flight. {@link #trim} is a
 * no-op (trim is advisory and the JDK cannot punch holes); {@link #writeZeroes} writes zero bytes.
 * One instance may serve several connections: fsync covers the whole file, so {@link
 * #multiConnectionSafe()} is {@code true}.
 */
public final class FileBlockDevice implements BlockDevice {

  /** Zeroes written per positional write by {@link #writeZeroes}: bounds the write size. */
  private static final int ZERO_CHUNK = 1 << 20;

  private static final ByteBuffer ZEROES = ByteBuffer.allocateDirect(ZERO_CHUNK).asReadOnlyBuffer();

  private final Path path;
  private final FileChannel channel;
  private final long size;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  private FileBlockDevice(Path path, FileChannel channel, long size) {
    this.path = path;
    this.channel = channel;
    this.size = size;
  }

  /**
   * Creates (or truncates) a sparse file of {@code size} bytes and opens it.
   *
   * @throws IllegalArgumentException if size is negative
   * @throws IOException if the file cannot be created
   */
  public static FileBlockDevice create(Path path, long size) throws IOException {
    if (size < 0) {
      throw new IllegalArgumentException("device size cannot be negative, got " + size);
    }
    FileChannel ch =
        FileChannel.open(
            path,
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
    try (var raf = new java.io.RandomAccessFile(path.toFile(), "rw")) {
      raf.setLength(size);
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    return new FileBlockDevice(path, ch, size);
  }

  /** Opens an existing file; the device size is the file's current length. */
  public static FileBlockDevice open(Path path) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    return new FileBlockDevice(path, ch, Files.size(path));
  }

  public Path path() {
    return path;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public int preferredBlockSize() {
    return 4096;
  }

  @Override
  public CompletableFuture<Void> read(long offset, ByteBuffer dst) {
    return run(
        offset,
        dst.remaining(),
        () -> {
          long pos = offset;
          while (dst.hasRemaining()) {
            int n = channel.read(dst, pos);
            if (n < 0) { // the file was shortened underneath us: the tail reads as zeroes
              while (dst.hasRemaining()) {
                dst.put((byte) 0);
              }
              break;
            }
            pos += n;
          }
        });
  }

  @Override
  public CompletableFuture<Void> write(long offset, ByteBuffer src, boolean fua) {
    return run(
        offset,
        src.remaining(),
        () -> {
          long pos = offset;
          while (src.hasRemaining()) {
            pos += channel.write(src, pos);
          }
          if (fua) {
            channel.force(false);
          }
        });
  }

  @Override
  public CompletableFuture<Void> flush() {
    return run(0, 0, () -> channel.force(false));
  }

  @Override
  public CompletableFuture<Void> trim(long offset, long length) {
    return run(offset, length, () -> {});
  }

  @Override
  public CompletableFuture<Void> writeZeroes(long offset, long length, boolean fua) {
    return run(
        offset,
        length,
        () -> {
          long pos = offset;
          long end = offset + length;
          while (pos < end) {
            ByteBuffer chunk = ZEROES.duplicate().limit((int) Math.min(ZERO_CHUNK, end - pos));
            while (chunk.hasRemaining()) {
              pos += channel.write(chunk, pos);
            }
          }
          if (fua) {
            channel.force(false);
          }
        });
  }

  @Override
  public boolean multiConnectionSafe() {
    return true;
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      channel.close();
    } catch (IOException e) {
      System.getLogger(FileBlockDevice.class.getName())
          .log(System.Logger.Level.WARNING, "closing " + path + " failed", e);
    }
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private CompletableFuture<Void> run(long offset, long length, IoAction action) {
    try {
      DeviceRangeException.check(offset, length, size);
    } catch (DeviceRangeException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Void> result = new CompletableFuture<>();
    try {
      executor.execute(
          () -> {
            try {
              action.run();
              result.complete(null);
            } catch (java.nio.channels.ClosedChannelException e) {
              result.completeExceptionally(new DeviceClosedException(path + " is closed"));
            } catch (IOException | RuntimeException e) {
              result.completeExceptionally(
                  new DeviceIoException("I/O on " + path + " failed: " + e, e));
            }
          });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new DeviceClosedException(path + " is closed"));
    }
    return result;
  }
}
