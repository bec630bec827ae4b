package io.hyperblock.bridge.device;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * A handle on a shared device: delegates every operation, and on {@link #close()} only stops
 * forwarding (later calls fail with {@link DeviceClosedException}); the shared device stays open.
 */
final class BorrowedBlockDevice implements BlockDevice {

  private final BlockDevice shared;
  private volatile boolean closed;

  BorrowedBlockDevice(BlockDevice shared) {
    this.shared = shared;
  }

  @Override
  public long size() {
    return shared.size();
  }

  @Override
  public int preferredBlockSize() {
    return shared.preferredBlockSize();
  }

  @Override
  public CompletableFuture<Void> read(long offset, ByteBuffer dst) {
    return closed ? closedFuture() : shared.read(offset, dst);
  }

  @Override
  public CompletableFuture<Void> write(long offset, ByteBuffer src, boolean fua) {
    return closed ? closedFuture() : shared.write(offset, src, fua);
  }

  @Override
  public CompletableFuture<Void> flush() {
    return closed ? closedFuture() : shared.flush();
  }

  @Override
  public CompletableFuture<Void> trim(long offset, long length) {
    return closed ? closedFuture() : shared.trim(offset, length);
  }

  @Override
  public CompletableFuture<Void> writeZeroes(long offset, long length, boolean fua) {
    return closed ? closedFuture() : shared.writeZeroes(offset, length, fua);
  }

  @Override
  public boolean multiConnectionSafe() {
    return shared.multiConnectionSafe();
  }

  @Override
  public void close() {
    closed = true;
  }

  private static CompletableFuture<Void> closedFuture() {
    return CompletableFuture.failedFuture(new DeviceClosedException("the export handle is closed"));
  }
}
