package io.hyperblock.server.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.hyperblock.protocol.v1.AttachVolumeRequest;
import io.hyperblock.protocol.v1.AttachVolumeResponse;
import io.hyperblock.protocol.v1.ClusterInfo;
import io.hyperblock.protocol.v1.ClusterMember;
import io.hyperblock.protocol.v1.DetachVolumeRequest;
import io.hyperblock.protocol.v1.DetachVolumeResponse;
import io.hyperblock.protocol.v1.GetClusterInfoRequest;
import io.hyperblock.protocol.v1.GetPlacementMapRequest;
import io.hyperblock.protocol.v1.GetPlacementMapResponse;
import io.hyperblock.protocol.v1.GetVolumeRequest;
import io.hyperblock.protocol.v1.HeartbeatRequest;
import io.hyperblock.protocol.v1.HeartbeatResponse;
import io.hyperblock.protocol.v1.MetadataServiceGrpc;
import io.hyperblock.protocol.v1.RegisterBrickRequest;
import io.hyperblock.protocol.v1.RegisterBrickResponse;
import io.hyperblock.protocol.v1.ReportReplicaFailureRequest;
import io.hyperblock.protocol.v1.ReportReplicaFailureResponse;
import io.hyperblock.protocol.v1.Volume;
import io.hyperblock.server.api.UnavailableException;
import io.hyperblock.server.brick.BrickGateway;
import io.hyperblock.server.health.HealthMonitor;
import io.hyperblock.server.metadata.MetadataCommand;
import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.metadata.MetadataStore;
import io.hyperblock.server.metadata.Outcome;
import io.hyperblock.server.metadata.ReplicaFailure;
import io.hyperblock.server.metadata.VolumeRecord;
import io.hyperblock.server.volume.VolumeViews;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code hyperblock.v1.MetadataService}. Requests are validated first (INVALID_ARGUMENT naming the
 * field); mutations are proposed to the metadata group from whichever member received them;
 * heartbeats are forwarded to the leader, which alone tracks liveness. Status codes follow the
 * contract at the top of metadata.proto.
 */
