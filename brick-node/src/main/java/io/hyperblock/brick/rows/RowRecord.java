package io.hyperblock.brick.rows;

import io.hyperblock.brick.rows.RowMetaState.Rollback;
import io.hyperblock.brick.store.ShardKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The records of the row journal and their binary form (big-endian, via Data streams). A unit has
 * at most one write in flight (its monitor serializes them), so {@link Applied} and {@link Aborted}
 * refer to the unit's last {@link Intent}.
 */
sealed interface RowRecord {

  UnitKey key();

  /** A unit write is about to reach the shard store; carries its undo information. */
  record Intent(
      UnitKey key,
      long newGeneration,
      long[] vector,
      long participants,
      boolean keepRollback,
      long prevGeneration,
      long[] prevVector,
      int offsetInUnit,
      byte[] oldBytes)
      implements RowRecord {}

  /** The unit's last {@link Intent} or {@link Undo} reached the shard store. */
  record Applied(UnitKey key) implements RowRecord {}

  /** The unit's last intent failed before changing anything. */
  record Aborted(UnitKey key) implements RowRecord {}

  /** Rollback records of the unit up to {@code generation} are dropped. */
  record Commit(UnitKey key, long generation) implements RowRecord {}

  /**
   * Open generations {@code >= fromGeneration} are about to be undone (old bytes restored); an
   * {@link Applied} follows once the bytes are back.
   */
  record Undo(UnitKey key, long fromGeneration) implements RowRecord {}

  /** Stale mask change. */
  record Stale(UnitKey key, long set, long clear) implements RowRecord {}

  /**
   * Every unit write whose "applied" record ends at or before journal position {@code upTo} is
   * durable in the shard store (written after a store flush). Carries a dummy key.
   */
  record Synced(UnitKey key, long upTo) implements RowRecord {}

  /** A full snapshot of one unit's state (written by compaction). */
  record State(
      UnitKey key,
      long generation,
      long[] vector,
      long staleMask,
      long participants,
      List<Rollback> open)
      implements RowRecord {}

  static byte[] encode(RowRecord r) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      switch (r) {
        case Intent i -> {
          head(out, 1, i.key());
          out.writeLong(i.newGeneration());
          longs(out, i.vector());
          out.writeLong(i.participants());
          out.writeBoolean(i.keepRollback());
          out.writeLong(i.prevGeneration());
          longs(out, i.prevVector());
          out.writeInt(i.offsetInUnit());
          blob(out, i.oldBytes());
        }
        case Applied a -> head(out, 2, a.key());
        case Aborted a -> head(out, 3, a.key());
        case Commit c -> {
          head(out, 4, c.key());
          out.writeLong(c.generation());
        }
        case Undo u -> {
          head(out, 5, u.key());
          out.writeLong(u.fromGeneration());
        }
        case Stale s -> {
          head(out, 6, s.key());
          out.writeLong(s.set());
          out.writeLong(s.clear());
        }
        case Synced s -> {
          head(out, 8, s.key());
          out.writeLong(s.upTo());
        }
        case State s -> {
          head(out, 7, s.key());
          out.writeLong(s.generation());
          longs(out, s.vector());
          out.writeLong(s.staleMask());
          out.writeLong(s.participants());
          out.writeInt(s.open().size());
          for (Rollback rb : s.open()) {
            out.writeLong(rb.generation());
            out.writeLong(rb.prevGeneration());
            longs(out, rb.prevVector());
            out.writeInt(rb.offsetInUnit());
            blob(out, rb.oldBytes());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static RowRecord decode(byte[] payload) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
    int type = in.readByte();
    UnitKey key =
        new UnitKey(
            new ShardKey(new UUID(in.readLong(), in.readLong()), in.readLong(), in.readInt()),
            in.readLong(),
            in.readInt());
    return switch (type) {
      case 1 ->
          new Intent(
              key,
              in.readLong(),
              longs(in),
              in.readLong(),
              in.readBoolean(),
              in.readLong(),
              longs(in),
              in.readInt(),
              blob(in));
      case 2 -> new Applied(key);
      case 3 -> new Aborted(key);
      case 4 -> new Commit(key, in.readLong());
      case 5 -> new Undo(key, in.readLong());
      case 6 -> new Stale(key, in.readLong(), in.readLong());
      case 8 -> new Synced(key, in.readLong());
      case 7 -> {
        long gen = in.readLong();
        long[] vector = longs(in);
        long stale = in.readLong();
        long participants = in.readLong();
        int n = in.readInt();
        List<Rollback> open = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          open.add(new Rollback(in.readLong(), in.readLong(), longs(in), in.readInt(), blob(in)));
        }
        yield new State(key, gen, vector, stale, participants, open);
      }
      default -> throw new IOException("unknown row journal record type " + type);
    };
  }

  private static void head(DataOutputStream out, int type, UnitKey k) throws IOException {
    out.writeByte(type);
    out.writeLong(k.volume().getMostSignificantBits());
    out.writeLong(k.volume().getLeastSignificantBits());
    out.writeLong(k.shard().stripeIndex());
    out.writeInt(k.shard().shardIndex());
    out.writeLong(k.row());
    out.writeInt(k.stripeUnit());
  }

  private static void longs(DataOutputStream out, long[] v) throws IOException {
    out.writeInt(v.length);
    for (long x : v) {
      out.writeLong(x);
    }
  }

  private static long[] longs(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 64) {
      throw new IOException("bad vector length " + n);
    }
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      v[i] = in.readLong();
    }
    return v;
  }

  /**
   * Bytes; an all-zero run (old bytes of a never-written range) is stored as its negated length.
   */
  private static void blob(DataOutputStream out, byte[] b) throws IOException {
    if (b.length > 0 && isZero(b)) {
      out.writeInt(-b.length);
      return;
    }
    out.writeInt(b.length);
    out.write(b);
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] blob(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < -(64 << 20) || n > (64 << 20)) {
      throw new IOException("bad blob length " + n);
    }
    return n < 0 ? new byte[-n] : in.readNBytes(n);
  }
}
