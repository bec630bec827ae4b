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

  @Override
  public void close() {}
}
