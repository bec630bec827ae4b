package io.hyperblock.brick.store;

import java.util.UUID;

/**
 * One record of the change journal, as returned by {@link ShardStore#changesSince(long, int)}.
 *
 * @param index the journal index (monotonic, not dense)
 * @param kind what changed
 * @param volumeId the volume; null for {@link ChangeKind#CHECKPOINT}
 * @param key the shard for {@link ChangeKind#WRITE}/{@link ChangeKind#TRIM}; otherwise null
 * @param offset first byte of the range; for {@link ChangeKind#CHECKPOINT} the covered index
 * @param length length of the range in bytes
 * @param generation shard generation of a write (the shard's current one for a trim)
 * @param epoch fencing epoch of the mutation
 * @param timestampMillis when it was journaled, from the store's clock
 * @param oldChecksums stored checksums of the touched 4 KiB blocks before the mutation (see {@code
 *     Blocks}); empty unless WRITE/TRIM. Owned by the entry: do not modify.
 * @param newChecksums stored checksums of the touched blocks after the mutation
 */
public record JournalEntry(
    long index,
    ChangeKind kind,
    UUID volumeId,
    ShardKey key,
    long offset,
    long length,
    long generation,
    long epoch,
    long timestampMillis,
    int[] oldChecksums,
    int[] newChecksums) {

  /** "No index": before the first entry. */
  public static final long NONE = -1L;

  /** First 4 KiB block touched by a WRITE/TRIM. */
  long firstBlock() {
    return Blocks.index(offset);
  }
}
