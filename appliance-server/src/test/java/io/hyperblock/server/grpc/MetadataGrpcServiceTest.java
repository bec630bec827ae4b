package io.hyperblock.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.units.DataSize;
import io.hyperblock.protocol.v1.AttachVolumeRequest;
import io.hyperblock.protocol.v1.BrickState;
import io.hyperblock.protocol.v1.DetachVolumeRequest;
import io.hyperblock.protocol.v1.GetClusterInfoRequest;
import io.hyperblock.protocol.v1.GetPlacementMapRequest;
import io.hyperblock.protocol.v1.HeartbeatRequest;
import io.hyperblock.protocol.v1.MetadataServiceGrpc;
import io.hyperblock.protocol.v1.RegisterBrickRequest;
import io.hyperblock.protocol.v1.ReportReplicaFailureRequest;
import io.hyperblock.server.api.CreateVolumeRequest;
import io.hyperblock.server.api.VolumeInfo;
import io.hyperblock.server.health.HealthConfig;
import io.hyperblock.server.health.HealthMonitor;
import io.hyperblock.server.health.HeartbeatTracker;
import io.hyperblock.server.metadata.InMemoryMetadataStore;
import io.hyperblock.server.metadata.MetadataCommand;
import io.hyperblock.server.testing.Fixtures;
import io.hyperblock.server.testing.MutableClock;
import io.hyperblock.server.volume.MetadataVolumeService;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** MetadataService over an in-process channel: status codes and effects per metadata.proto. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MetadataGrpcServiceTest {

  private final List<String> observed = new ArrayList<>();
  private final List<String> told = new ArrayList<>();
  private InMemoryMetadataStore store;
  private MetadataGrpcService service;
  private Server server;
  private ManagedChannel channel;
  private MetadataServiceGrpc.MetadataServiceBlockingStub stub;

  private final io.hyperblock.server.brick.BrickGateway gateway =
      new io.hyperblock.server.brick.BrickGateway() {
        @Override
        public void deleteVolume(Collection<String> a, UUID v, long e) {}

        @Override
        public void tellFences(String address, List<VolumeFence> fences) {
          fences.forEach(
              f ->
                  told.add(
                      address + " " + f.volumeId() + " " + f.epoch() + " " + f.placementFloor()));
        }

        @Override
        public int observeEpoch(Collection<String> addresses, UUID volumeId, long epoch) {
          addresses.forEach(a -> observed.add(a + "@" + epoch));
          return addresses.size();
        }

        @Override
        public void close() {}
      };

  @BeforeEach
  void start() throws Exception {
    store = new InMemoryMetadataStore();
    var clock = new MutableClock(Fixtures.T0);
    var monitor =
        new HealthMonitor(
            store, new HeartbeatTracker(), clock, HealthConfig.DEFAULTS, Runnable::run);
    service = new MetadataGrpcService(store, monitor, gateway, clock, Fixtures.ids(3));
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).addService(service).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
    stub = MetadataServiceGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
    service.close();
  }

  private static RegisterBrickRequest.Builder brick(String rack, int port) {
    return RegisterBrickRequest.newBuilder()
        .setDatacenter("dc1")
        .setRack(rack)
        .setHost("host-" + rack + "-" + port)
        .setCapacityBytes(DataSize.TIB)
        .setAddress("10.0.0.1:" + port);
  }

  private static Status.Code code(Runnable call) {
    try {
      call.run();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  @Test
  void clusterInfoIsUnavailableUntilTheClusterHasAnId() {
    assertThat(code(() -> stub.getClusterInfo(GetClusterInfoRequest.getDefaultInstance())))
        .isEqualTo(Status.Code.UNAVAILABLE);
    store.submit(new MetadataCommand.InitCluster(Fixtures.CLUSTER, Fixtures.T0));
    assertThat(stub.getClusterInfo(GetClusterInfoRequest.getDefaultInstance()).getClusterId())
        .isEqualTo(Fixtures.CLUSTER.toString());
  }

  @Test
  void firstRegistrationAssignsAnIdThatLaterRegistrationsKeep() {
    store.submit(new MetadataCommand.InitCluster(Fixtures.CLUSTER, Fixtures.T0));
    var first = stub.registerBrick(brick("r1", 1).build());
    assertThat(first.getClusterId()).isEqualTo(Fixtures.CLUSTER.toString());
    assertThat(first.getHeartbeatIntervalMs()).isEqualTo(10_000);
    var again =
        stub.registerBrick(
            brick("r1", 1)
                .setBrickId(first.getBrickId())
                .setClusterId(first.getClusterId())
                .setCapacityBytes(2 * DataSize.TIB)
                .build());
    assertThat(again.getBrickId()).isEqualTo(first.getBrickId());
    var b = store.state().topology().brick(UUID.fromString(first.getBrickId())).orElseThrow();
    assertThat(b.weight()).isEqualTo(2 * DataSize.TIB);
    assertThat(store.state().topology().bricks()).hasSize(1);
  }

  @Test
  void brickOfAnotherClusterIsRefusedWithFailedPrecondition() {
    store.submit(new MetadataCommand.InitCluster(Fixtures.CLUSTER, Fixtures.T0));
    assertThatThrownBy(
            () ->
                stub.registerBrick(
                    brick("r1", 1)
                        .setBrickId(UUID.randomUUID().toString())
                        .setClusterId(UUID.randomUUID().toString())
                        .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription())
                  .contains("belongs to cluster")
                  .contains("wipe its data directory");
            });
  }

  @Test
  void malformedRequestsAreInvalidArgumentNamingTheField() {
    store.submit(new MetadataCommand.InitCluster(Fixtures.CLUSTER, Fixtures.T0));
    assertThatThrownBy(() -> stub.registerBrick(brick("", 1).build()))
        .hasMessageContaining("INVALID_ARGUMENT")
        .hasMessageContaining("rack");
    assertThatThrownBy(() -> stub.registerBrick(brick("r", 1).setAddress("nohost").build()))
        .hasMessageContaining("address");
    assertThatThrownBy(() -> stub.registerBrick(brick("r", 1).setBrickId("not-a-uuid").build()))
        .hasMessageContaining("brick_id");
    assertThatThrownBy(() -> stub.heartbeat(HeartbeatRequest.getDefaultInstance()))
        .hasMessageContaining("INVALID_ARGUMENT");
  }

  @Test
  void heartbeatOfAnUnknownBrickIsNotFoundSoTheBrickRegistersAgain() {
    store.submit(new MetadataCommand.InitCluster(Fixtures.CLUSTER, Fixtures.T0));
    var hb = HeartbeatRequest.newBuilder().setBrickId(UUID.randomUUID().toString()).build();
    assertThat(code(() -> stub.heartbeat(hb))).isEqualTo(Status.Code.NOT_FOUND);
    String id = stub.registerBrick(brick("r1", 1).build()).getBrickId();
    var reply = stub.heartbeat(HeartbeatRequest.newBuilder().setBrickId(id).build());
    assertThat(reply.getState()).isEqualTo(BrickState.BRICK_STATE_UP);
  }

  private VolumeInfo ecVolume() {
    Fixtures.cluster(store, 3, 2);
    var volumes =
        new MetadataVolumeService(store, gateway, new MutableClock(Fixtures.T0), Fixtures.ids(5));
    return volumes.create(new CreateVolumeRequest("ec", DataSize.GIB, ErasureCoded.EC_4_2, 0));
  }

  @Test
  void attachGrantsTheNextEpochAndPushesItToEveryBrickOfTheVolume() {
    VolumeInfo v = ecVolume();
    var attach =
        stub.attachVolume(
            AttachVolumeRequest.newBuilder().setVolumeName("ec").setClientId("bridge-1").build());
    assertThat(attach.getEpoch()).isEqualTo(1);
    assertThat(attach.getPlacementMap().getGroupsCount()).isEqualTo(8);
    assertThat(attach.getBricksList())
        .hasSize(6)
        .allSatisfy(b -> assertThat(b.getAddress()).isNotEmpty());
    assertThat(observed).hasSize(6).allSatisfy(o -> assertThat(o).endsWith("@1"));

    var other =
        AttachVolumeRequest.newBuilder().setVolumeName("ec").setClientId("bridge-2").build();
    assertThat(code(() -> stub.attachVolume(other))).isEqualTo(Status.Code.FAILED_PRECONDITION);
    var stale = DetachVolumeRequest.newBuilder().setVolumeId(v.id().toString()).setEpoch(0).build();
    assertThat(code(() -> stub.detachVolume(stale))).isEqualTo(Status.Code.FAILED_PRECONDITION);
    stub.detachVolume(stale.toBuilder().setEpoch(1).build());
    assertThat(store.state().volume("ec").orElseThrow().attached()).isFalse();
  }

  @Test
  void placementMapNamesEveryBrickWithItsAddress() {
    VolumeInfo v = ecVolume();
    var reply =
        stub.getPlacementMap(
            GetPlacementMapRequest.newBuilder().setVolumeId(v.id().toString()).build());
    assertThat(reply.getPlacementMap().getGroups(0).getLocationsCount()).isEqualTo(6);
    assertThat(reply.getBricksList())
        .extracting(b -> b.getAddress())
        .allSatisfy(a -> assertThat(a).startsWith("127.0.0.1:91"));
    assertThat(
            code(
                () ->
                    stub.getPlacementMap(
                        GetPlacementMapRequest.newBuilder()
                            .setVolumeId(UUID.randomUUID().toString())
                            .build())))
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void concurrentIdenticalFailureReportsAreCommittedOnceEach() throws Exception {
    VolumeInfo v = ecVolume();
    UUID brick = store.state().topology().bricks().getFirst().id();
    var futures = new ArrayList<CompletableFuture<Void>>();
    var async = MetadataServiceGrpc.newFutureStub(channel);
    for (int i = 0; i < 50; i++) {
      var req =
          ReportReplicaFailureRequest.newBuilder()
              .setVolumeId(v.id().toString())
              .setStripeIndex(i % 5)
              .setShardIndex(2)
              .setBrickId(brick.toString())
              .setReason("connection refused")
              .build();
      var f = async.reportReplicaFailure(req);
      futures.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  f.get();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    assertThat(store.state().replicaFailures())
        .extracting(f -> f.stripeIndex())
        .containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L)
        .hasSizeLessThanOrEqualTo(50);
  }

  @Test
  void reportedUnitsAreListedStaleWithThePlacementMapUntilTheirResyncClearsThem() {
    VolumeInfo v = ecVolume();
    var request = GetPlacementMapRequest.newBuilder().setVolumeId(v.id().toString()).build();
    var map = stub.getPlacementMap(request).getPlacementMap();
    UUID holder = UUID.fromString(map.getGroups(1).getLocations(2).getBrickIds(0));
    UUID other = UUID.fromString(map.getGroups(1).getLocations(3).getBrickIds(0));
    for (UUID brick : List.of(holder, other)) {
      stub.reportReplicaFailure(
          ReportReplicaFailureRequest.newBuilder()
              .setVolumeId(v.id().toString())
              .setStripeIndex(1)
              .setShardIndex(2)
              .setBrickId(brick.toString())
              .setReason("deadline exceeded")
              .build());
    }
    assertThat(store.state().replicaFailures()).hasSize(2);

    var stale = stub.getPlacementMap(request).getStaleUnitsList();
    assertThat(stale)
        .as("only the brick that holds unit 2 of stripe 1")
        .extracting(u -> u.getStripeIndex() + "/" + u.getShardIndex() + "@" + u.getBrickId())
        .containsExactly("1/2@" + holder);

    store.submit(
        new io.hyperblock.server.metadata.MetadataCommand.ClearReplicaFailures(
            v.id(), 1, holder, Fixtures.T0.plusSeconds(3600)));
    assertThat(stub.getPlacementMap(request).getStaleUnitsList()).isEmpty();
  }

  @Test
  void aBrickThatRegistersAgainIsToldTheEpochAndPlacementFloorOfEachVolumeItHolds() {
    VolumeInfo v = ecVolume();
    long epoch =
        stub.attachVolume(
                AttachVolumeRequest.newBuilder().setVolumeName("ec").setClientId("b-1").build())
            .getEpoch();
    var map = store.state().placements().get(v.id());
    UUID holder = map.groups().getFirst().locations().getFirst().brickIds().getFirst();
    var b = store.state().topology().brick(holder).orElseThrow();
    String address = store.state().bricks().get(holder).address();
    told.clear();
    stub.registerBrick(
        RegisterBrickRequest.newBuilder()
            .setBrickId(holder.toString())
            .setClusterId(Fixtures.CLUSTER.toString())
            .setDatacenter(b.datacenter())
            .setRack(b.rack())
            .setHost(b.host())
            .setCapacityBytes(Fixtures.BRICK_CAPACITY)
            .setAddress(address)
            .setPath(b.path())
            .build());
    assertThat(told).containsExactly(address + " " + v.id() + " " + epoch + " " + map.version());
  }
}
