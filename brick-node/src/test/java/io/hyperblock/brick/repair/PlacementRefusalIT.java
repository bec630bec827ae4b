package io.hyperblock.brick.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hyperblock.brick.fence.PlacementStatus;
import io.hyperblock.brick.rows.RowMeta;
import io.hyperblock.brick.rows.UnitKey;
import io.hyperblock.brick.store.ShardKey;
import io.hyperblock.protocol.v1.FreezeStripeRequest;
import io.hyperblock.protocol.v1.MarkStaleRequest;
import io.hyperblock.protocol.v1.ReadShardRequest;
import io.hyperblock.protocol.v1.ReadUnitRequest;
import io.hyperblock.protocol.v1.RollbackUnitRequest;
import io.hyperblock.protocol.v1.SetPlacementFloorRequest;
import io.hyperblock.protocol.v1.TrimRequest;
import io.hyperblock.protocol.v1.UnitRef;
import io.hyperblock.protocol.v1.WriteShardRequest;
import io.hyperblock.protocol.v1.WriteUnitRequest;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client mutations against a brick whose stripe is frozen or whose placement floor is above the
 * writer's version (ADR 0009; brick.proto "Errors": FAILED_PRECONDITION + {@code hyperblock-error:
 * PLACEMENT_CHANGED}), over real gRPC on 127.0.0.1 and a real store.
 */
@Timeout(60)
class PlacementRefusalIT {
  private static final UUID VOL = UUID.fromString("00000000-0000-4000-8000-0000000000a9");
  private static final int UNIT = 4096;
  private static final long EPOCH = 2;
  private static final long STRIPE = 3;

  @TempDir Path dir;
  private RepairPeer brick;

  @BeforeEach
  void start() {
    brick = new RepairPeer(dir.resolve("b"));
  }

  @AfterEach
  void stop() throws InterruptedException {
    brick.close();
  }

  private static byte[] filled(int value) {
    byte[] b = new byte[UNIT];
    Arrays.fill(b, (byte) value);
    return b;
  }

  private static UnitRef unit(long stripe, int shard) {
    return UnitRef.newBuilder()
        .setVolumeId(VOL.toString())
        .setStripeIndex(stripe)
        .setShardIndex(shard)
        .setRow(0)
        .setStripeUnit(UNIT)
        .build();
  }

  private WriteShardRequest write(long stripe, int value, long epoch, long placementVersion) {
    return WriteShardRequest.newBuilder()
        .setVolumeId(VOL.toString())
        .setStripeIndex(stripe)
        .setShardIndex(0)
        .setOffset(0)
        .setData(ByteString.copyFrom(filled(value)))
        .setEpoch(epoch)
        .setPlacementVersion(placementVersion)
        .build();
  }

  private WriteUnitRequest writeUnit(long stripe, long generation, long placementVersion) {
    return WriteUnitRequest.newBuilder()
        .setUnit(unit(stripe, 1))
        .setData(ByteString.copyFrom(filled((int) generation)))
        .setEpoch(EPOCH)
        .setNewGeneration(generation)
        .setKeepRollback(true)
        .setPlacementVersion(placementVersion)
        .build();
  }

  private void freeze(long stripe, String token) {
    brick
        .repair()
        .freezeStripe(
            FreezeStripeRequest.newBuilder()
                .setVolumeId(VOL.toString())
                .setStripeIndex(stripe)
                .setToken(token)
                .setLeaseMillis(30_000)
                .build());
  }

