package io.hyperblock.brick.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Journal replay at open. Every mutation is journaled, with the stored checksums of its blocks
 * before and after, before its extent is touched; a CHECKPOINT entry marks all earlier mutations as
 * synced with their checksums. For every mutation after the last checkpoint, each touched block is
 * reconciled: if its bytes match the checksum file or any old/new checksum journaled for it, they
 * are the bytes of some version in flight, and its stored checksum is set to match them; otherwise
 * the block is torn and keeps a mismatching checksum, so it reads as CORRUPT rather than as wrong
 * data. The argument is in docs/adr/0002-brick-store-crash-consistency.md.
 */
final class Recovery {
  private final Map<ShardKey, List<JournalEntry>> pending = new LinkedHashMap<>();
  private long scanned;

  private Recovery() {}

  /** Replays {@code journal} after {@code checkpoint} onto {@code extents}; lock-free (at open). */
  static RecoveryReport run(ChangeJournal journal, long checkpoint, Map<ShardKey, Extent> extents)
      throws IOException {
    Recovery r = new Recovery();
    journal.forEach(checkpoint, r::accept);
    long mutations = 0;
    long checked = 0;
    long repaired = 0;
    long torn = 0;
    for (var e : r.pending.entrySet()) {
      mutations += e.getValue().size();
      Extent extent = extents.get(e.getKey());
      if (extent == null) {
        continue; // its volume was deleted after these writes
      }
      long[] counts = reconcile(extent, e.getValue());
      checked += counts[0];
      repaired += counts[1];
      torn += counts[2];
      extent.addUsedBlocks(extent.countUsedBlocks() - extent.usedBlocks());
      extent.force();
    }
    return new RecoveryReport(r.scanned, mutations, checked, repaired, torn);
  }

  private void accept(JournalEntry e) {
    scanned++;
    switch (e.kind()) {
      case WRITE, TRIM -> pending.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
      case CHECKPOINT -> {
        long covered = e.offset();
        pending.values().forEach(list -> list.removeIf(p -> p.index() <= covered));
        pending.values().removeIf(List::isEmpty);
      }
      case DELETE_VOLUME -> pending.keySet().removeIf(k -> k.volumeId().equals(e.volumeId()));
      case EPOCH -> {
        // The epochs file is persisted before the EPOCH entry is appended: nothing to redo.
      }
    }
  }

  /**
   * Reconciles the blocks {@code entries} touched (shard lock held); returns {checked, repaired,
   * torn}.
   */
  static long[] reconcile(Extent extent, List<JournalEntry> entries) throws IOException {
    TreeMap<Long, Set<Integer>> candidates = new TreeMap<>();
    long generation = 0;
    for (JournalEntry e : entries) {
      generation = Math.max(generation, e.generation());
      for (int i = 0; i < e.oldChecksums().length; i++) {
        Set<Integer> set = candidates.computeIfAbsent(e.firstBlock() + i, b -> new HashSet<>());
        set.add(e.oldChecksums()[i]);
        set.add(e.newChecksums()[i]);
      }
    }
    long[] counts = new long[3];
    for (var c : candidates.entrySet()) {
      long block = c.getKey();
      int stored = extent.readChecksums(block, 1)[0];
      ByteBuffer bytes = extent.readBlocks(block, 1);
      counts[0]++;
      if (Blocks.verifies(stored, bytes)) {
        continue;
      }
      boolean known = c.getValue().stream().anyMatch(v -> Blocks.verifies(v, bytes));
      if (known) {
        extent.writeChecksums(block, new int[] {Blocks.storedValue(bytes)});
        counts[1]++;
      } else {
        counts[2]++;
      }
    }
    extent.raiseGeneration(generation);
    return counts;
  }
}
