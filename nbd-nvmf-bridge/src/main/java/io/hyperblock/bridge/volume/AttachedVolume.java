package io.hyperblock.bridge.volume;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * One attachment of a volume: the volume client operations the bridge needs (implemented by {@link
 * ClientAttachedVolume} over {@link io.hyperblock.client.VolumeClient}). Thread-safe; many
 * operations may be in flight.
 *
 * <p>Ranges are half-open byte ranges that the caller has already checked lie inside {@code [0,
 * sizeBytes())}. Buffers: bytes between position and limit; positions are not moved; the caller
 * keeps the buffer untouched until the future completes.
 *
 * <p>Futures fail with the volume client's exceptions: {@link
 * io.hyperblock.client.VolumeFencedException} (another attach took the volume: this attachment is
 * dead), {@link io.hyperblock.client.VolumeUnavailableException} (too many bricks failed), or any
 * other {@link RuntimeException} for an unexpected failure. {@link VolumeBlockDevice} maps them.
 */
interface AttachedVolume extends AutoCloseable {

  /** Volume name (the export name). */
  String name();

  /** Logical size in bytes, fixed for the life of the attachment. */
  long sizeBytes();

  /** Preferred I/O size in bytes, as {@link VolumeDirectory#preferredBlockSize}. */
  int preferredBlockSize();

  CompletableFuture<Void> read(long offset, ByteBuffer dst);

  CompletableFuture<Void> write(long offset, ByteBuffer src);

  /** Makes every write acknowledged before the call durable, whichever handle sent it. */
  CompletableFuture<Void> flush();

  /** Makes the range read as zeroes. */
  CompletableFuture<Void> writeZeroes(long offset, long length);

  /** Deallocates the range (reads as zeroes afterwards). */
  CompletableFuture<Void> trim(long offset, long length);

  /** Whether an operation failed because a newer attachment fenced this one. */
  boolean fenced();

  /** Detaches (sends pending EC commits first). Idempotent; never throws. */
  @Override
  void close();
}
