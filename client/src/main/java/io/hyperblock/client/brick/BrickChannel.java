package io.hyperblock.client.brick;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Asynchronous I/O against one brick. Implementations are thread-safe and never block the caller:
 * every method returns at once and completes its future on a transport thread, so callers must not
 * block inside callbacks either.
 *
 * <p><b>Buffers.</b> A buffer passed in is read from its position to its limit before the future
 * completes, without moving the position; the caller must not modify it until then. Buffers handed
 * back belong to the caller.
 *
 * <p><b>Errors.</b> A future fails with a {@link BrickIoException}: {@link
 * BrickUnavailableException} (use redundancy, report the brick), {@link BrickFencedException} (stop
 * writing: a newer writer attached), {@link BrickCorruptDataException} (read elsewhere and repair),
 * {@link GenerationConflictException} (re-read the row), or the plain root type for an unexpected
 * brick error (treat like unavailable), or {@link BrickPlacementChangedException} (not a failure:
 * refresh the placement map and retry the whole operation). Invalid arguments throw {@link
 * IllegalArgumentException} at once.
 *
 * <p><b>Placement version.</b> Every mutation carries {@code placementVersion}, the version of the
 * placement map the caller chose this brick by (ADR 0009); a brick whose placement floor is higher,
 * or whose stripe is frozen for a unit move, refuses it with {@link
 * BrickPlacementChangedException}, applying nothing.
 *
 * <p>Shard I/O (replicated volumes) addresses {@code (volume, stripe, shard)} as BrickService does;
 * unit I/O (erasure-coded volumes) addresses rows through RowService and keeps row generations.
 */
public interface BrickChannel {

  /** The brick's id. */
  UUID brickId();

  /** Writes {@code data} at {@code offset} of the shard (not durable until {@link #flush}). */
  CompletableFuture<Void> writeShard(
      UUID volume,
      long stripe,
      int shard,
      long offset,
      ByteBuffer data,
      long epoch,
      long placementVersion);

  /** Reads {@code length} bytes at {@code offset}; never-written bytes read as zeros. */
  CompletableFuture<ByteBuffer> readShard(
      UUID volume, long stripe, int shard, long offset, int length);

  /** Zeros {@code [offset, offset + length)} of the shard. */
  CompletableFuture<Void> trimShard(
      UUID volume,
      long stripe,
      int shard,
      long offset,
      long length,
      long epoch,
      long placementVersion);

  /**
   * Makes every acknowledged write on this brick durable, unit writes and row metadata included.
   */
  CompletableFuture<Void> flush();

  /**
   * Reads {@code [offsetInUnit, offsetInUnit + length)} of the unit with its row metadata; {@code
   * length} 0 reads the metadata only.
   */
  CompletableFuture<UnitRead> readUnit(UnitRef unit, int offsetInUnit, int length);

  /**
   * Writes {@code data} at {@code offsetInUnit} of the unit and sets its generation (and, for
   * parity, its data-generation vector) as {@code how} says, keeping a rollback record unless
   * {@code how.keepRollback()} is false.
   *
   * @return the unit's metadata after the write
   */
  CompletableFuture<RowMeta> writeUnit(
      UnitRef unit, int offsetInUnit, ByteBuffer data, UnitWrite how);

  /** Drops rollback records (see {@link RowCommit}). Idempotent. */
  CompletableFuture<Void> commit(UUID volume, List<RowCommit> commits);

  /** Undoes every open generation {@code >= fromGeneration} of the unit, newest first. */
  CompletableFuture<RowMeta> rollback(
      UnitRef unit, long fromGeneration, long epoch, long placementVersion);

  /** Sets then clears bits of the unit's stale mask. */
  CompletableFuture<RowMeta> markStale(
      UnitRef unit, long setMask, long clearMask, long epoch, long placementVersion);

  /** The volume's units on this brick with open rollback records or stale marks. */
  CompletableFuture<List<DirtyUnit>> dirtyUnits(UUID volume);
}