  private static void assertPlacementChanged(ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(
                      e.getTrailers()
                          .get(
                              Metadata.Key.of(
                                  "hyperblock-error", Metadata.ASCII_STRING_MARSHALLER)))
                  .isEqualTo("PLACEMENT_CHANGED");
              assertThat(e.getStatus().getDescription())
                  .contains("refresh the placement map and retry");
              assertThat(PlacementStatus.isPlacementChanged(e)).isTrue();
            });
  }

  private byte[] shardBytes(long stripe) {
    ByteBuffer back = ByteBuffer.allocate(UNIT);
    brick.store.read(new ShardKey(VOL, stripe, 0), 0, UNIT, back);
    return back.array();
  }

  private RowMeta unitMeta(long stripe) {
    return brick.rows.read(
        new UnitKey(new ShardKey(VOL, stripe, 1), 0, UNIT), 0, 0, ByteBuffer.allocate(0));
  }

  @Test
  void frozenStripeRefusesEveryClientMutationWithTheTrailerAndAppliesNothing() {
    brick.brick().writeShard(write(STRIPE, 1, EPOCH, 5));
    brick.rowService().writeUnit(writeUnit(STRIPE, 10, 5));
    freeze(STRIPE, "task-a");

    assertPlacementChanged(() -> brick.brick().writeShard(write(STRIPE, 2, EPOCH, 5)));
    assertPlacementChanged(
        () ->
            brick
                .brick()
                .trim(
                    TrimRequest.newBuilder()
                        .setVolumeId(VOL.toString())
                        .setStripeIndex(STRIPE)
                        .setLength(UNIT)
                        .setEpoch(EPOCH)
                        .setPlacementVersion(5)
                        .build()));
    assertPlacementChanged(() -> brick.rowService().writeUnit(writeUnit(STRIPE, 11, 5)));
    assertPlacementChanged(
        () ->
            brick
                .rowService()
                .rollbackUnit(
                    RollbackUnitRequest.newBuilder()
                        .setUnit(unit(STRIPE, 1))
                        .setFromGeneration(10)
                        .setEpoch(EPOCH)
                        .setPlacementVersion(5)
                        .build()));
    assertPlacementChanged(
        () ->
            brick
                .rowService()
                .markStale(
                    MarkStaleRequest.newBuilder()
                        .setUnit(unit(STRIPE, 1))
                        .setSetMask(1)
                        .setEpoch(EPOCH)
                        .setPlacementVersion(5)
                        .build()));

    assertThat(shardBytes(STRIPE)).as("nothing applied").isEqualTo(filled(1));
    RowMeta meta = unitMeta(STRIPE);
    assertThat(meta.generation()).isEqualTo(10);
    assertThat(meta.openGenerations()).containsExactly(10);
    assertThat(meta.staleMask()).isZero();
    // Reads are never checked.
    assertThat(
            brick
                .brick()
                .readShard(
                    ReadShardRequest.newBuilder()
                        .setVolumeId(VOL.toString())
                        .setStripeIndex(STRIPE)
                        .setLength(UNIT)
                        .build())
                .getData()
                .toByteArray())
        .isEqualTo(filled(1));
    assertThat(
            brick
                .rowService()
                .readUnit(ReadUnitRequest.newBuilder().setUnit(unit(STRIPE, 1)).build())
                .getMeta()
                .getGeneration())
        .isEqualTo(10);
    // Other stripes are not affected.
    brick.brick().writeShard(write(STRIPE + 1, 7, EPOCH, 5));

    brick
        .repair()
        .freezeStripe(
            FreezeStripeRequest.newBuilder()
                .setVolumeId(VOL.toString())
                .setStripeIndex(STRIPE)
                .setToken("task-a")
                .setRelease(true)
                .build());
    brick.brick().writeShard(write(STRIPE, 2, EPOCH, 5));
    assertThat(shardBytes(STRIPE)).isEqualTo(filled(2));
  }

  @Test
  void clearOnlyMarkStaleWithVersionZeroIsARepairCallAndPassesAFrozenStripe() {
    brick.rowService().writeUnit(writeUnit(STRIPE, 10, 0));
    brick
        .rowService()
        .markStale(
            MarkStaleRequest.newBuilder()
                .setUnit(unit(STRIPE, 1))
                .setSetMask(0b100)
                .setEpoch(EPOCH)
                .build());
    freeze(STRIPE, "t");

    // A client clear (its placement version is set) is checked like any mutation ...
    assertPlacementChanged(
        () ->
            brick
                .rowService()
                .markStale(
                    MarkStaleRequest.newBuilder()
                        .setUnit(unit(STRIPE, 1))
                        .setClearMask(0b100)
                        .setEpoch(EPOCH)
                        .setPlacementVersion(3)
                        .build()));
    // ... and so is a version-0 call that sets bits; the rebuilder's clear (version 0) is not.
    assertPlacementChanged(
        () ->
            brick
                .rowService()
                .markStale(
                    MarkStaleRequest.newBuilder()
                        .setUnit(unit(STRIPE, 1))
                        .setSetMask(0b1)
                        .setClearMask(0b100)
                        .setEpoch(EPOCH)
                        .build()));
    assertThat(unitMeta(STRIPE).staleMask()).isEqualTo(0b100);

    brick
        .rowService()
        .markStale(
            MarkStaleRequest.newBuilder()
                .setUnit(unit(STRIPE, 1))
                .setClearMask(0b100)
                .setEpoch(EPOCH)
                .build());

    assertThat(unitMeta(STRIPE).staleMask()).isZero();
  }

  @Test
  void writerBelowThePlacementFloorIsRefusedAndTheFloorIsOnlyRaised() {
    var raised =
        brick
            .repair()
            .setPlacementFloor(
                SetPlacementFloorRequest.newBuilder()
                    .setVolumeId(VOL.toString())
                    .setFloor(4)
                    .build());
    var lower =
        brick
            .repair()
            .setPlacementFloor(
                SetPlacementFloorRequest.newBuilder()
                    .setVolumeId(VOL.toString())
                    .setFloor(2)
                    .build());

    assertThat(raised.getFloor()).isEqualTo(4);
    assertThat(lower.getFloor()).as("floor in force, never lowered").isEqualTo(4);
    assertPlacementChanged(() -> brick.brick().writeShard(write(STRIPE, 3, EPOCH, 3)));
    assertPlacementChanged(() -> brick.rowService().writeUnit(writeUnit(STRIPE, 12, 0)));
    assertThat(shardBytes(STRIPE)).containsOnly(0);
    brick.brick().writeShard(write(STRIPE, 3, EPOCH, 4));
    assertThat(shardBytes(STRIPE)).isEqualTo(filled(3));
  }

  @Test
  void setPlacementFloorReleasesTheNamedFreezesOfTheVolume() {
    freeze(STRIPE, "move-1");
    freeze(STRIPE + 1, "move-1");
    freeze(STRIPE + 2, "move-2");

    brick
        .repair()
        .setPlacementFloor(
            SetPlacementFloorRequest.newBuilder()
                .setVolumeId(VOL.toString())
                .setFloor(6)
                .addReleaseTokens("move-1")
                .build());

    brick.brick().writeShard(write(STRIPE, 1, EPOCH, 6));
    brick.brick().writeShard(write(STRIPE + 1, 1, EPOCH, 6));
    assertPlacementChanged(() -> brick.brick().writeShard(write(STRIPE + 2, 1, EPOCH, 6)));
  }

  @Test
  void fencingEpochRefusalCarriesNoPlacementTrailerEvenOnAFrozenStripe() {
    brick.store.observeEpoch(VOL, 9);
    freeze(STRIPE, "t");

    for (ThrowingCallable call :
        new ThrowingCallable[] {
          () -> brick.brick().writeShard(write(STRIPE, 1, EPOCH, 0)),
          () -> brick.rowService().writeUnit(writeUnit(STRIPE, 10, 0))
        }) {
      assertThatThrownBy(call)
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                assertThat(e.getStatus().getDescription()).contains("fenced");
                assertThat(e.getTrailers().get(PlacementStatus.ERROR_KEY)).isNull();
                assertThat(PlacementStatus.isPlacementChanged(e)).isFalse();
              });
    }
  }

  @Test
  void freezeStripeRejectsBadInputWithInvalidArgument() {
    FreezeStripeRequest good =
        FreezeStripeRequest.newBuilder()
            .setVolumeId(VOL.toString())
            .setStripeIndex(0)
            .setToken("t")
            .setLeaseMillis(30_000)
            .build();
    for (FreezeStripeRequest bad :
        new FreezeStripeRequest[] {
          good.toBuilder().setLeaseMillis(999).build(),
          good.toBuilder().setLeaseMillis(600_001).build(),
          good.toBuilder().setToken("").build(),
          good.toBuilder().setVolumeId("vol-1").build(),
          good.toBuilder().setStripeIndex(-1).build()
        }) {
      assertThatThrownBy(() -> brick.repair().freezeStripe(bad))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }
    assertThat(brick.gate.isFrozen(VOL, 0)).isFalse();
    brick.repair().freezeStripe(good);
    assertThat(brick.gate.isFrozen(VOL, 0)).isTrue();
    assertThatThrownBy(
            () ->
                brick
                    .repair()
                    .setPlacementFloor(
                        SetPlacementFloorRequest.newBuilder()
                            .setVolumeId(VOL.toString())
                            .setFloor(-1)
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }
}
