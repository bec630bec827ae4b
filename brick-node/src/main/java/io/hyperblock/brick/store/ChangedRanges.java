package io.hyperblock.brick.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What changed on this brick in a span of its journal, folded per shard: the input of delta resync
 * (a peer that was away copies only these ranges instead of whole shards).
 *
 * @param afterIndex the exclusive start of the span (a journal index or {@link JournalEntry#NONE})
 * @param throughIndex the last journal index folded in ({@code afterIndex} if nothing was)
 * @param ranges per shard, the written or trimmed ranges, sorted and merged (adjacent or
 *     overlapping ranges become one); ranges of a volume deleted later in the span are dropped
 * @param deletedVolumes volumes deleted in the span
 */
public record ChangedRanges(
    long afterIndex,
    long throughIndex,
    Map<ShardKey, List<ByteRange>> ranges,
    Set<UUID> deletedVolumes) {

  public ChangedRanges {
    ranges = Map.copyOf(ranges);
    deletedVolumes = Set.copyOf(deletedVolumes);
  }

  /** Folds journal entries, oldest first. Not thread-safe. */
  static final class Builder {
    private final long afterIndex;
    private long throughIndex;
    private final Map<ShardKey, List<ByteRange>> ranges = new HashMap<>();
    private final Set<UUID> deleted = new HashSet<>();

    Builder(long afterIndex) {
      this.afterIndex = afterIndex;
      this.throughIndex = afterIndex;
    }

    void accept(JournalEntry e) {
      throughIndex = e.index();
      switch (e.kind()) {
        case WRITE, TRIM -> {
          if (e.length() > 0) {
            ranges
                .computeIfAbsent(e.key(), k -> new ArrayList<>())
                .add(new ByteRange(e.offset(), e.length()));
          }
        }
        case DELETE_VOLUME -> {
          ranges.keySet().removeIf(k -> k.volumeId().equals(e.volumeId()));
          deleted.add(e.volumeId());
        }
        case EPOCH, CHECKPOINT -> {
          // Not a data change.
        }
      }
    }

    ChangedRanges build() {
      Map<ShardKey, List<ByteRange>> merged = new HashMap<>();
      ranges.forEach((key, list) -> merged.put(key, merge(list)));
      return new ChangedRanges(afterIndex, throughIndex, merged, deleted);
    }

    private static List<ByteRange> merge(List<ByteRange> list) {
      List<ByteRange> sorted = new ArrayList<>(list);
      sorted.sort(Comparator.comparingLong(ByteRange::offset));
      List<ByteRange> out = new ArrayList<>();
      ByteRange current = sorted.getFirst();
      for (ByteRange r : sorted.subList(1, sorted.size())) {
        if (r.offset() <= current.end()) {
          long end = Math.max(current.end(), r.end());
          current = new ByteRange(current.offset(), end - current.offset());
        } else {
          out.add(current);
          current = r;
        }
      }
      out.add(current);
      return List.copyOf(out);
    }
  }
}