public final class MetadataGrpcService extends MetadataServiceGrpc.MetadataServiceImplBase
    implements AutoCloseable {

  private final MetadataStore store;
  private final HealthMonitor health;
  private final BrickGateway bricks;
  private final Clock clock;
  private final Supplier<UUID> ids;
  private final LeaderChannels leader;
  private final FailureReportBatcher failures;

  public MetadataGrpcService(
      MetadataStore store,
      HealthMonitor health,
      BrickGateway bricks,
      Clock clock,
      Supplier<UUID> ids) {
    this.store = store;
    this.health = health;
    this.bricks = bricks;
    this.clock = clock;
    this.ids = ids;
    this.leader = new LeaderChannels(store, Duration.ofSeconds(3));
    this.failures = new FailureReportBatcher(store, Duration.ofMillis(20), 1000);
  }

  @Override
  public void getClusterInfo(GetClusterInfoRequest request, StreamObserver<ClusterInfo> out) {
    call(
        out,
        () -> {
          MetadataState s = store.state();
          if (s.clusterId().isEmpty()) {
            throw Status.UNAVAILABLE
                .withDescription("the cluster is still initialising (no cluster id yet); retry")
                .asRuntimeException();
          }
          String leaderId = store.leaderId().orElse("");
          ClusterInfo.Builder b =
              ClusterInfo.newBuilder()
                  .setClusterId(s.clusterId().map(UUID::toString).orElse(""))
                  .setLeaderHint(leader.leaderAddress().orElse(""));
          for (String id : store.memberIds()) {
            var m = s.members().get(id);
            b.addMembers(
                ClusterMember.newBuilder()
                    .setMemberId(id)
                    .setAddress(m == null ? "" : m.grpcAddress())
                    .setLeader(id.equals(leaderId)));
          }
          return b.build();
        });
  }

  @Override
  public void registerBrick(
      RegisterBrickRequest request, StreamObserver<RegisterBrickResponse> out) {
    call(
        out,
        () -> {
          Requests.registration(request);
          UUID clusterId =
              store
                  .state()
                  .clusterId()
                  .orElseThrow(
                      () ->
                          Status.UNAVAILABLE
                              .withDescription(
                                  "the cluster is still initialising (no cluster id yet); retry")
                              .asRuntimeException());
          UUID presented = Requests.optionalUuid(request.getClusterId(), "cluster_id");
          if (presented != null && !presented.equals(clusterId)) {
            throw Status.FAILED_PRECONDITION
                .withDescription(
                    "brick belongs to cluster "
                        + presented
                        + " but this is cluster "
                        + clusterId
                        + "; point the brick at its own cluster's servers, or wipe its data"
                        + " directory to join this one as a new brick")
                .asRuntimeException();
          }
          UUID brickId = Requests.optionalUuid(request.getBrickId(), "brick_id");
          UUID id = brickId == null ? ids.get() : brickId;
          MetadataState before = store.state();
          Outcome o =
              store.submit(
                  new MetadataCommand.RegisterBrick(
                      id,
                      presented,
                      request.getDatacenter(),
                      request.getRack(),
                      request.getHost(),
                      request.getCapacityBytes(),
                      request.getAddress(),
                      request.getPath().isBlank() ? request.getAddress() : request.getPath(),
                      clock.instant()));
          check(o, "brick", id.toString());
          health.onRegistered(id, before, request.getCapacityBytes());
          bricks.tellFences(request.getAddress(), fencesOf(store.state()));
          return RegisterBrickResponse.newBuilder()
              .setBrickId(id.toString())
              .setClusterId(clusterId.toString())
              .setHeartbeatIntervalMs(health.config().heartbeatInterval().toMillis())
              .build();
        });
  }

  @Override
  public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> out) {
    call(
        out,
        () -> {
          UUID id = Requests.requiredUuid(request.getBrickId(), "brick_id");
          var stub = leader.leaderStub();
          if (stub.isPresent()) {
            return stub.get().heartbeat(request); // only the leader tracks liveness
          }
          if (!store.isLeader()) {
            throw Status.UNAVAILABLE
                .withDescription("no metadata leader is known yet; retry shortly")
                .asRuntimeException();
          }
          var brick =
              store
                  .state()
                  .topology()
                  .brick(id)
                  .orElseThrow(
                      () ->
                          Status.NOT_FOUND
                              .withDescription("brick " + id + " is not registered; register it")
                              .asRuntimeException());
          health.onHeartbeat(
              id, request.getCapacityBytes(), request.getUsedBytes(), request.getFreeBytes());
          return HeartbeatResponse.newBuilder()
              .setState(ProtoMapper.brickState(brick.state()))
              .setHeartbeatIntervalMs(health.config().heartbeatInterval().toMillis())
              .build();
        });
  }

  @Override
  public void getVolume(GetVolumeRequest request, StreamObserver<Volume> out) {
    call(
        out,
        () -> {
          MetadataState s = store.state();
          return ProtoMapper.volume(Requests.volume(request, s), s);
        });
  }

  @Override
  public void getPlacementMap(
      GetPlacementMapRequest request, StreamObserver<GetPlacementMapResponse> out) {
    call(
        out,
        () -> {
          UUID id = Requests.requiredUuid(request.getVolumeId(), "volume_id");
          MetadataState s = store.state();
          var map = s.placements().get(id);
          if (map == null) {
            throw Status.NOT_FOUND
                .withDescription("volume " + id + " does not exist")
                .asRuntimeException();
          }
          return GetPlacementMapResponse.newBuilder()
              .setPlacementMap(ProtoMapper.placement(map))
              .addAllBricks(ProtoMapper.brickAddresses(map, s))
              .addAllStaleUnits(ProtoMapper.staleUnits(map, s))
              .build();
        });
  }

  @Override
  public void attachVolume(AttachVolumeRequest request, StreamObserver<AttachVolumeResponse> out) {
    call(
        out,
        () -> {
          Requests.nonBlank(request.getVolumeName(), "volume_name");
          Requests.nonBlank(request.getClientId(), "client_id");
          Outcome o =
              store.submit(
                  new MetadataCommand.AttachVolume(
                      request.getVolumeName(), request.getClientId(), false));
          check(o, "volume", request.getVolumeName());
          MetadataState s = store.state();
          VolumeRecord v = s.volume(request.getVolumeName()).orElseThrow();
          var map = s.placements().get(v.id());
          List<String> addresses =
              VolumeViews.bricksOf(map).stream()
                  .map(s.bricks()::get)
                  .filter(java.util.Objects::nonNull)
                  .map(r -> r.address())
                  .toList();
          bricks.observeEpoch(addresses, v.id(), o.value());
          return AttachVolumeResponse.newBuilder()
              .setVolume(ProtoMapper.volume(v, s))
              .setEpoch(o.value())
              .setPlacementMap(ProtoMapper.placement(map))
              .addAllBricks(ProtoMapper.brickAddresses(map, s))
              .addAllStaleUnits(ProtoMapper.staleUnits(map, s))
              .build();
        });
  }

  @Override
  public void detachVolume(DetachVolumeRequest request, StreamObserver<DetachVolumeResponse> out) {
    call(
        out,
        () -> {
          UUID id = Requests.requiredUuid(request.getVolumeId(), "volume_id");
          check(
              store.submit(new MetadataCommand.DetachVolume(id, request.getEpoch())),
              "volume",
              id.toString());
          return DetachVolumeResponse.getDefaultInstance();
        });
  }

  @Override
  public void reportReplicaFailure(
      ReportReplicaFailureRequest request, StreamObserver<ReportReplicaFailureResponse> out) {
    call(
        out,
        () -> {
          UUID volume = Requests.requiredUuid(request.getVolumeId(), "volume_id");
          UUID brick = Requests.requiredUuid(request.getBrickId(), "brick_id");
          if (request.getStripeIndex() < 0 || request.getShardIndex() < 0) {
            throw Requests.invalid("stripe_index and shard_index must be at least 0");
          }
          if (store.state().placements().get(volume) == null) {
            throw Status.NOT_FOUND
                .withDescription("volume " + volume + " does not exist")
                .asRuntimeException();
          }
          var failure =
              new ReplicaFailure(
                  volume,
                  request.getStripeIndex(),
                  request.getShardIndex(),
                  brick,
                  request.getEpoch(),
                  request.getReason(),
                  clock.instant());
          try {
            failures.report(failure).get();
          } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
          }
          return ReportReplicaFailureResponse.getDefaultInstance();
        });
  }

  private static void check(Outcome o, String kind, String name) {
    switch (o.code()) {
      case OK -> {}
      case NOT_FOUND ->
          throw Status.NOT_FOUND
              .withDescription(kind + " " + name + ": " + o.message())
              .asRuntimeException();
      case CONFLICT ->
          throw Status.FAILED_PRECONDITION.withDescription(o.message()).asRuntimeException();
      case INVALID ->
          throw Status.INVALID_ARGUMENT
              .withDescription(o.field() + ": " + o.message())
              .asRuntimeException();
    }
  }

  private static <T> void call(StreamObserver<T> out, Supplier<T> body) {
    try {
      out.onNext(body.get());
      out.onCompleted();
    } catch (StatusRuntimeException e) {
      out.onError(e);
    } catch (UnavailableException e) {
      out.onError(Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
    } catch (RuntimeException e) {
      out.onError(Status.INTERNAL.withDescription(e.toString()).withCause(e).asRuntimeException());
    }
  }

  @Override
  public void close() {
    failures.close();
    leader.close();
  }

  /**
   * The fencing epoch and placement floor of every volume, for a brick that (re)registers: also
   * volumes it no longer holds (a unit moved away while it was down must refuse old writers).
   */
  static List<io.hyperblock.server.brick.BrickGateway.VolumeFence> fencesOf(MetadataState s) {
    List<io.hyperblock.server.brick.BrickGateway.VolumeFence> out = new java.util.ArrayList<>();
    for (VolumeRecord v : s.volumes().values()) {
      var map = s.placements().get(v.id());
      if (map != null) {
        out.add(
            new io.hyperblock.server.brick.BrickGateway.VolumeFence(
                v.id(), v.attachEpoch(), map.version()));
      }
    }
    return out;
  }
}
