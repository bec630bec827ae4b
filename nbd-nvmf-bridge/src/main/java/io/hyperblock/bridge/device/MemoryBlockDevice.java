package io.hyperblock.bridge.device;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * A device held in a heap array, for tests. Operations complete synchronously; every write is
 * immediately "durable" (there is nothing below it), so flush and FUA are no-ops and several
 * connections may share it. {@link #trim} zeroes the range, so tests can observe it.
 */
public final class MemoryBlockDevice implements BlockDevice {

  private final byte[] data;
  private volatile boolean closed;

  /**
   * @param size bytes, at most {@link Integer#MAX_VALUE} - 8 (one Java array)
   * @throws IllegalArgumentException if size is negative or too large for one array
   */
  public MemoryBlockDevice(long size) {
    if (size < 0 || size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "in-memory device size must be in [0, 2 GiB), got " + size + " bytes");
    }
    this.data = new byte[(int) size];
  }

  @Override
  public long size() {
    return data.length;
  }

  @Override
  public int preferredBlockSize() {
    return 4096;
  }

  @Override
  public CompletableFuture<Void> read(long offset, ByteBuffer dst) {
    return apply(offset, dst.remaining(), () -> dst.put(data, (int) offset, dst.remaining()));
  }

  @Override
  public CompletableFuture<Void> write(long offset, ByteBuffer src, boolean fua) {
    return apply(offset, src.remaining(), () -> src.get(data, (int) offset, src.remaining()));
  }

  @Override
  public CompletableFuture<Void> flush() {
    return apply(0, 0, () -> {});
  }

  @Override
  public CompletableFuture<Void> trim(long offset, long length) {
    return writeZeroes(offset, length, false);
  }

  @Override
  public CompletableFuture<Void> writeZeroes(long offset, long length, boolean fua) {
    return apply(
        offset, length, () -> Arrays.fill(data, (int) offset, (int) (offset + length), (byte) 0));
  }

  @Override
  public boolean multiConnectionSafe() {
    return true;
  }

  @Override
  public void close() {
    closed = true;
  }

  /** A copy of the bytes in {@code [offset, offset + length)}, for assertions. */
  public synchronized byte[] snapshot(long offset, int length) {
    DeviceRangeException.check(offset, length, data.length);
    return Arrays.copyOfRange(data, (int) offset, (int) offset + length);
  }

  private synchronized CompletableFuture<Void> apply(long offset, long length, Runnable action) {
    if (closed) {
      return CompletableFuture.failedFuture(new DeviceClosedException("in-memory device closed"));
    }
    try {
      DeviceRangeException.check(offset, length, data.length);
    } catch (DeviceRangeException e) {
      return CompletableFuture.failedFuture(e);
    }
    action.run();
    return CompletableFuture.completedFuture(null);
  }
}
