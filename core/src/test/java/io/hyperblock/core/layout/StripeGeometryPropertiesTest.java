package io.hyperblock.core.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;

/**
 * Properties of {@link StripeGeometry} over small geometries (chunks up to 4 KiB, any k from 1 to
 * 31, any unit), small enough to check every byte of a chunk exhaustively.
 */
@AddLifecycleHook(value = PropertyTimeLimit.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
class StripeGeometryPropertiesTest {

  /** A byte range {@code [offset, offset + length)} inside one chunk of {@code geometry}. */
  record Range(StripeGeometry geometry, long offset, int length) {}

  @Provide
  Arbitrary<StripeGeometry> geometries() {
    return Arbitraries.integers()
        .between(0, 12)
        .flatMap(
            chunkShift ->
                Combinators.combine(
                        Arbitraries.integers().between(1, StripeGeometry.MAX_DATA_SHARDS),
                        Arbitraries.integers().between(0, chunkShift))
                    .as((k, unitShift) -> new StripeGeometry(1L << chunkShift, k, 1 << unitShift)));
  }

  @Provide
  Arbitrary<Range> ranges() {
    return geometries()
        .flatMap(
            g ->
                Arbitraries.longs()
                    .between(0, g.chunkSize())
                    .flatMap(
                        start ->
                            Arbitraries.oneOf(
                                    Arbitraries.longs().between(0, g.chunkSize() - start),
                                    Arbitraries.longs()
                                        .between(0, Math.min(3, g.chunkSize() - start)),
                                    Arbitraries.just(g.chunkSize() - start),
                                    Arbitraries.just(Math.min(g.rowSize(), g.chunkSize() - start)))
                                .map(n -> new Range(g, start, (int) (long) n))));
  }

  @Property(tries = 200)
  void locateAndLogicalOffsetAreInverseOverTheWholeChunk(@ForAll("geometries") StripeGeometry g) {
    for (long o = 0; o < g.chunkSize(); o++) {
      UnitAddress a = g.locate(o);
      assertThat(a.row()).isBetween(0L, g.rowCount() - 1);
      assertThat(a.dataShard()).isBetween(0, g.dataShards() - 1);
      assertThat(a.shardOffset() / g.stripeUnit()).isEqualTo(a.row());
      assertThat(g.isPadding(a.dataShard(), a.shardOffset())).isFalse();
      assertThat(g.logicalOffset(a.dataShard(), a.shardOffset())).isEqualTo(o);
    }
  }

  @Property(tries = 200)
  void nonPaddingShardBytesAreExactlyTheChunkBytes(@ForAll("geometries") StripeGeometry g) {
    boolean[] seen = new boolean[(int) g.chunkSize()];
    long dataBytes = 0;
    for (int d = 0; d < g.dataShards(); d++) {
      for (long s = 0; s < g.shardSize(); s++) {
        if (g.isPadding(d, s)) {
          assertThat(s / g.stripeUnit())
              .as("padding only in the last row")
              .isEqualTo(g.rowCount() - 1);
          continue;
        }
        long o = g.logicalOffset(d, s);
        assertThat(seen[(int) o]).as("chunk byte %d mapped twice", o).isFalse();
        seen[(int) o] = true;
        assertThat(g.locate(o)).isEqualTo(new UnitAddress(s / g.stripeUnit(), d, s));
        dataBytes++;
      }
    }
    assertThat(dataBytes).isEqualTo(g.chunkSize());
  }

  @Property(tries = 500)
  void rowOpsTileTheRangeAndNeverCrossARow(@ForAll("ranges") Range r) {
    StripeGeometry g = r.geometry();
    long expectedOffset = r.offset();
    for (RowOp op : g.splitRows(r.offset(), r.length(), 7)) {
      assertThat(op.offsetInChunk()).isEqualTo(expectedOffset);
      assertThat(op.bufferOffset()).isEqualTo(7 + expectedOffset - r.offset());
      long rowStart = op.row() * g.rowSize();
      long rowEnd = rowStart + g.rowLength(op.row());
      assertThat(op.offsetInChunk()).isGreaterThanOrEqualTo(rowStart);
      assertThat(op.offsetInChunk() + op.length()).isLessThanOrEqualTo(rowEnd);
      boolean wholeRow =
          op.offsetInChunk() == rowStart && op.offsetInChunk() + op.length() == rowEnd;
      assertThat(op.isFullRow())
          .as("FULL_ROW exactly when the row is wholly covered")
          .isEqualTo(wholeRow);
      expectedOffset += op.length();
    }
    assertThat(expectedOffset).isEqualTo(r.offset() + r.length());
  }

  @Property(tries = 500)
  void segmentsFollowLocateInLogicalOrderAndStayInsideOneUnit(@ForAll("ranges") Range r) {
    StripeGeometry g = r.geometry();
    for (RowOp op : g.splitRows(r.offset(), r.length())) {
      long logical = op.offsetInChunk();
      long buffer = op.bufferOffset();
      for (UnitSegment s : op.segments()) {
        assertThat(g.locate(logical))
            .isEqualTo(new UnitAddress(op.row(), s.dataShard(), s.shardOffset()));
        assertThat(s.bufferOffset()).isEqualTo(buffer);
        long unitOf = s.shardOffset() / g.stripeUnit();
        assertThat((s.shardOffset() + s.length() - 1) / g.stripeUnit()).isEqualTo(unitOf);
        logical += s.length();
        buffer += s.length();
      }
      assertThat(logical).isEqualTo(op.offsetInChunk() + op.length());
    }
  }

  @Property(tries = 300)
  void segmentVisitorYieldsExactlyTheSegmentsOfTheRowOps(@ForAll("ranges") Range r) {
    StripeGeometry g = r.geometry();
    List<String> visited = new ArrayList<>();
    g.forEachUnitSegment(
        r.offset(),
        r.length(),
        5,
        (row, coverage, shard, shardOffset, length, buffer) ->
            visited.add(
                row + " " + coverage + " " + new UnitSegment(shard, shardOffset, length, buffer)));
    List<String> expected = new ArrayList<>();
    for (RowOp op : g.splitRows(r.offset(), r.length(), 5)) {
      for (UnitSegment s : op.segments()) {
        expected.add(op.row() + " " + op.coverage() + " " + s);
      }
    }
    assertThat(visited).isEqualTo(expected);
  }

  /**
   * Byte-level round trip: scatter a buffer into shards by the segments, read it back by locate.
   */
  @Property(tries = 300)
  void writingSegmentsToShardsAndReadingByLocateReturnsTheBuffer(@ForAll("ranges") Range r) {
    StripeGeometry g = r.geometry();
    byte[] buffer = new byte[r.length()];
    for (int i = 0; i < buffer.length; i++) {
      buffer[i] = (byte) (i * 13 + 1);
    }
    byte[][] shards = new byte[g.dataShards()][(int) g.shardSize()];
    List<RowOp> ops = g.splitRows(r.offset(), r.length());
    for (RowOp op : ops) {
      for (UnitSegment s : op.segments()) {
        System.arraycopy(
            buffer,
            (int) s.bufferOffset(),
            shards[s.dataShard()],
            (int) s.shardOffset(),
            s.length());
      }
    }
    for (int i = 0; i < buffer.length; i++) {
      UnitAddress a = g.locate(r.offset() + i);
      assertThat(shards[a.dataShard()][(int) a.shardOffset()]).isEqualTo(buffer[i]);
    }
  }
}
