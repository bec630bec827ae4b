package io.hyperblock.brick.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hyperblock.brick.store.CorruptBlockException;
import io.hyperblock.brick.store.DiskFullException;
import io.hyperblock.brick.store.FencedWriteException;
import io.hyperblock.brick.store.ShardKey;
import io.hyperblock.brick.store.StoreException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RequestsTest {
  private static final String VOLUME = "3f2b8e8a-1d2c-4e5f-9a0b-1c2d3e4f5a6b";

  @Test
  void acceptsACanonicalUuidAndBuildsTheShardKey() {
    assertThat(Requests.shard(VOLUME, 3, 2)).isEqualTo(new ShardKey(UUID.fromString(VOLUME), 3, 2));
  }

  @Test
  void rejectsNonCanonicalOrMissingVolumeIds() {
    assertInvalid(() -> Requests.volumeId(""), "volume_id is missing");
    assertInvalid(() -> Requests.volumeId("1-2-3-4-5"), "is not a UUID");
    assertInvalid(() -> Requests.volumeId("volume-a"), "is not a UUID");
  }

  @Test
  void emptyVolumeIdMeansAllVolumesWhereOptional() {
    assertThat(Requests.optionalVolumeId("")).isNull();
  }

  @Test
  void ioRangeIsOneByteToSixteenMebibytes() {
    Requests.ioRange(0, 1, "length");
    Requests.ioRange(0, 16 << 20, "length");
    assertInvalid(() -> Requests.ioRange(0, 0, "length"), "length 0 is out of range");
    assertInvalid(() -> Requests.ioRange(0, (16 << 20) + 1, "length"), "split larger I/O");
    assertInvalid(() -> Requests.ioRange(-5, 1, "length"), "offset -5 is negative");
  }

  @Test
  void rangesThatOverflowSixtyFourBitsAreRejected() {
    assertInvalid(() -> Requests.range(Long.MAX_VALUE - 1, 2, "length"), "overflows");
    Requests.range(Long.MAX_VALUE - 2, 2, "length");
  }

  @Test
  void negativeIndexesAndEpochsAreRejected() {
    assertInvalid(() -> Requests.shard(VOLUME, -1, 0), "stripe_index -1 is negative");
    assertInvalid(() -> Requests.shard(VOLUME, 0, -1), "shard_index -1 is negative");
    assertInvalid(() -> Requests.epoch(-1), "epoch -1 is negative");
    assertInvalid(() -> Requests.generation(-1), "generation -1 is negative");
  }

  @Test
  void storeErrorsMapToTheDocumentedStatuses() {
    UUID v = UUID.fromString(VOLUME);
    assertThat(code(new FencedWriteException(v, 3, 5))).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(code(new CorruptBlockException(new ShardKey(v, 0, 0), 1)))
        .isEqualTo(Status.Code.DATA_LOSS);
    assertThat(code(new DiskFullException(4096, 0))).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(code(new StoreException("disk gone"))).isEqualTo(Status.Code.INTERNAL);
    assertThat(code(new IllegalStateException("store closed"))).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(
            StatusMapping.toStatus(new FencedWriteException(v, 3, 5)).getStatus().getDescription())
        .contains("write epoch 3 for volume " + VOLUME + " is older than epoch 5");
  }

  private static Status.Code code(Throwable t) {
    return StatusMapping.toStatus(t).getStatus().getCode();
  }

  private static void assertInvalid(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains(message);
            });
  }
}
