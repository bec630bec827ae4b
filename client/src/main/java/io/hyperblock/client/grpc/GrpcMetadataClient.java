package io.hyperblock.client.grpc;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.hyperblock.client.metadata.Attachment;
import io.hyperblock.client.metadata.MetadataClient;
import io.hyperblock.client.metadata.MetadataException;
import io.hyperblock.client.metadata.Placement;
import io.hyperblock.client.metadata.VolumeInfo;
import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.ChunkLocation;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.ProtectionPolicy;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.protocol.v1.AttachVolumeRequest;
import io.hyperblock.protocol.v1.BrickAddress;
import io.hyperblock.protocol.v1.DetachVolumeRequest;
import io.hyperblock.protocol.v1.GetPlacementMapRequest;
import io.hyperblock.protocol.v1.MetadataServiceGrpc;
import io.hyperblock.protocol.v1.MetadataServiceGrpc.MetadataServiceStub;
import io.hyperblock.protocol.v1.ReportReplicaFailureRequest;
import io.hyperblock.protocol.v1.Volume;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@link MetadataClient} over {@code hyperblock.v1.MetadataService}. */
public final class GrpcMetadataClient implements MetadataClient {

  /** Stripe unit assumed when the server does not say (proto3 default 0): the product default. */
  static final int DEFAULT_STRIPE_UNIT = 64 << 10;

  private final ManagedChannel channel;
  private final MetadataServiceStub stub;
  private final long deadlineMs;

  private GrpcMetadataClient(ManagedChannel channel, Duration deadline) {
    this.channel = channel;
    this.stub = MetadataServiceGrpc.newStub(channel);
    this.deadlineMs = deadline.toMillis();
  }

  /** A client of the management server at {@code address} ({@code host:port}). */
  public static GrpcMetadataClient connect(String address) {
    return new GrpcMetadataClient(
        NettyChannelBuilder.forTarget(address)
            .usePlaintext()
            .maxInboundMessageSize(64 << 20)
            .build(),
        Duration.ofSeconds(15));
  }

