package io.hyperblock.server.migration;

import io.hyperblock.protocol.v1.ChunkInfo;
import io.hyperblock.protocol.v1.RebuildUnitRequest;
import io.hyperblock.protocol.v1.ReclaimUnitsRequest;
import io.hyperblock.server.healing.RepairClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * Bricks that hold whatever the test says ({@link #units}) and finish every rebuild at once, or,
 * while {@link #hold} is set, never (the test then sees tasks RUNNING).
 */
final class InstantRepairClient implements RepairClient {
  final Map<String, List<ChunkInfo>> units = new ConcurrentHashMap<>();
  final List<String> reclaimedFrom = new ArrayList<>();
  final List<RebuildUnitRequest> rebuilds = new ArrayList<>();
  volatile boolean hold;

  @Override
  public synchronized CompletableFuture<Long> rebuild(
      String address, RebuildUnitRequest request, LongConsumer progress) {
    rebuilds.add(request);
    if (hold) {
      progress.accept(request.getUnitBytes() / 2);
      return new CompletableFuture<>();
    }
    progress.accept(request.getUnitBytes());
    return CompletableFuture.completedFuture(request.getUnitBytes());
  }

  @Override
  public List<ChunkInfo> listUnits(String address) {
    return units.getOrDefault(address, List.of());
  }

  @Override
  public synchronized int reclaim(String address, ReclaimUnitsRequest request) {
    reclaimedFrom.add(address);
    units.remove(address);
    return request.getUnitsCount();
  }

  /** SetPlacementFloor calls: address, volume, floor, released tokens. */
  final List<String> floors = java.util.Collections.synchronizedList(new ArrayList<>());

  /** ObserveEpoch calls: address, volume, epoch. */
  final List<String> epochs = java.util.Collections.synchronizedList(new ArrayList<>());

  @Override
  public CompletableFuture<Long> setPlacementFloor(
      String address,
      java.util.UUID volumeId,
      long floor,
      java.util.Collection<String> releaseTokens) {
    floors.add(address + " " + volumeId + " " + floor + " " + releaseTokens);
    return CompletableFuture.completedFuture(floor);
  }

  @Override
  public CompletableFuture<Void> observeEpoch(String address, java.util.UUID volumeId, long epoch) {
    epochs.add(address + " " + volumeId + " " + epoch);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close() {}
}
