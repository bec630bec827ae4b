package io.hyperblock.brick.store;

/**
 * The bytes of a 4 KiB block on disk do not match its CRC32C: the block is corrupt and none of the
 * requested bytes were returned. The caller should read the range from another replica (or
 * reconstruct it from the other EC shards) and rewrite the whole block here to repair it.
 */
public class CorruptBlockException extends StoreException {
  private static final long serialVersionUID = 1L;

  private final transient ShardKey key;
  private final long blockIndex;

  public CorruptBlockException(ShardKey key, long blockIndex) {
    super(
        "block "
            + blockIndex
            + " of shard "
            + key
            + " (bytes ["
            + blockIndex * Blocks.SIZE
            + ", "
            + (blockIndex + 1) * Blocks.SIZE
            + ")) fails its CRC32C check; read it from another replica and rewrite it here");
    this.key = key;
    this.blockIndex = blockIndex;
  }

  public ShardKey key() {
    return key;
  }

  public long blockIndex() {
    return blockIndex;
  }
}
