package io.hyperblock.brick.store;

import java.util.UUID;
import net.openhft.chronicle.bytes.Bytes;

/** Decodes the binary records {@link ChangeJournal} writes (format 1). */
final class JournalCodec {
  private static final ChangeKind[] KINDS = ChangeKind.values();
  private static final int[] EMPTY = new int[0];

  private JournalCodec() {}

  static JournalEntry decode(long index, Bytes<?> b) {
    int format = b.readByte();
    if (format != 1) {
      throw new StoreException(
          "journal entry "
              + index
              + " has unknown format "
              + format
              + "; this brick's journal was written by a newer version");
    }
    ChangeKind kind = KINDS[b.readByte()];
    long timestamp = b.readLong();
    UUID volume = new UUID(b.readLong(), b.readLong());
    long epoch = b.readLong();
    return switch (kind) {
      case WRITE, TRIM -> {
        ShardKey key = new ShardKey(volume, b.readLong(), b.readInt());
        long offset = b.readLong();
        long length = b.readLong();
        long generation = b.readLong();
        int n = b.readInt();
        int[] oldSums = new int[n];
        int[] newSums = new int[n];
        for (int i = 0; i < n; i++) {
          oldSums[i] = b.readInt();
          newSums[i] = b.readInt();
        }
        yield new JournalEntry(
            index,
            kind,
            volume,
            key,
            offset,
            length,
            generation,
            epoch,
            timestamp,
            oldSums,
            newSums);
      }
      case CHECKPOINT ->
          new JournalEntry(index, kind, null, null, b.readLong(), 0, 0, 0, timestamp, EMPTY, EMPTY);
      case DELETE_VOLUME, EPOCH ->
          new JournalEntry(index, kind, volume, null, 0, 0, 0, epoch, timestamp, EMPTY, EMPTY);
    };
  }
}
