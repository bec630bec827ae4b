package io.hyperblock.server.healing;

import io.hyperblock.protocol.v1.ChunkInfo;
import io.hyperblock.protocol.v1.RebuildUnitRequest;
import io.hyperblock.protocol.v1.ReclaimUnitsRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/** Records rebuild calls; the test decides when and how each one ends. */
final class FakeRepairClient implements RepairClient {

  record Call(
      String address,
      RebuildUnitRequest request,
      LongConsumer progress,
      CompletableFuture<Long> result) {}

  final List<Call> calls = new ArrayList<>();
  final Map<String, List<ChunkInfo>> units = new ConcurrentHashMap<>();
  final List<ReclaimUnitsRequest> reclaims = new ArrayList<>();

  /** What finished fenced rebuilds report as time frozen (ADR 0009). */
  volatile long fencedForMillis;

  /** While set, SetPlacementFloor calls stay open (in {@link #heldFloors}). */
  volatile boolean holdFloors;

  final List<CompletableFuture<Long>> heldFloors = new ArrayList<>();

  @Override
  public CompletableFuture<RebuildResult> rebuildFenced(
      String address, RebuildUnitRequest request, LongConsumer progress) {
    // read when the call finishes: the test sets it before finishing calls
    CompletableFuture<Long> call = rebuild(address, request, progress);
    CompletableFuture<RebuildResult> out =
        call.thenApply(w -> new RebuildResult(w, fencedForMillis));
    out.whenComplete(
        (r, e) -> {
          if (out.isCancelled()) {
            call.cancel(true); // as the gRPC client cancels the brick's call
          }
        });
    return out;
  }

  @Override
  public synchronized CompletableFuture<Long> rebuild(
      String address, RebuildUnitRequest request, LongConsumer progress) {
    var f = new CompletableFuture<Long>();
    calls.add(new Call(address, request, progress, f));
    return f;
  }

  synchronized List<Call> open() {
    return calls.stream().filter(c -> !c.result().isDone()).toList();
  }

  /** Finishes every open call successfully. */
  void finishAll() {
    open().forEach(c -> c.result().complete(c.request().getUnitBytes()));
  }

  @Override
  public List<ChunkInfo> listUnits(String address) {
    return units.getOrDefault(address, List.of());
  }

  @Override
  public synchronized int reclaim(String address, ReclaimUnitsRequest request) {
    reclaims.add(request);
    return request.getUnitsCount() + request.getDeletedVolumeIdsCount();
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
    if (holdFloors) {
      var f = new CompletableFuture<Long>();
      synchronized (this) {
        heldFloors.add(f);
      }
      return f;
    }
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
