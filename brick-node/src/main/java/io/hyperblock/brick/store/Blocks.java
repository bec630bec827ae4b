package io.hyperblock.brick.store;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The 4 KiB block checksum rules shared by the write path, the read path and recovery.
 *
 * <p>A block's stored checksum is its CRC32C, except that an all-zero block is stored as the marker
 * {@code 0}. A sparse checksum file therefore reads 0 for blocks never written, and those blocks
 * read as zeros from the sparse extent file, so "never written" needs no extra state. A block
 * verifies when {@code stored == crc32c(bytes)}, or when {@code stored == 0} and the bytes are all
 * zero. (The one case this conflates, a non-zero block whose CRC32C is exactly 0, only makes such a
 * block count as unused in the space accounting: probability 2^-32 per block.)
 */
final class Blocks {
  /** Block size of the checksum granularity; also the page size, which matters for recovery. */
  static final int SIZE = 4096;

  private static final int ZERO_BLOCK_CRC = crc(ByteBuffer.allocate(SIZE));

  private Blocks() {}

  static long index(long offset) {
    return offset / SIZE;
  }

  /** CRC32C of the remaining bytes of {@code block}; does not move its position. */
  static int crc(ByteBuffer block) {
    CRC32C crc = new CRC32C();
    crc.update(block.duplicate());
    return (int) crc.getValue();
  }

  /** The value to store for a block with these bytes (a full block, position to limit). */
  static int storedValue(ByteBuffer block) {
    int crc = crc(block);
    return crc == ZERO_BLOCK_CRC && isAllZero(block) ? 0 : crc;
  }

  /** Whether a full block's bytes match its stored value. */
  static boolean verifies(int stored, ByteBuffer block) {
    int crc = crc(block);
    return crc == stored || (stored == 0 && crc == ZERO_BLOCK_CRC && isAllZero(block));
  }

  static boolean isAllZero(ByteBuffer block) {
    for (int i = block.position(); i < block.limit(); i++) {
      if (block.get(i) != 0) {
        return false;
      }
    }
    return true;
  }
}
