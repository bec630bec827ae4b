package io.hyperblock.core.layout;

/**
 * Receives the chunk operations of a request one at a time, without a {@link ChunkOp} or a list
 * being allocated: the allocation-free form of {@link IoSplitter#split}, for the NBD data path that
 * splits every request.
 *
 * <p>The arguments have exactly the meaning of the {@link ChunkOp} components. Calls arrive in
 * ascending volume-offset order on the caller's thread, before {@link IoSplitter#forEachChunkOp}
 * returns. An exception thrown by the visitor stops the iteration and propagates to the caller
 * unchanged.
 */
@FunctionalInterface
public interface ChunkOpVisitor {

  /**
   * Handles one chunk's part of the request.
   *
   * @param chunkIndex index (and stripe index) of the chunk
   * @param offsetInChunk first byte, relative to the chunk start
   * @param length bytes in this chunk, at least 1
   * @param bufferOffset where these bytes start in the request buffer
   */
  void visit(long chunkIndex, long offsetInChunk, int length, long bufferOffset);
}
