package io.hyperblock.systest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.hyperblock.protocol.v1.AttachVolumeRequest;
import io.hyperblock.protocol.v1.AttachVolumeResponse;
import io.hyperblock.protocol.v1.BrickAddress;
import io.hyperblock.protocol.v1.ChunkGroup;
import io.hyperblock.protocol.v1.DetachVolumeRequest;
import io.hyperblock.protocol.v1.MetadataServiceGrpc;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fencing across processes (DESIGN.md, I/O semantics): an attach grants a fencing epoch from the
 * Raft state machine, the server pushes it to the volume's bricks before answering, and bricks
 * reject writes with an older epoch (brick.proto: FAILED_PRECONDITION naming both epochs). Runs on
 * the shared {@link SeedCluster}, on volumes of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@ExtendWith({SeedCluster.class, PrintLogsOnFailure.class})
class FencingIT {

  ProcessCluster cluster;

  @BeforeAll
  void useTheSeedCluster(SeedCluster.Fixture seed) {
    cluster = seed.cluster();
  }

  @Test
  void rejectsWriteWithStaleFencingEpochNamingBothEpochs() throws Exception {
    String volumeId = UUID.randomUUID().toString();
    try (BrickClient brick = new BrickClient(cluster.brickChannel("b1"))) {
      brick.write(volumeId, 0, 0, 0, new byte[] {1, 2, 3}, 12);

      assertFenced(
          () -> brick.write(volumeId, 0, 0, 0, new byte[] {4, 5, 6}, 11),
          e ->
              assertThat(e.getStatus().getDescription())
                  .as("the message names the stale and the current epoch")
                  .containsPattern("\\b11\\b")
                  .containsPattern("\\b12\\b"));
      assertThat(brick.read(volumeId, 0, 0, 0, 3))
          .as("the fenced write changed nothing")
          .containsExactly(1, 2, 3);
    }
  }

  @Test
  void attachFencesThePreviousWriterOnEveryReplicaBeforeTheNewWriterWrites() throws Exception {
    cluster.rest().post("volumes", "{\"name\":\"fenced-r3\",\"size\":\"1GiB\",\"replicas\":3}");
    ManagedChannel server = cluster.serverChannel();
    try {
      var metadata =
          MetadataServiceGrpc.newBlockingStub(server).withDeadlineAfter(30, TimeUnit.SECONDS);
      AttachVolumeResponse first = attach(metadata, "bridge-a");
      String volumeId = first.getVolume().getId();
      ChunkGroup stripe = first.getPlacementMap().getGroups(0);
      List<String> replicas = stripe.getLocations(0).getBrickIdsList();
      Map<String, String> addresses =
          first.getBricksList().stream()
              .collect(Collectors.toMap(BrickAddress::getBrickId, BrickAddress::getAddress));
      assertThat(replicas).hasSize(3);
      long old = first.getEpoch();
      long version = first.getPlacementMap().getVersion();
      try (BrickClient a = brick(addresses.get(replicas.getFirst()))) {
        a.write(volumeId, stripe.getStripeIndex(), 0, 0, new byte[] {1}, old, version);
      }
      metadata.detachVolume(
          DetachVolumeRequest.newBuilder().setVolumeId(volumeId).setEpoch(old).build());

      AttachVolumeResponse second = attach(metadata, "bridge-b");
      assertThat(second.getEpoch()).as("the new writer's epoch").isGreaterThan(old);
      // Every replica, including those the old writer never wrote to, refuses the old epoch
      // although the new writer has not written anything yet: the attach pushed its epoch.
      for (String id : replicas) {
        try (BrickClient b = brick(addresses.get(id))) {
          assertFenced(
              () -> b.write(volumeId, stripe.getStripeIndex(), 0, 0, new byte[] {2}, old, version),
              e -> {});
          b.write(
              volumeId, stripe.getStripeIndex(), 0, 0, new byte[] {3}, second.getEpoch(), version);
          assertThat(b.read(volumeId, stripe.getStripeIndex(), 0, 0, 1)).containsExactly(3);
        }
      }
      metadata.detachVolume(
          DetachVolumeRequest.newBuilder()
              .setVolumeId(volumeId)
              .setEpoch(second.getEpoch())
              .build());
    } finally {
      server.shutdownNow();
    }
  }

  @Test
  void aBrickDownDuringAnAttachRefusesTheFencedWriterOnceItIsBack() throws Exception {
    cluster.rest().post("volumes", "{\"name\":\"fenced-away\",\"size\":\"64MiB\",\"replicas\":3}");
    ManagedChannel server = cluster.serverChannel();
    try {
      var metadata =
          MetadataServiceGrpc.newBlockingStub(server).withDeadlineAfter(30, TimeUnit.SECONDS);
      AttachVolumeResponse first = attach(metadata, "fenced-away", "bridge-a");
      String volumeId = first.getVolume().getId();
      ChunkGroup stripe = first.getPlacementMap().getGroups(0);
      long version = first.getPlacementMap().getVersion();
      String awayId = stripe.getLocations(0).getBrickIds(0);
      String away = cluster.brickName(awayId);
      long old = first.getEpoch();

      cluster.killBrick(away);
      cluster.awaitBrickState(away, "DOWN");
      metadata.detachVolume(
          DetachVolumeRequest.newBuilder().setVolumeId(volumeId).setEpoch(old).build());
      AttachVolumeResponse second = attach(metadata, "fenced-away", "bridge-b");
      assertThat(second.getEpoch()).isGreaterThan(old);

      cluster.restartBrick(away);
      cluster.awaitBrickState(away, "UP");
      try (BrickClient b = new BrickClient(cluster.brickChannel(away))) {
        // Told at its registration: the attach's own push could not reach it.
        Await.until(
            "the returning brick refuses epoch " + old,
            Duration.ofSeconds(30),
            () -> refusal(() -> b.write(volumeId, stripe.getStripeIndex(), 0, 0, X, old, version)),
            code -> code == Status.Code.FAILED_PRECONDITION);
        b.write(volumeId, stripe.getStripeIndex(), 0, 0, X, second.getEpoch(), version);
      }
      metadata.detachVolume(
          DetachVolumeRequest.newBuilder()
              .setVolumeId(volumeId)
              .setEpoch(second.getEpoch())
              .build());
    } finally {
      server.shutdownNow();
    }
  }

  private static final byte[] X = {7};

  private static Status.Code refusal(ThrowingCallable write) {
    try {
      write.call();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  private static AttachVolumeResponse attach(
      MetadataServiceGrpc.MetadataServiceBlockingStub metadata, String client) {
    return attach(metadata, "fenced-r3", client);
  }

  private static AttachVolumeResponse attach(
      MetadataServiceGrpc.MetadataServiceBlockingStub metadata, String volume, String client) {
    return metadata.attachVolume(
        AttachVolumeRequest.newBuilder().setVolumeName(volume).setClientId(client).build());
  }

  private static BrickClient brick(String address) {
    return new BrickClient(NettyChannelBuilder.forTarget(address).usePlaintext().build());
  }

  private static void assertFenced(
      ThrowingCallable write, java.util.function.Consumer<StatusRuntimeException> more) {
    assertThatThrownBy(write)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              more.accept(e);
            });
  }
}
