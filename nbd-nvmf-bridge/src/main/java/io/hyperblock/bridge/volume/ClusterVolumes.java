package io.hyperblock.bridge.volume;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.hyperblock.bridge.device.ExportInfo;
import io.hyperblock.bridge.device.ExportUnavailableException;
import io.hyperblock.client.VolumeClient;
import io.hyperblock.client.VolumeClientConfig;
import io.hyperblock.client.grpc.GrpcBrickConnector;
import io.hyperblock.client.grpc.GrpcMetadataClient;
import io.hyperblock.protocol.v1.GetVolumeRequest;
import io.hyperblock.protocol.v1.MetadataServiceGrpc;
import io.hyperblock.protocol.v1.Volume;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's volumes as seen from a bridge: metadata lookups ({@code GetVolume}) and attaches
 * (the volume client) against one management server's MetadataService. Owns its gRPC channels and
 * the brick connections shared by every attached volume; {@link #close()} closes them (detach the
 * volumes first).
 */
public final class ClusterVolumes implements VolumeDirectory, VolumeAttacher, AutoCloseable {

  /** Deadline of a metadata lookup: the server answers from its in-memory state. */
  static final Duration LOOKUP_DEADLINE = Duration.ofSeconds(10);

  /** Stripe unit the server implies when it does not say (as the volume client assumes). */
  static final int DEFAULT_STRIPE_UNIT = 64 << 10;

  private final String server;
  private final VolumeClientConfig clientConfig;
  private final ManagedChannel lookups;
  private final GrpcMetadataClient metadata;
  private final GrpcBrickConnector bricks;

  /**
   * Connects (lazily) to the MetadataService at {@code server} ({@code host:port}).
   *
   * @param clientConfig volume client settings; its client id names this bridge as the holder of
   *     the volumes it attaches, and must be stable across restarts of this bridge
   */
  public ClusterVolumes(String server, VolumeClientConfig clientConfig) {
    this.server = Objects.requireNonNull(server, "server");
    this.clientConfig = Objects.requireNonNull(clientConfig, "clientConfig");
    this.lookups = NettyChannelBuilder.forTarget(server).usePlaintext().build();
    this.metadata = GrpcMetadataClient.connect(server);
    this.bricks = new GrpcBrickConnector();
  }

  @Override
  public Optional<ExportInfo> describe(String name) {
    Volume v;
    try {
      v =
          MetadataServiceGrpc.newBlockingStub(lookups)
              .withDeadlineAfter(LOOKUP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
              .getVolume(GetVolumeRequest.newBuilder().setName(name).build());
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if (code == Status.Code.NOT_FOUND || code == Status.Code.INVALID_ARGUMENT) {
        return Optional.empty(); // an invalid volume name names no volume
      }
      throw new ExportUnavailableException(
          name,
          "cannot look up volume "
              + name
              + " at the management server "
              + server
              + ": "
              + code
              + (e.getStatus().getDescription() == null
                  ? ""
                  : " " + e.getStatus().getDescription()),
          e);
    }
    int preferred =
        v.hasErasureCoded()
            ? VolumeDirectory.preferredBlockSize(
                new io.hyperblock.core.protection.ErasureCoded(
                    v.getErasureCoded().getDataUnits(), v.getErasureCoded().getParityUnits()),
                v.getErasureCoded().getStripeUnitBytes() > 0
                    ? v.getErasureCoded().getStripeUnitBytes()
                    : DEFAULT_STRIPE_UNIT)
            : VolumeDirectory.REPLICATED_BLOCK;
    return Optional.of(new ExportInfo(v.getSizeBytes(), preferred, true));
  }

  @Override
  public Optional<AttachedVolume> attach(String name) {
    if (describe(name).isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new ClientAttachedVolume(VolumeClient.open(name, clientConfig, metadata, bricks)));
    } catch (RuntimeException e) {
      Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      throw new ExportUnavailableException(
          name, "cannot attach volume " + name + ": " + t.getMessage(), t);
    }
  }

  @Override
  public void close() {
    bricks.close();
    metadata.close();
    lookups.shutdownNow();
    try {
      lookups.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
