package io.hyperblock.brick.store;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The checksum effect of writing {@code data} at {@code offset} of an extent, computed before
 * anything is changed: the stored values of the touched blocks before and after, and the change in
 * used blocks. Partial blocks are merged with their current bytes, which are verified first so a
 * corrupt block is never blessed with a fresh checksum.
 *
 * @param firstBlock index of the first touched block
 * @param oldChecksums stored values before the mutation
 * @param newChecksums stored values after the mutation
 * @param usedDelta change in non-zero blocks
 */
record MutationPlan(long firstBlock, int[] oldChecksums, int[] newChecksums, long usedDelta) {

  /** Blocks that become non-zero: what the capacity check must reserve. */
  long growthBlocks() {
    long grow = 0;
    for (int i = 0; i < oldChecksums.length; i++) {
      grow += oldChecksums[i] == 0 && newChecksums[i] != 0 ? 1 : 0;
    }
    return grow;
  }

  /** Plans writing {@code data} (position to limit, not moved) at {@code offset}; lock held. */
  static MutationPlan of(Extent extent, long offset, ByteBuffer data) throws IOException {
    int len = data.remaining();
    long end = offset + len;
    long first = Blocks.index(offset);
    int n = (int) (Blocks.index(end - 1) - first + 1);
    int[] old = extent.readChecksums(first, n);
    int[] neu = new int[n];
    long delta = 0;
    for (int i = 0; i < n; i++) {
      long blockStart = (first + i) * Blocks.SIZE;
      long from = Math.max(offset, blockStart);
      long to = Math.min(end, blockStart + Blocks.SIZE);
      int srcPos = data.position() + (int) (from - offset);
      if (to - from == Blocks.SIZE) {
        neu[i] = Blocks.storedValue(data.slice(srcPos, Blocks.SIZE));
      } else {
        ByteBuffer block = extent.readBlocks(first + i, 1);
        if (!Blocks.verifies(old[i], block)) {
          throw new CorruptBlockException(extent.key, first + i);
        }
        block.put((int) (from - blockStart), data, srcPos, (int) (to - from));
        neu[i] = Blocks.storedValue(block);
      }
      delta += (neu[i] != 0 ? 1 : 0) - (old[i] != 0 ? 1 : 0);
    }
    return new MutationPlan(first, old, neu, delta);
  }
}
