package io.hyperblock.server.brick;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.hyperblock.protocol.v1.BrickServiceGrpc;
import io.hyperblock.protocol.v1.DeleteVolumeRequest;
import io.hyperblock.protocol.v1.ObserveEpochRequest;
import io.hyperblock.protocol.v1.RepairServiceGrpc;
import io.hyperblock.protocol.v1.SetPlacementFloorRequest;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link BrickGateway} over the bricks' gRPC BrickService, one cached channel per address. */
public final class GrpcBrickGateway implements BrickGateway {
  private static final Logger LOG = LoggerFactory.getLogger(GrpcBrickGateway.class);

  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Duration callTimeout;

  /**
   * @param callTimeout deadline of each call to one brick
   */
  public GrpcBrickGateway(Duration callTimeout) {
    this.callTimeout = callTimeout;
  }

  private ManagedChannel channel(String address) {
    return channels.computeIfAbsent(
        address, a -> NettyChannelBuilder.forTarget(a).usePlaintext().build());
  }

  private BrickServiceGrpc.BrickServiceBlockingStub stub(String address) {
    return BrickServiceGrpc.newBlockingStub(channel(address))
        .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void deleteVolume(Collection<String> brickAddresses, UUID volumeId, long epoch) {
    for (String address : brickAddresses) {
      executor.submit(
          () -> {
            try {
              long freed =
                  stub(address)
                      .deleteVolume(
                          DeleteVolumeRequest.newBuilder()
                              .setVolumeId(volumeId.toString())
                              .setEpoch(epoch)
                              .build())
                      .getFreedBytes();
              LOG.info("brick {} freed {} B of deleted volume {}", address, freed, volumeId);
            } catch (RuntimeException e) {
              LOG.warn("brick {} did not delete volume {}: {}", address, volumeId, e.toString());
            }
          });
    }
  }

  @Override
  public int observeEpoch(Collection<String> brickAddresses, UUID volumeId, long epoch) {
    List<Future<Boolean>> calls =
        brickAddresses.stream()
            .map(
                address ->
                    executor.submit(
                        () -> {
                          try {
                            stub(address)
                                .observeEpoch(
                                    ObserveEpochRequest.newBuilder()
                                        .setVolumeId(volumeId.toString())
                                        .setEpoch(epoch)
                                        .build());
                            return true;
                          } catch (RuntimeException e) {
                            LOG.warn(
                                "brick {} did not observe epoch {} of volume {}: {}",
                                address,
                                epoch,
                                volumeId,
                                e.toString());
                            return false;
                          }
                        }))
            .toList();
    int acked = 0;
    for (Future<Boolean> call : calls) {
      try {
        acked += call.get() ? 1 : 0;
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
      }
    }
    return acked;
  }

  @Override
  public void tellFences(String address, List<VolumeFence> fences) {
    Future<?> call =
        executor.submit(
            () -> {
              for (VolumeFence f : fences) {
                try {
                  if (f.epoch() > 0) {
                    stub(address)
                        .observeEpoch(
                            ObserveEpochRequest.newBuilder()
                                .setVolumeId(f.volumeId().toString())
                                .setEpoch(f.epoch())
                                .build());
                  }
                  RepairServiceGrpc.newBlockingStub(channel(address))
                      .withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
                      .setPlacementFloor(
                          SetPlacementFloorRequest.newBuilder()
                              .setVolumeId(f.volumeId().toString())
                              .setFloor(f.placementFloor())
                              .build());
                } catch (RuntimeException e) {
                  LOG.warn(
                      "brick {} did not take the fences of volume {} yet: {}",
                      address,
                      f.volumeId(),
                      e.toString());
                }
              }
            });
    try {
      call.get(callTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.warn("telling brick {} its volumes' fences did not finish: {}", address, e.toString());
    }
  }

  @Override
  public void close() {
    executor.shutdown();
    channels.values().forEach(ManagedChannel::shutdownNow);
  }
}
