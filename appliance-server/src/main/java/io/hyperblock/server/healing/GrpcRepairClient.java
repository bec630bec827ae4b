package io.hyperblock.server.healing;

import com.google.common.collect.ImmutableList;
import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.hyperblock.protocol.v1.BrickServiceGrpc;
import io.hyperblock.protocol.v1.ChunkInfo;
import io.hyperblock.protocol.v1.ListChunksRequest;
import io.hyperblock.protocol.v1.ObserveEpochRequest;
import io.hyperblock.protocol.v1.RebuildUnitProgress;
import io.hyperblock.protocol.v1.RebuildUnitRequest;
import io.hyperblock.protocol.v1.ReclaimUnitsRequest;
import io.hyperblock.protocol.v1.ReclaimUnitsResponse;
import io.hyperblock.protocol.v1.RepairServiceGrpc;
import io.hyperblock.protocol.v1.SetPlacementFloorRequest;
import io.hyperblock.protocol.v1.SetPlacementFloorResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/** {@link RepairClient} over gRPC, one channel per brick address. */
public final class GrpcRepairClient implements RepairClient {

  private final Duration callTimeout;
  private final Duration rebuildTimeout;
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

  /**
   * @param callTimeout deadline of list and reclaim calls
   * @param rebuildTimeout deadline of one unit rebuild (rate limits make these long on purpose)
   */
  public GrpcRepairClient(Duration callTimeout, Duration rebuildTimeout) {
    this.callTimeout = callTimeout;
    this.rebuildTimeout = rebuildTimeout;
  }

  private ManagedChannel channel(String address) {
    return channels.computeIfAbsent(
        address, a -> NettyChannelBuilder.forTarget(a).usePlaintext().build());
  }

  @Override
  public CompletableFuture<Long> rebuild(
      String address, RebuildUnitRequest request, LongConsumer progress) {
    return rebuildFenced(address, request, progress).thenApply(RebuildResult::bytesWritten);
  }

  @Override
  public CompletableFuture<RebuildResult> rebuildFenced(
      String address, RebuildUnitRequest request, LongConsumer progress) {
    CompletableFuture<RebuildResult> done = new CompletableFuture<>();
    RepairServiceGrpc.newStub(channel(address))
        .withDeadlineAfter(rebuildTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .rebuildUnit(
            request,
            new io.grpc.stub.ClientResponseObserver<RebuildUnitRequest, RebuildUnitProgress>() {
              @Override
              public void beforeStart(
                  io.grpc.stub.ClientCallStreamObserver<RebuildUnitRequest> call) {
                // cancelling the future (leadership lost) cancels the brick's rebuild
                done.whenComplete(
                    (r, e) -> {
                      if (done.isCancelled()) {
                        call.cancel("the leader that asked for this rebuild stepped down", null);
                      }
                    });
              }

              private long written = -1;
              private long fencedFor;

              @Override
              public void onNext(RebuildUnitProgress p) {
                progress.accept(p.getBytesDone());
                if (p.getFinished()) {
                  written = p.getBytesWritten();
                  fencedFor = p.getFencedForMillis();
                }
              }

              @Override
              public void onError(Throwable t) {
                done.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                if (written < 0) {
                  done.completeExceptionally(
                      new IllegalStateException(
                          "brick " + address + " ended the rebuild without finishing it"));
                } else {
                  done.complete(new RebuildResult(written, fencedFor));
                }
              }
            });
    return done;
  }

  @Override
  public List<ChunkInfo> listUnits(String address) {
    return ImmutableList.copyOf(
        BrickServiceGrpc.newBlockingStub(channel(address))
            .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
            .listChunks(ListChunksRequest.getDefaultInstance()));
  }

  @Override
  public int reclaim(String address, ReclaimUnitsRequest request) {
    ReclaimUnitsResponse r =
        RepairServiceGrpc.newBlockingStub(channel(address))
            .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
            .reclaimUnits(request);
    return r.getUnitsReclaimed() + r.getVolumesDeleted();
  }

  @Override
  public CompletableFuture<Long> setPlacementFloor(
      String address, UUID volumeId, long floor, Collection<String> releaseTokens) {
    var call =
        RepairServiceGrpc.newFutureStub(channel(address))
            .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
            .setPlacementFloor(
                SetPlacementFloorRequest.newBuilder()
                    .setVolumeId(volumeId.toString())
                    .setFloor(floor)
                    .addAllReleaseTokens(releaseTokens)
                    .build());
    return toFuture(call).thenApply(SetPlacementFloorResponse::getFloor);
  }

  @Override
  public CompletableFuture<Void> observeEpoch(String address, UUID volumeId, long epoch) {
    var call =
        BrickServiceGrpc.newFutureStub(channel(address))
            .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
            .observeEpoch(
                ObserveEpochRequest.newBuilder()
                    .setVolumeId(volumeId.toString())
                    .setEpoch(epoch)
                    .build());
    return toFuture(call).thenApply(r -> null);
  }

  private static <T> CompletableFuture<T> toFuture(ListenableFuture<T> call) {
    CompletableFuture<T> f = new CompletableFuture<>();
    Futures.addCallback(
        call,
        new FutureCallback<>() {
          @Override
          public void onSuccess(T result) {
            f.complete(result);
          }

          @Override
          public void onFailure(Throwable t) {
            f.completeExceptionally(t);
          }
        },
        MoreExecutors.directExecutor());
    return f;
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    channels.clear();
  }
}
