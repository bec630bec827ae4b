package io.hyperblock.bridge.device;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * A fixed-size, byte-addressed device that a bridge exports to clients.
 *
 * <p><b>Ranges.</b> Every operation addresses the half-open byte range {@code [offset, offset +
 * length)}, which must lie within {@code [0, size())}; otherwise the returned future fails with
 * {@link DeviceRangeException} and nothing is read or written. There is no alignment requirement:
 * {@link #preferredBlockSize()} is a hint.
 *
 * <p><b>Buffers.</b> The caller owns {@code dst}/{@code src}; the device uses the bytes between
 * position and limit, and must not touch the buffer after the returned future completes. A read
 * fills {@code dst} completely (position reaches limit) before it succeeds.
 *
 * <p><b>Concurrency.</b> All methods are thread-safe and may be called concurrently with several
 * operations in flight; overlapping concurrent writes land in an unspecified order, as on a disk.
 * Methods should not block the caller on I/O, but callers that need concurrency (the NBD server)
 * call them from their own virtual thread per request, so a blocking implementation is correct,
 * merely serial per caller.
 *
 * <p><b>Durability.</b> A write whose future has completed is visible to later reads through any
 * handle of the same export. It is durable only after a later {@link #flush()} completes, or at
 * once when written with {@code fua = true}.
 *
 * <p><b>Failures.</b> Futures fail with a {@link BlockDeviceException}: {@link
 * DeviceRangeException} (the caller's mistake, retrying cannot help), {@link DeviceIoException}
 * (the medium or the cluster failed; data in the range is unknown), {@link DeviceClosedException}
 * (the handle was closed or the export detached; reopen it). Any other throwable is a bug and
 * exporters report it as an I/O error.
 */
public interface BlockDevice extends AutoCloseable {

  /** Size in bytes, constant for the life of the handle. */
  long size();

  /**
   * Preferred I/O size in bytes: a power of two between 512 and 1 MiB that avoids read-modify-write
   * below this device (typically 4096). Advertised to clients as a hint.
   */
  int preferredBlockSize();

  /** Reads {@code dst.remaining()} bytes starting at {@code offset} into {@code dst}. */
  CompletableFuture<Void> read(long offset, ByteBuffer dst);

  /**
   * Writes {@code src.remaining()} bytes at {@code offset}.
   *
   * @param fua force unit access: the future completes only once the bytes are durable
   */
  CompletableFuture<Void> write(long offset, ByteBuffer src, boolean fua);

  /** Makes every write that completed before this call durable. */
  CompletableFuture<Void> flush();

  /**
   * Declares {@code [offset, offset + length)} unused. Advisory: afterwards the range may read as
   * its old contents, zeroes, or anything else until written again (NBD_CMD_TRIM semantics).
   */
  CompletableFuture<Void> trim(long offset, long length);

  /**
   * Makes {@code [offset, offset + length)} read as zeroes.
   *
   * @param fua force unit access: the future completes only once the zeroes are durable
   */
  CompletableFuture<Void> writeZeroes(long offset, long length, boolean fua);

  /**
   * Whether this handle may be one of several connections to the same export: {@code true} only if
   * a flush or FUA write through any handle of the export makes every write completed through any
   * other handle durable and visible (NBD_FLAG_CAN_MULTI_CONN). Defaults to {@code false}.
   */
  default boolean multiConnectionSafe() {
    return false;
  }

  /**
   * Releases this handle. Operations still in flight complete or fail with {@link
   * DeviceClosedException}; later calls fail with it. Idempotent; never throws.
   */
  @Override
  void close();
}
