package io.hyperblock.core.layout;

/**
 * The part of a volume I/O request that falls inside one chunk.
 *
 * <p>The op covers chunk bytes {@code [offsetInChunk, offsetInChunk + length)}, which are volume
 * bytes {@code [chunkIndex * chunkSize + offsetInChunk, ... + length)}, and request-buffer bytes
 * {@code [bufferOffset, bufferOffset + length)}. The buffer itself belongs to the caller; an op
 * only says where in it this chunk's bytes are.
 *
 * @param chunkIndex index of the chunk in the volume, which is also its stripe index, {@code >= 0}
 * @param offsetInChunk first byte of the op, relative to the chunk start, {@code >= 0}
 * @param length number of bytes, {@code >= 1}; never crosses the chunk's end
 * @param bufferOffset where the op's bytes start in the request buffer, {@code >= 0}
 */
public record ChunkOp(long chunkIndex, long offsetInChunk, int length, long bufferOffset) {

  public ChunkOp {
    if (chunkIndex < 0 || offsetInChunk < 0 || length < 1 || bufferOffset < 0) {
      throw new InvalidLayoutException(
          "chunk op needs chunkIndex >= 0, offsetInChunk >= 0, length >= 1 and bufferOffset >= 0,"
              + " got chunkIndex="
              + chunkIndex
              + " offsetInChunk="
              + offsetInChunk
              + " length="
              + length
              + " bufferOffset="
              + bufferOffset);
    }
  }

  /** One past the op's last byte, relative to the chunk start. */
  public long endInChunk() {
    return offsetInChunk + length;
  }
}
