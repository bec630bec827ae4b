package io.hyperblock.bridge.volume;

import io.hyperblock.bridge.device.BlockDevice;
import io.hyperblock.bridge.device.BlockDeviceException;
import io.hyperblock.bridge.device.DeviceClosedException;
import io.hyperblock.bridge.device.DeviceIoException;
import io.hyperblock.bridge.device.DeviceRangeException;
import io.hyperblock.client.VolumeFencedException;
import io.hyperblock.client.VolumeIoException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One connection's handle on a shared {@link AttachedVolume}. Closing the handle only releases it
 * ({@code onClose} lets the resolver detach when the last handle goes); the attachment stays open
 * for the other handles.
 *
 * <p>Failures are mapped to the {@link BlockDevice} contract: ranges outside the volume fail with
 * {@link DeviceRangeException} before anything is sent; {@link VolumeFencedException} and every
 * other {@link VolumeIoException} become {@link DeviceIoException} (EIO: the data in the range is
 * unknown to this exporter); calls after {@link #close()} fail with {@link DeviceClosedException}.
 * FUA is a write followed by a flush of the volume: the future completes only once both did.
 *
 * <p>{@link #multiConnectionSafe()} is true: every handle of an export in this bridge shares one
 * attachment (one volume client), so a flush through any handle is the very same flush of every
 * brick of the volume, and it covers writes acknowledged through every other handle (the volume
 * client's flush contract; bricks flush everything they hold, brick.proto {@code Flush}). Reads
 * through any handle go to the same client and see every completed write.
 */
final class VolumeBlockDevice implements BlockDevice {

  private final AttachedVolume volume;
  private final Runnable onClose;
  private final AtomicBoolean closed = new AtomicBoolean();

  VolumeBlockDevice(AttachedVolume volume, Runnable onClose) {
    this.volume = volume;
    this.onClose = onClose;
  }

  @Override
  public long size() {
    return volume.sizeBytes();
  }

  @Override
  public int preferredBlockSize() {
    return volume.preferredBlockSize();
  }

  @Override
  public boolean multiConnectionSafe() {
    return true;
  }

  @Override
  public CompletableFuture<Void> read(long offset, ByteBuffer dst) {
    return run(offset, dst.remaining(), () -> volume.read(offset, dst));
  }

  @Override
  public CompletableFuture<Void> write(long offset, ByteBuffer src, boolean fua) {
    return run(
        offset,
        src.remaining(),
        () ->
            fua
                ? volume.write(offset, src).thenCompose(v -> volume.flush())
                : volume.write(offset, src));
  }

  @Override
  public CompletableFuture<Void> flush() {
    return run(0, 0, volume::flush);
  }

  @Override
  public CompletableFuture<Void> trim(long offset, long length) {
    return run(offset, length, () -> volume.trim(offset, length));
  }

  @Override
  public CompletableFuture<Void> writeZeroes(long offset, long length, boolean fua) {
    return run(
        offset,
        length,
        () ->
            fua
                ? volume.writeZeroes(offset, length).thenCompose(v -> volume.flush())
                : volume.writeZeroes(offset, length));
  }

  private CompletableFuture<Void> run(
      long offset, long length, Supplier<CompletableFuture<Void>> op) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(
          new DeviceClosedException("the connection's handle on " + volume.name() + " is closed"));
    }
    try {
      DeviceRangeException.check(offset, length, volume.sizeBytes());
      return op.get().handle(this::mapped).thenCompose(f -> f);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(map(e));
    }
  }

  private CompletableFuture<Void> mapped(Void ok, Throwable failure) {
    return failure == null
        ? CompletableFuture.completedFuture(null)
        : CompletableFuture.failedFuture(map(failure));
  }

  /** The {@link BlockDevice} failure for a volume client failure (see the class comment). */
  BlockDeviceException map(Throwable failure) {
    Throwable t = failure;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return switch (t) {
      case BlockDeviceException e -> e;
      case VolumeFencedException e ->
          new DeviceIoException(
              "volume "
                  + volume.name()
                  + " was attached by another exporter, which fenced this one: "
                  + e.getMessage(),
              e);
      case VolumeIoException e ->
          new DeviceIoException("volume " + volume.name() + ": " + e.getMessage(), e);
      default -> new DeviceIoException("volume " + volume.name() + ": unexpected failure: " + t, t);
    };
  }

  /** Releases this handle; the shared attachment detaches when its last handle is released. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      onClose.run();
    }
  }
}
