package io.hyperblock.core.placement;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Where one chunk lives: a replicated chunk on N bricks, or one EC shard on one brick.
 *
 * <p><b>Chunk id format.</b> {@code <volumeUuid>/<stripeIndex>} for a replicated chunk (all
 * replicas share it) and {@code <volumeUuid>/<stripeIndex>/<shardIndex>} for an EC shard, where the
 * UUID is in its canonical lower-case form and the indexes are decimal without padding, e.g. {@code
 * 0f8c...-9a/17/3}. Shards 0..k-1 are data, k..k+m-1 parity.
 *
 * @param chunkId the chunk id, non-blank
 * @param brickIds the bricks holding it, non-empty, distinct; replicas in slot order
 */
public record ChunkLocation(String chunkId, List<UUID> brickIds) {

  public ChunkLocation {
    Objects.requireNonNull(chunkId, "chunkId");
    if (chunkId.isBlank()) {
      throw new IllegalArgumentException("chunk id must not be blank");
    }
    brickIds = List.copyOf(brickIds);
    if (brickIds.isEmpty()) {
      throw new IllegalArgumentException("chunk " + chunkId + " has no brick");
    }
    if (brickIds.stream().distinct().count() != brickIds.size()) {
      throw new IllegalArgumentException(
          "chunk "
              + chunkId
              + " lists a brick twice: "
              + brickIds
              + "; replicas need distinct bricks");
    }
  }

  /** The id of a replicated chunk: {@code <volumeUuid>/<stripeIndex>}. */
  public static String replicaChunkId(UUID volumeId, long stripeIndex) {
    return volumeId + "/" + stripeIndex;
  }

  /** The id of an EC shard: {@code <volumeUuid>/<stripeIndex>/<shardIndex>}. */
  public static String shardChunkId(UUID volumeId, long stripeIndex, int shardIndex) {
    return volumeId + "/" + stripeIndex + "/" + shardIndex;
  }
}
