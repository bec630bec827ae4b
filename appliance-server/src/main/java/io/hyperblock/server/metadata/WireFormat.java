package io.hyperblock.server.metadata;

import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.ChunkLocation;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.ProtectionPolicy;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.BrickState;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Field encodings shared by the command and snapshot codecs: big-endian fixed-width numbers,
 * length-prefixed UTF-8 strings, enums by name (so reordering an enum never changes meaning),
 * nullable values behind a presence byte. A placement map stores its bricks once in a table and
 * refers to them by index, and omits chunk ids that follow the canonical format of {@link
 * ChunkLocation}.
 */
final class WireFormat {

  /** Longest string accepted on decode: a corrupt length must not allocate gigabytes. */
  private static final int MAX_STRING_BYTES = 1 << 20;

  private WireFormat() {}

  static void writeString(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n == -1) {
      return null;
    }
    if (n < 0 || n > MAX_STRING_BYTES) {
      throw new IOException("corrupt metadata: string length " + n);
    }
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }

  static void writeUuid(DataOutputStream out, UUID id) throws IOException {
    out.writeBoolean(id != null);
    if (id != null) {
      out.writeLong(id.getMostSignificantBits());
      out.writeLong(id.getLeastSignificantBits());
    }
  }

  static UUID readUuid(DataInputStream in) throws IOException {
    return in.readBoolean() ? new UUID(in.readLong(), in.readLong()) : null;
  }

  static void writeInstant(DataOutputStream out, Instant t) throws IOException {
    out.writeBoolean(t != null);
    if (t != null) {
      out.writeLong(t.getEpochSecond());
      out.writeInt(t.getNano());
    }
  }

  static Instant readInstant(DataInputStream in) throws IOException {
    return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
  }

  static void writeBrickState(DataOutputStream out, BrickState s) throws IOException {
    writeString(out, s == null ? null : s.name());
  }

  static BrickState readBrickState(DataInputStream in) throws IOException {
    String name = readString(in);
    return name == null ? null : BrickState.valueOf(name);
  }

  static void writePolicy(DataOutputStream out, ProtectionPolicy p) throws IOException {
    switch (p) {
      case Replicated r -> {
        out.writeByte(1);
        out.writeInt(r.copies());
        out.writeInt(r.writeQuorum());
        out.writeInt(r.readQuorum());
      }
      case ErasureCoded e -> {
        out.writeByte(2);
        out.writeInt(e.dataUnits());
        out.writeInt(e.parityUnits());
      }
    }
  }

  static ProtectionPolicy readPolicy(DataInputStream in) throws IOException {
    int tag = in.readByte();
    return switch (tag) {
      case 1 -> new Replicated(in.readInt(), in.readInt(), in.readInt());
      case 2 -> new ErasureCoded(in.readInt(), in.readInt());
      default -> throw new IOException("corrupt metadata: unknown policy tag " + tag);
    };
  }

  static void writeBrick(DataOutputStream out, Brick b) throws IOException {
    writeUuid(out, b.id());
    writeString(out, b.datacenter());
    writeString(out, b.rack());
    writeString(out, b.host());
    out.writeLong(b.weight());
    writeBrickState(out, b.state());
    writeString(out, b.path());
  }

  static Brick readBrick(DataInputStream in) throws IOException {
    return new Brick(
        readUuid(in),
        readString(in),
        readString(in),
        readString(in),
        in.readLong(),
        readBrickState(in),
        readString(in));
  }

  static void writeVolume(DataOutputStream out, VolumeRecord v) throws IOException {
    writeUuid(out, v.id());
    writeString(out, v.name());
    out.writeLong(v.sizeBytes());
    out.writeLong(v.chunkSizeBytes());
    writePolicy(out, v.policy());
    out.writeLong(v.placementEpoch());
    out.writeLong(v.attachEpoch());
    writeString(out, v.attachedTo());
    writeInstant(out, v.createdAt());
  }

  static VolumeRecord readVolume(DataInputStream in) throws IOException {
    return new VolumeRecord(
        readUuid(in),
        readString(in),
        in.readLong(),
        in.readLong(),
        readPolicy(in),
        in.readLong(),
        in.readLong(),
        readString(in),
        readInstant(in));
  }

  static void writePlacement(DataOutputStream out, PlacementMap map) throws IOException {
    writeUuid(out, map.volumeId());
    out.writeLong(map.version());
    writeGroups(out, map.volumeId(), map.groups());
  }

  static PlacementMap readPlacement(DataInputStream in) throws IOException {
    UUID volumeId = readUuid(in);
    long version = in.readLong();
    return new PlacementMap(volumeId, version, readGroups(in, volumeId));
  }

  static void writeGroups(DataOutputStream out, UUID volumeId, List<ChunkGroup> groups)
      throws IOException {
    Map<UUID, Integer> table = new LinkedHashMap<>();
    for (ChunkGroup g : groups) {
      for (ChunkLocation l : g.locations()) {
        l.brickIds().forEach(id -> table.putIfAbsent(id, table.size()));
      }
    }
    out.writeInt(table.size());
    for (UUID id : table.keySet()) {
      writeUuid(out, id);
    }
    out.writeInt(groups.size());
    for (ChunkGroup g : groups) {
      out.writeLong(g.stripeIndex());
      out.writeInt(g.locations().size());
      for (int i = 0; i < g.locations().size(); i++) {
        ChunkLocation l = g.locations().get(i);
        boolean canonical =
            l.chunkId().equals(canonicalChunkId(volumeId, g, i, g.locations().size()));
        out.writeBoolean(canonical);
        if (!canonical) {
          writeString(out, l.chunkId());
        }
        out.writeInt(l.brickIds().size());
        for (UUID id : l.brickIds()) {
          out.writeInt(table.get(id));
        }
      }
    }
  }

  static List<ChunkGroup> readGroups(DataInputStream in, UUID volumeId) throws IOException {
    UUID[] table = new UUID[checkedCount(in.readInt())];
    for (int i = 0; i < table.length; i++) {
      table[i] = readUuid(in);
    }
    int groupCount = checkedCount(in.readInt());
    List<ChunkGroup> groups = new ArrayList<>(groupCount);
    for (int gi = 0; gi < groupCount; gi++) {
      long stripe = in.readLong();
      int n = checkedCount(in.readInt());
      List<ChunkLocation> locations = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String chunkId =
            in.readBoolean()
                ? (n == 1
                    ? ChunkLocation.replicaChunkId(volumeId, stripe)
                    : ChunkLocation.shardChunkId(volumeId, stripe, i))
                : readString(in);
        int bricks = checkedCount(in.readInt());
        List<UUID> ids = new ArrayList<>(bricks);
        for (int j = 0; j < bricks; j++) {
          ids.add(table[in.readInt()]);
        }
        locations.add(new ChunkLocation(chunkId, ids));
      }
      groups.add(new ChunkGroup(stripe, locations));
    }
    return groups;
  }

  /** Replicated stripes have one location; EC stripes have k+m >= 2 (ChunkLocation's format). */
  private static String canonicalChunkId(UUID volumeId, ChunkGroup g, int index, int count) {
    return count == 1
        ? ChunkLocation.replicaChunkId(volumeId, g.stripeIndex())
        : ChunkLocation.shardChunkId(volumeId, g.stripeIndex(), index);
  }

  static int checkedCount(int n) throws IOException {
    if (n < 0 || n > (1 << 26)) {
      throw new IOException("corrupt metadata: count " + n);
    }
    return n;
  }
}
