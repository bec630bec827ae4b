package io.hyperblock.server.healing;

import io.hyperblock.protocol.v1.ChunkInfo;
import io.hyperblock.protocol.v1.RebuildUnitRequest;
import io.hyperblock.protocol.v1.ReclaimUnitsRequest;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/** The server's calls to bricks' RepairService (repair.proto). Thread-safe. */
public interface RepairClient extends AutoCloseable {

  /**
   * Asks the brick at {@code address} to rebuild a unit.
   *
   * @param progress called with bytes done as the brick reports them (on a gRPC thread)
   * @return completes with the bytes the brick wrote once the unit is durable there; fails with the
   *     brick's status (UNAVAILABLE: sources unreadable or brick away; retry later)
   */
  CompletableFuture<Long> rebuild(
      String address, RebuildUnitRequest request, LongConsumer progress);

  /** What a finished rebuild reported. */
  record RebuildResult(long bytesWritten, long fencedForMillis) {}

  /**
   * As {@link #rebuild}, also answering how long the brick has held the stripe frozen when it
   * finished a fenced rebuild (ADR 0009; 0 when not fenced or not reported).
   */
  default CompletableFuture<RebuildResult> rebuildFenced(
      String address, RebuildUnitRequest request, LongConsumer progress) {
    return rebuild(address, request, progress).thenApply(w -> new RebuildResult(w, 0));
  }

  /**
   * Raises the volume's placement floor on the brick and releases the named stripe freezes (ADR
   * 0009).
   *
   * @return completes with the floor in force; fails with the brick's status
   */
  CompletableFuture<Long> setPlacementFloor(
      String address, UUID volumeId, long floor, Collection<String> releaseTokens);

  /** Raises the volume's fencing epoch on the brick; fails with the brick's status. */
  CompletableFuture<Void> observeEpoch(String address, UUID volumeId, long epoch);

  /**
   * The shards the brick holds.
   *
   * @throws io.grpc.StatusRuntimeException if the brick cannot be reached
   */
  List<ChunkInfo> listUnits(String address);

  /**
   * Frees units the brick no longer holds.
   *
   * @return units reclaimed plus volumes deleted
   * @throws io.grpc.StatusRuntimeException if the brick cannot be reached
   */
  int reclaim(String address, ReclaimUnitsRequest request);

  @Override
  void close();
}