  private MetadataServiceStub stub() {
    return stub.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS);
  }

  private static <Q, R, T> CompletableFuture<T> call(
      java.util.function.BiConsumer<Q, io.grpc.stub.StreamObserver<R>> method,
      Q request,
      java.util.function.Function<R, T> convert,
      java.util.function.Function<Throwable, Throwable> mapError) {
    return Calls.unary(o -> method.accept(request, o), convert, mapError);
  }

  private static Throwable error(String what, Throwable t) {
    Status s = Status.fromThrowable(t);
    return new MetadataException(
        what
            + " failed: "
            + s.getCode()
            + (s.getDescription() == null ? "" : " " + s.getDescription()),
        Calls.retryable(t),
        t);
  }

  @Override
  public CompletableFuture<Attachment> attach(String volumeName, String clientId) {
    AttachVolumeRequest r =
        AttachVolumeRequest.newBuilder().setVolumeName(volumeName).setClientId(clientId).build();
    return call(
        stub()::attachVolume,
        r,
        x -> {
          VolumeInfo v = volume(x.getVolume());
          return new Attachment(
              v,
              x.getEpoch(),
              placement(v.id(), x.getPlacementMap(), x.getBricksList(), x.getStaleUnitsList()));
        },
        t -> error("attach of volume " + volumeName, t));
  }

  @Override
  public CompletableFuture<Placement> placement(UUID volumeId) {
    GetPlacementMapRequest r =
        GetPlacementMapRequest.newBuilder().setVolumeId(volumeId.toString()).build();
    return call(
        stub()::getPlacementMap,
        r,
        x -> placement(volumeId, x.getPlacementMap(), x.getBricksList(), x.getStaleUnitsList()),
        t -> error("placement of volume " + volumeId, t));
  }

  @Override
  public CompletableFuture<Void> detach(UUID volumeId, long epoch) {
    DetachVolumeRequest r =
        DetachVolumeRequest.newBuilder().setVolumeId(volumeId.toString()).setEpoch(epoch).build();
    return call(stub()::detachVolume, r, x -> null, t -> error("detach", t));
  }

  @Override
  public CompletableFuture<Void> reportFailure(
      UUID volumeId, long stripeIndex, int shardIndex, UUID brickId, long epoch, String reason) {
    ReportReplicaFailureRequest r =
        ReportReplicaFailureRequest.newBuilder()
            .setVolumeId(volumeId.toString())
            .setStripeIndex(stripeIndex)
            .setShardIndex(shardIndex)
            .setBrickId(brickId.toString())
            .setEpoch(epoch)
            .setReason(reason.length() > 500 ? reason.substring(0, 500) : reason)
            .build();
    return call(stub()::reportReplicaFailure, r, x -> null, t -> error("failure report", t));
  }

  static VolumeInfo volume(Volume v) {
    ProtectionPolicy policy;
    int unit = DEFAULT_STRIPE_UNIT;
    switch (v.getPolicyCase()) {
      case REPLICATED ->
          policy =
              new Replicated(
                  v.getReplicated().getCopies(),
                  v.getReplicated().getWriteQuorum(),
                  v.getReplicated().getReadQuorum());
      case ERASURE_CODED -> {
        policy =
            new ErasureCoded(
                v.getErasureCoded().getDataUnits(), v.getErasureCoded().getParityUnits());
        if (v.getErasureCoded().getStripeUnitBytes() > 0) {
          unit = v.getErasureCoded().getStripeUnitBytes();
        }
      }
      default ->
          throw new MetadataException(
              "volume " + v.getName() + " has no protection policy in the server's answer",
              false,
              null);
    }
    return new VolumeInfo(
        UUID.fromString(v.getId()),
        v.getName(),
        v.getSizeBytes(),
        v.getChunkSizeBytes(),
        policy,
        unit);
  }

  static Placement placement(
      UUID volume,
      io.hyperblock.protocol.v1.PlacementMap map,
      List<BrickAddress> bricks,
      List<io.hyperblock.protocol.v1.StaleUnit> staleUnits) {
    List<ChunkGroup> groups = new ArrayList<>();
    List<io.hyperblock.protocol.v1.ChunkGroup> sorted = new ArrayList<>(map.getGroupsList());
    sorted.sort(Comparator.comparingLong(io.hyperblock.protocol.v1.ChunkGroup::getStripeIndex));
    for (io.hyperblock.protocol.v1.ChunkGroup g : sorted) {
      List<io.hyperblock.protocol.v1.ChunkLocation> locs = new ArrayList<>(g.getLocationsList());
      locs.sort(Comparator.comparingInt(io.hyperblock.protocol.v1.ChunkLocation::getChunkId));
      List<ChunkLocation> out = new ArrayList<>();
      for (io.hyperblock.protocol.v1.ChunkLocation l : locs) {
        String id =
            locs.size() == 1
                ? ChunkLocation.replicaChunkId(volume, g.getStripeIndex())
                : ChunkLocation.shardChunkId(volume, g.getStripeIndex(), l.getChunkId());
        out.add(new ChunkLocation(id, l.getBrickIdsList().stream().map(UUID::fromString).toList()));
      }
      groups.add(new ChunkGroup(g.getStripeIndex(), out));
    }
    Map<UUID, String> addresses = new HashMap<>();
    for (BrickAddress b : bricks) {
      addresses.put(UUID.fromString(b.getBrickId()), b.getAddress());
    }
    java.util.Set<Placement.StaleUnit> stale = new java.util.HashSet<>();
    for (var u : staleUnits) {
      stale.add(new Placement.StaleUnit(u.getStripeIndex(), UUID.fromString(u.getBrickId())));
    }
    return new Placement(new PlacementMap(volume, map.getVersion(), groups), addresses, stale);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
