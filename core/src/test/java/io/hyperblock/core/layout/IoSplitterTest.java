package io.hyperblock.core.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class IoSplitterTest {

  private static final long MIB = 1 << 20;
  private static final long CHUNK = IoSplitter.DEFAULT_CHUNK_SIZE;

  @Test
  void requestAtOffsetZeroInsideOneChunkIsOneOp() {
    assertThat(IoSplitter.split(0, 4096, CHUNK)).containsExactly(new ChunkOp(0, 0, 4096, 0));
  }

  @Test
  void lastByteOfAChunkStaysInThatChunk() {
    assertThat(IoSplitter.split(CHUNK - 1, 1, CHUNK))
        .containsExactly(new ChunkOp(0, CHUNK - 1, 1, 0));
  }

  @Test
  void firstByteOfTheNextChunkStartsAtOffsetZero() {
    assertThat(IoSplitter.split(CHUNK, 1, CHUNK)).containsExactly(new ChunkOp(1, 0, 1, 0));
  }

  @Test
  void twoByteWriteAcrossAChunkEdgeIsSplitInTwo() {
    assertThat(IoSplitter.split(CHUNK - 1, 2, CHUNK))
        .containsExactly(new ChunkOp(0, CHUNK - 1, 1, 0), new ChunkOp(1, 0, 1, 1));
  }

  @Test
  void writeSpanningThreeChunksHasHeadWholeMiddleAndTail() {
    long offset = 5 * CHUNK - MIB; // last MiB of chunk 4
    long length = CHUNK + 2 * MIB; // all of chunk 5, first MiB of chunk 6
    assertThat(IoSplitter.split(offset, length, CHUNK))
        .containsExactly(
            new ChunkOp(4, CHUNK - MIB, (int) MIB, 0),
            new ChunkOp(5, 0, (int) CHUNK, MIB),
            new ChunkOp(6, 0, (int) MIB, CHUNK + MIB));
  }

  @Test
  void requestOfExactlyOneAlignedChunkIsOneWholeChunkOp() {
    assertThat(IoSplitter.split(3 * CHUNK, CHUNK, CHUNK))
        .containsExactly(new ChunkOp(3, 0, (int) CHUNK, 0));
  }

  @Test
  void zeroLengthRequestHasNoOps() {
    assertThat(IoSplitter.split(123, 0, CHUNK)).isEmpty();
    assertThat(IoSplitter.countOps(123, 0, CHUNK)).isZero();
  }

  @Test
  void requestEndingAtTheLargestOffsetIsAccepted() {
    long offset = Long.MAX_VALUE - 10;
    List<ChunkOp> ops = IoSplitter.split(offset, 10, CHUNK);
    assertThat(ops).hasSize(1);
    assertThat(ops.getFirst().chunkIndex()).isEqualTo(offset / CHUNK);
  }

  @Test
  void visitorSeesTheSameOpsAsTheList() {
    List<ChunkOp> visited = new ArrayList<>();
    IoSplitter.forEachChunkOp(
        7 * 64 - 3, 200, 64, (c, o, n, b) -> visited.add(new ChunkOp(c, o, n, b)));
    assertThat(visited).isEqualTo(IoSplitter.split(7 * 64 - 3, 200, 64));
    assertThat(IoSplitter.countOps(7 * 64 - 3, 200, 64)).isEqualTo(visited.size());
  }

  @Test
  void rejectsChunkSizeThatIsNotAPowerOfTwo() {
    assertThatThrownBy(() -> IoSplitter.split(0, 1, 3 * MIB))
        .isInstanceOf(InvalidLayoutException.class)
        .hasMessageContaining("chunk size must be a power of two")
        .hasMessageContaining("got 3145728 B");
  }

  @Test
  void rejectsZeroAndNegativeChunkSizes() {
    assertThatThrownBy(() -> IoSplitter.split(0, 1, 0))
        .isInstanceOf(InvalidLayoutException.class)
        .hasMessageContaining("got 0 B");
    assertThatThrownBy(() -> IoSplitter.split(0, 1, -CHUNK))
        .isInstanceOf(InvalidLayoutException.class);
  }

  @Test
  void rejectsChunkSizeAboveOneGibibyte() {
    assertThatThrownBy(() -> IoSplitter.split(0, 1, 2L << 30))
        .isInstanceOf(InvalidLayoutException.class)
        .hasMessageContaining("1 GiB");
  }

  @Test
  void rejectsNegativeOffsetAndLength() {
    assertThatThrownBy(() -> IoSplitter.split(-1, 1, CHUNK))
        .isInstanceOf(InvalidLayoutException.class)
        .hasMessage("I/O offset must be >= 0, got -1");
    assertThatThrownBy(() -> IoSplitter.split(0, -5, CHUNK))
        .isInstanceOf(InvalidLayoutException.class)
        .hasMessage("I/O length must be >= 0, got -5");
  }

  @Test
  void rejectsRangeEndingPastTheLargestOffset() {
    assertThatThrownBy(() -> IoSplitter.split(Long.MAX_VALUE - 10, 11, CHUNK))
        .isInstanceOf(InvalidLayoutException.class)
        .hasMessageContaining("ends past the largest byte offset");
  }

  @Test
  void rejectsListingMoreOpsThanAListHoldsButVisitorStillIterates() {
    assertThatThrownBy(() -> IoSplitter.split(0, 1L << 40, 1))
        .isInstanceOf(InvalidLayoutException.class)
        .hasMessageContaining("iterate with forEachChunkOp");
    assertThat(IoSplitter.countOps(0, 1L << 40, 1)).isEqualTo(1L << 40);
  }

  @Test
  void visitorIsNotCalledWhenArgumentsAreInvalid() {
    List<ChunkOp> visited = new ArrayList<>();
    assertThatThrownBy(
            () ->
                IoSplitter.forEachChunkOp(
                    -1, 10, 64, (c, o, n, b) -> visited.add(new ChunkOp(c, o, n, b))))
        .isInstanceOf(InvalidLayoutException.class);
    assertThat(visited).isEmpty();
  }
}
