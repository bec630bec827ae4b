package io.hyperblock.core.layout;

import static io.hyperblock.core.layout.RowCoverage.FULL_ROW;
import static io.hyperblock.core.layout.RowCoverage.PARTIAL_ROW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.core.protection.ErasureCoded;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pinned examples. Most use a tiny geometry a reviewer can check by hand: a 1024 B chunk, k = 3, 16
 * B units, so a row is 48 B, there are 22 rows, and the last row (chunk bytes [1008, 1024)) holds
 * one unit on shard 0 and padding on shards 1 and 2.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class StripeGeometryTest {

  private static final StripeGeometry TINY = new StripeGeometry(1024, 3, 16);

  @Test
  void defaultEc42GeometryHasNoPadding() {
    StripeGeometry g =
        StripeGeometry.of(
            ErasureCoded.EC_4_2, IoSplitter.DEFAULT_CHUNK_SIZE, StripeGeometry.DEFAULT_STRIPE_UNIT);
    assertThat(g.rowSize()).isEqualTo(256 << 10);
    assertThat(g.rowCount()).isEqualTo(512);
    assertThat(g.shardSize()).isEqualTo(32L << 20);
    assertThat(g.rowLength(511)).isEqualTo(g.rowSize());
  }

  @Test
  void ec63GeometryPadsTheLastRowToWholeUnits() {
    StripeGeometry g = StripeGeometry.of(new ErasureCoded(6, 3), 128L << 20, 64 << 10);
    assertThat(g.rowCount()).isEqualTo(342);
    assertThat(g.shardSize()).isEqualTo(342L * (64 << 10));
    assertThat(g.rowLength(341)).isEqualTo(128 << 10);
    assertThat(g.isPadding(1, g.shardSize() - 1)).isFalse();
    assertThat(g.isPadding(2, 341L * (64 << 10))).isTrue();
  }

  @Test
  void locateMapsOffsetsToRowShardAndShardOffset() {
    assertThat(TINY.locate(0)).isEqualTo(new UnitAddress(0, 0, 0));
    assertThat(TINY.locate(47)).isEqualTo(new UnitAddress(0, 2, 15));
    assertThat(TINY.locate(48 + 16 + 5)).isEqualTo(new UnitAddress(1, 1, 16 + 5));
    assertThat(TINY.locate(1023)).isEqualTo(new UnitAddress(21, 0, 351));
  }

  @Test
  void logicalOffsetInvertsLocateAndRejectsPadding() {
    assertThat(TINY.logicalOffset(0, 351)).isEqualTo(1023);
    assertThat(TINY.logicalOffset(1, 21)).isEqualTo(48 + 16 + 5);
    assertThatThrownBy(() -> TINY.logicalOffset(1, 336))
        .isInstanceOf(InvalidLayoutException.class)
        .hasMessageContaining("is padding past the chunk's last byte");
    assertThatThrownBy(() -> TINY.logicalOffset(3, 0))
        .isInstanceOf(InvalidLayoutException.class)
        .hasMessage("data shard must be in [0, 3), got 3");
    assertThatThrownBy(() -> TINY.logicalOffset(0, 352))
        .isInstanceOf(InvalidLayoutException.class)
        .hasMessage("shard offset must be in [0, 352), got 352");
  }

  @Test
  void writeOfExactlyOneRowIsOneFullRowOpOverAllDataShards() {
    assertThat(TINY.splitRows(48, 48))
        .containsExactly(
            new RowOp(
                1,
                FULL_ROW,
                48,
                48,
                0,
                List.of(
                    new UnitSegment(0, 16, 16, 0),
                    new UnitSegment(1, 16, 16, 16),
                    new UnitSegment(2, 16, 16, 32))));
  }

  @Test
  void oneByteWriteIsAPartialRowTouchingOneUnit() {
    assertThat(TINY.splitRows(50, 1))
        .containsExactly(
            new RowOp(1, PARTIAL_ROW, 50, 1, 0, List.of(new UnitSegment(0, 18, 1, 0))));
  }

  @Test
  void unalignedWriteOverThreeRowsIsPartialFullPartial() {
    List<RowOp> ops = TINY.splitRows(40, 70); // [40, 110)
    assertThat(ops).extracting(RowOp::row).containsExactly(0L, 1L, 2L);
    assertThat(ops).extracting(RowOp::coverage).containsExactly(PARTIAL_ROW, FULL_ROW, PARTIAL_ROW);
    assertThat(ops.get(0).segments()).containsExactly(new UnitSegment(2, 8, 8, 0));
    assertThat(ops.get(1).bufferOffset()).isEqualTo(8);
    assertThat(ops.get(2).segments()).containsExactly(new UnitSegment(0, 32, 14, 56));
  }

  @Test
  void writeOfAllLogicalBytesOfThePaddedLastRowIsFullRow() {
    assertThat(TINY.splitRows(1000, 24))
        .containsExactly(
            new RowOp(20, PARTIAL_ROW, 1000, 8, 0, List.of(new UnitSegment(2, 328, 8, 0))),
            new RowOp(21, FULL_ROW, 1008, 16, 8, List.of(new UnitSegment(0, 336, 16, 8))));
  }

  @Test
  void splitRowsOfAChunkOpCarriesTheOpsBufferOffset() {
    ChunkOp op = new ChunkOp(7, 40, 9, 4096);
    assertThat(TINY.splitRows(op))
        .extracting(RowOp::bufferOffset)
        .containsExactly(4096L, 4096L + 8);
  }

  @Test
  void zeroLengthRangeHasNoRowOps() {
    assertThat(TINY.splitRows(1024, 0)).isEmpty();
  }

  @Test
  void rejectsRangesOutsideTheChunk() {
    assertThatThrownBy(() -> TINY.splitRows(1000, 25))
        .isInstanceOf(InvalidLayoutException.class)
        .hasMessageContaining("is not inside the chunk [0, 1024)");
    assertThatThrownBy(() -> TINY.splitRows(-1, 2)).isInstanceOf(InvalidLayoutException.class);
    assertThatThrownBy(() -> TINY.locate(1024))
        .isInstanceOf(InvalidLayoutException.class)
        .hasMessage("chunk offset must be in [0, 1024), got 1024");
  }

  @Test
  void segmentVisitorIsNotCalledForAnInvalidRange() {
    List<Long> rows = new ArrayList<>();
    assertThatThrownBy(
            () -> TINY.forEachUnitSegment(1020, 8, 0, (row, c, d, s, n, b) -> rows.add(row)))
        .isInstanceOf(InvalidLayoutException.class);
    assertThat(rows).isEmpty();
  }

  @Test
  void rejectsStripeUnitsThatAreNotPowersOfTwoOrExceedTheChunk() {
    assertThatThrownBy(() -> new StripeGeometry(1024, 3, 24))
        .isInstanceOf(InvalidLayoutException.class)
        .hasMessageContaining("stripe unit must be a power of two")
        .hasMessageContaining("got 24 B");
    assertThatThrownBy(() -> new StripeGeometry(1024, 3, 2048))
        .isInstanceOf(InvalidLayoutException.class)
        .hasMessageContaining("no larger than the chunk size (1024 B)");
  }

  @Test
  void rejectsDataShardCountsOutsideTheProfileLimits() {
    assertThatThrownBy(() -> new StripeGeometry(1024, 0, 16))
        .isInstanceOf(InvalidLayoutException.class)
        .hasMessage("data shards (k) must be between 1 and 31, got 0");
    assertThatThrownBy(() -> new StripeGeometry(1024, 32, 16))
        .isInstanceOf(InvalidLayoutException.class);
  }

  @Test
  void rejectsChunkSizesThatAreNotPowersOfTwo() {
    assertThatThrownBy(() -> new StripeGeometry(1000, 3, 8))
        .isInstanceOf(InvalidLayoutException.class)
        .hasMessageContaining("chunk size must be a power of two");
  }

  @Test
  void geometriesWithTheSameParametersAreEqual() {
    assertThat(new StripeGeometry(1024, 3, 16)).isEqualTo(TINY).hasSameHashCodeAs(TINY);
    assertThat(new StripeGeometry(1024, 3, 32)).isNotEqualTo(TINY);
  }
}
