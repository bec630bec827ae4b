package io.hyperblock.brick.store;

/** What a journal entry records. */
public enum ChangeKind {
  /** Bytes written to a shard range. */
  WRITE,
  /** A shard range zeroed. */
  TRIM,
  /** All shards of a volume removed. */
  DELETE_VOLUME,
  /** A volume's highest fencing epoch raised. */
  EPOCH,
  /**
   * Every mutation up to the journal index in {@link JournalEntry#offset()} is on disk with its
   * checksums: recovery need not look at them.
   */
  CHECKPOINT
}
