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
 * Properties of {@link IoSplitter#split}: the ops tile the request exactly, in order, chunk by
 * chunk. Requests are biased towards chunk edges, where off-by-one errors live.
 */
@AddLifecycleHook(value = PropertyTimeLimit.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
class IoSplitterPropertiesTest {

  /** A request against a chunk size; offsets up to 2^50 and at most a few chunks long. */
  record Request(long chunkSize, long offset, long length) {
    List<ChunkOp> split() {
      return IoSplitter.split(offset, length, chunkSize);
    }
  }

  @Provide
  Arbitrary<Request> requests() {
    Arbitrary<Integer> shifts = Arbitraries.integers().between(0, 30);
    return shifts.flatMap(
        shift -> {
          long chunk = 1L << shift;
          Arbitrary<Long> chunkIndex = Arbitraries.longs().between(0, (1L << 50) >>> shift);
          Arbitrary<Long> inChunk =
              Arbitraries.oneOf(
                  Arbitraries.longs().between(0, chunk - 1),
                  Arbitraries.of(0L, 1L, chunk - 1, chunk - 2).filter(o -> o >= 0 && o < chunk));
          Arbitrary<Long> length =
              Arbitraries.oneOf(
                  Arbitraries.longs().between(0, 4 * chunk),
                  Arbitraries.integers().between(0, 4).map(n -> n * chunk),
                  Arbitraries.longs().between(0, 3));
          return Combinators.combine(chunkIndex, inChunk, length)
              .as((c, o, n) -> new Request(chunk, c * chunk + o, n));
        });
  }

  @Property(tries = 500)
  void opsAreContiguousAndCoverExactlyTheRequest(@ForAll("requests") Request r) {
    long expectedVolumeOffset = r.offset();
    long expectedBuffer = 0;
    for (ChunkOp op : r.split()) {
      assertThat(op.chunkIndex() * r.chunkSize() + op.offsetInChunk())
          .isEqualTo(expectedVolumeOffset);
      assertThat(op.bufferOffset()).isEqualTo(expectedBuffer);
      assertThat(op.length()).isPositive();
      expectedVolumeOffset += op.length();
      expectedBuffer += op.length();
    }
    assertThat(expectedVolumeOffset).isEqualTo(r.offset() + r.length());
    assertThat(expectedBuffer).isEqualTo(r.length());
  }

  @Property(tries = 500)
  void opsNeverCrossAChunkBoundaryAndOnlyEdgeOpsArePartial(@ForAll("requests") Request r) {
    List<ChunkOp> ops = r.split();
    for (int i = 0; i < ops.size(); i++) {
      ChunkOp op = ops.get(i);
      assertThat(op.endInChunk()).isLessThanOrEqualTo(r.chunkSize());
      if (i > 0) {
        assertThat(op.offsetInChunk()).as("every op after the first starts a chunk").isZero();
        assertThat(op.chunkIndex()).isEqualTo(ops.get(i - 1).chunkIndex() + 1);
      }
      if (i < ops.size() - 1) {
        assertThat(op.endInChunk())
            .as("every op before the last ends a chunk")
            .isEqualTo(r.chunkSize());
      }
    }
  }

  @Property(tries = 300)
  void opCountIsTheNumberOfChunksTouched(@ForAll("requests") Request r) {
    long first = r.offset() / r.chunkSize();
    long expected = r.length() == 0 ? 0 : (r.offset() + r.length() - 1) / r.chunkSize() - first + 1;
    assertThat(r.split()).hasSize((int) expected);
    assertThat(IoSplitter.countOps(r.offset(), r.length(), r.chunkSize())).isEqualTo(expected);
  }

  @Property(tries = 300)
  void visitorYieldsExactlyTheListedOps(@ForAll("requests") Request r) {
    List<ChunkOp> visited = new ArrayList<>();
    IoSplitter.forEachChunkOp(
        r.offset(),
        r.length(),
        r.chunkSize(),
        (c, o, n, b) -> visited.add(new ChunkOp(c, o, n, b)));
    assertThat(visited).isEqualTo(r.split());
  }

  /** Byte-level round trip: scatter a buffer into chunks by the ops, read it back by offset. */
  @Property(tries = 300)
  void scatteringTheBufferByOpsReproducesTheVolumeRange(@ForAll("smallRequests") Request r) {
    byte[] buffer = new byte[(int) r.length()];
    for (int i = 0; i < buffer.length; i++) {
      buffer[i] = (byte) (i * 31 + 7);
    }
    int chunks = (int) ((r.offset() + r.length()) / r.chunkSize() + 1);
    byte[][] chunkBytes = new byte[chunks][(int) r.chunkSize()];
    for (ChunkOp op : r.split()) {
      System.arraycopy(
          buffer,
          (int) op.bufferOffset(),
          chunkBytes[(int) op.chunkIndex()],
          (int) op.offsetInChunk(),
          op.length());
    }
    for (int i = 0; i < buffer.length; i++) {
      long volumeByte = r.offset() + i;
      assertThat(chunkBytes[(int) (volumeByte / r.chunkSize())][(int) (volumeByte % r.chunkSize())])
          .isEqualTo(buffer[i]);
    }
  }

  @Provide
  Arbitrary<Request> smallRequests() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 6),
            Arbitraries.longs().between(0, 512),
            Arbitraries.longs().between(0, 300))
        .as((shift, offset, length) -> new Request(1L << shift, offset, length));
  }
}
