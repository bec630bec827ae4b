package io.hyperblock.client.metadata;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The management-server calls of a volume client. Thread-safe; futures fail with {@link
 * MetadataException}.
 */
public interface MetadataClient extends AutoCloseable {

  /**
   * Attaches the volume for exclusive writing: the server grants a new, higher fencing epoch and
   * pushes it to the volume's bricks before answering, so any previous writer is fenced.
   *
   * @param clientId stable id of this exporter (host name, CSI node id)
   */
  CompletableFuture<Attachment> attach(String volumeName, String clientId);

  /** The current placement map of the volume with brick addresses. */
  CompletableFuture<Placement> placement(UUID volumeId);

  /** Releases the attachment of {@code epoch}; a stale epoch is refused. */
  CompletableFuture<Void> detach(UUID volumeId, long epoch);

  /**
   * Tells the server that unit {@code shardIndex} of stripe {@code stripeIndex} on {@code brickId}
   * missed a write or failed a read, so it records the replica as stale and schedules a resync.
   */
  CompletableFuture<Void> reportFailure(
      UUID volumeId, long stripeIndex, int shardIndex, UUID brickId, long epoch, String reason);

  @Override
  void close();
}
