package io.hyperblock.brick.store;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;

/**
 * The local store of a brick: byte-addressable shards, each a sparse array of bytes starting at 0.
 * Byte ranges are half-open {@code [offset, offset + length)}. Implementations are thread-safe;
 * operations on different shards proceed in parallel.
 *
 * <p><b>Durability.</b> A mutation returns once it is applied and journaled; it is visible to reads
 * at once, and is durable once a later {@link #flush()} returns (or at once when written with
 * {@code fua = true}). After a crash, every range written before a completed flush reads back
 * exactly; a range written after the last flush reads as its old or its new bytes (per 4 KiB
 * block), never as bytes of neither and never as a false {@link CorruptBlockException} for flushed
 * data.
 *
 * <p><b>Integrity.</b> Every 4 KiB block has a CRC32C, checked on every read; a mismatch fails the
 * read with {@link CorruptBlockException} and no bytes are returned.
 *
 * <p><b>Fencing.</b> Every mutation carries the volume's fencing epoch. A mutation with an epoch
 * lower than {@link #highestEpoch(UUID)} fails with {@link FencedWriteException} and changes
 * nothing; one with a higher epoch raises the highest epoch durably before it is applied, and
 * mutations of older epochs are rejected from then on, also after a restart.
 *
 * <p><b>Errors.</b> Every method may throw {@link StoreException} for a failed local disk: treat
 * the brick as failed. Invalid arguments throw {@link InvalidRangeException}; using a closed store
 * throws {@link IllegalStateException}.
 */
public interface ShardStore extends AutoCloseable {

  /**
   * Writes {@code data.remaining()} bytes at {@code offset} of the shard, creating the shard if
   * needed. Reads {@code data} from its position to its limit and leaves its position unchanged;
   * the caller keeps ownership of the buffer. Not durable until {@link #flush()}.
   *
   * @param generation the writer's generation of this shard's contents; the shard reports the
   *     highest one written ({@link ShardInfo#generation()})
   * @throws FencedWriteException {@code epoch} is older than the volume's highest epoch
   * @throws DiskFullException the write would exceed the capacity or the disk is full; nothing of
   *     it is applied and existing data is intact
   * @throws CorruptBlockException a partially overwritten block is already corrupt (it cannot be
   *     merged); rewrite the whole block from a healthy copy
   * @throws InvalidRangeException negative offset, range overflow, or more than the max I/O size
   */
  void write(ShardKey key, long offset, ByteBuffer data, long epoch, long generation);

  /**
   * As {@link #write(ShardKey, long, ByteBuffer, long, long)}; with {@code fua} (force unit access,
   * as NBD and NVMe define it) this write is durable when this returns. Other mutations, even of
   * the same shard, are not promised durable until a {@link #flush()}: only the shard's files and
   * the journal are synced, which is far cheaper than a full flush.
   */
  void write(ShardKey key, long offset, ByteBuffer data, long epoch, long generation, boolean fua);

  /**
   * Reads {@code length} bytes at {@code offset} into {@code dst} at its position, advancing it by
   * {@code length}. Ranges never written (or trimmed), and unknown shards, read as zeros.
   *
   * @return {@code length}
   * @throws CorruptBlockException a touched block fails its CRC32C; {@code dst} is unchanged
   * @throws InvalidRangeException negative offset/length, overflow, {@code dst} too small, or more
   *     than the max I/O size
   */
  int read(ShardKey key, long offset, int length, ByteBuffer dst);

  /**
   * Makes every mutation that completed before this call durable: extent data, checksums and
   * journal are synced. Concurrent callers share one sync where possible (group commit).
   */
  void flush();

  /**
   * Zeros {@code [offset, offset + length)} of the shard; fully covered blocks stop counting as
   * used. Not durable until {@link #flush()}. Trimming a missing shard or beyond its end is a
   * no-op.
   *
   * @throws FencedWriteException {@code epoch} is older than the volume's highest epoch
   * @throws CorruptBlockException a partially trimmed edge block is already corrupt
   */
  void trim(ShardKey key, long offset, long length, long epoch);

  /**
   * Raises the volume's highest epoch to {@code epoch} (durably, before returning) if it is higher;
   * a lower or equal epoch is ignored. Called when an exporter attaches with a new epoch, so that
   * older writers are fenced before the new one writes.
   */
  void observeEpoch(UUID volumeId, long epoch);

  /** The highest fencing epoch seen for the volume; 0 if none. */
  long highestEpoch(UUID volumeId);

  /**
   * Removes every shard of the volume and frees their space; durable when this returns. The
   * volume's highest epoch is kept, so fenced writers stay fenced.
   *
   * @throws FencedWriteException {@code epoch} is older than the volume's highest epoch
   */
  void deleteVolume(UUID volumeId, long epoch);

  /** Current space accounting. */
  StoreStats stats();

  /** The shards held, of one volume or of all volumes when {@code volumeIdOrNull} is null. */
  List<ShardInfo> list(UUID volumeIdOrNull);

  /**
   * Journal entries appended after the journal index {@code afterIndex} (exclusive), oldest first,
   * at most {@code maxEntries}. Pass {@link JournalEntry#NONE} to read from the oldest retained
   * entry. Used by delta resync to find the ranges a peer missed.
   */
  List<JournalEntry> changesSince(long afterIndex, int maxEntries);

  /** All journal entries after {@code afterIndex}: {@code changesSince(afterIndex, MAX_VALUE)}. */
  default List<JournalEntry> changesSince(long afterIndex) {
    return changesSince(afterIndex, Integer.MAX_VALUE);
  }

  /**
   * The shard ranges written or trimmed after journal index {@code afterIndex} (exclusive) and at
   * or after {@code sinceMillis} of the store's clock, merged per shard. Delta resync asks a peer
   * for the ranges it changed while another brick was away (pass {@link JournalEntry#NONE} and the
   * time the brick was last seen), then copies only those.
   */
  ChangedRanges changedRangesSince(long afterIndex, long sinceMillis);

  /** Index of the last journal entry, or {@link JournalEntry#NONE} if the journal is empty. */
  long journalHead();

  /** Flushes, checkpoints the journal and releases files. Idempotent. */
  @Override
  void close();
}
