package io.hyperblock.server.metadata;

import static io.hyperblock.server.metadata.WireFormat.checkedCount;
import static io.hyperblock.server.metadata.WireFormat.readBrickState;
import static io.hyperblock.server.metadata.WireFormat.readInstant;
import static io.hyperblock.server.metadata.WireFormat.readString;
import static io.hyperblock.server.metadata.WireFormat.readUuid;
import static io.hyperblock.server.metadata.WireFormat.writeBrickState;
import static io.hyperblock.server.metadata.WireFormat.writeInstant;
import static io.hyperblock.server.metadata.WireFormat.writeString;
import static io.hyperblock.server.metadata.WireFormat.writeUuid;

import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.ClusterTopology;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Snapshot encoding of a whole {@link MetadataState}, in its maps' sorted orders. */
final class StateCodec {

  private StateCodec() {}

  static void write(DataOutputStream out, MetadataState s) throws IOException {
    writeUuid(out, s.clusterId().orElse(null));
    out.writeLong(s.topology().version());
    out.writeInt(s.topology().bricks().size());
    for (Brick b : s.topology().bricks()) {
      WireFormat.writeBrick(out, b);
    }
    out.writeInt(s.bricks().size());
    for (BrickRecord r : s.bricks().values()) {
      writeUuid(out, r.brickId());
      writeString(out, r.address());
      out.writeLong(r.capacityBytes());
      writeInstant(out, r.registeredAt());
    }
    out.writeInt(s.volumes().size());
    for (VolumeRecord v : s.volumes().values()) {
      WireFormat.writeVolume(out, v);
      WireFormat.writePlacement(out, s.placements().get(v.id()));
    }
    out.writeInt(s.transitions().size());
    for (BrickTransition t : s.transitions()) {
      writeUuid(out, t.brickId());
      writeBrickState(out, t.from());
      writeBrickState(out, t.to());
      writeInstant(out, t.at());
      writeString(out, t.reason());
    }
    out.writeInt(s.replicaFailures().size());
    for (ReplicaFailure f : s.replicaFailures()) {
      writeFailure(out, f);
    }
    out.writeInt(s.members().size());
    for (MemberEndpoint m : s.members().values()) {
      writeMember(out, m);
    }
    if (!s.rebuildTasks().isEmpty()) { // optional section: older snapshots end before it
      out.writeByte(RebuildCodec.SECTION_TASKS);
      RebuildCodec.writeTasks(out, s.rebuildTasks().values());
    }
  }

  static MetadataState read(DataInputStream in) throws IOException {
    var clusterId = readUuid(in);
    var topology = ClusterTopology.builder().version(in.readLong());
    int brickCount = checkedCount(in.readInt());
    for (int i = 0; i < brickCount; i++) {
      topology.addBrick(WireFormat.readBrick(in));
    }
    var bricks = new TreeMap<java.util.UUID, BrickRecord>();
    int records = checkedCount(in.readInt());
    for (int i = 0; i < records; i++) {
      var r = new BrickRecord(readUuid(in), readString(in), in.readLong(), readInstant(in));
      bricks.put(r.brickId(), r);
    }
    var volumes = new TreeMap<String, VolumeRecord>();
    var placements = new TreeMap<java.util.UUID, PlacementMap>();
    int volumeCount = checkedCount(in.readInt());
    for (int i = 0; i < volumeCount; i++) {
      VolumeRecord v = WireFormat.readVolume(in);
      volumes.put(v.name(), v);
      placements.put(v.id(), WireFormat.readPlacement(in));
    }
    int transitionCount = checkedCount(in.readInt());
    List<BrickTransition> transitions = new ArrayList<>(transitionCount);
    for (int i = 0; i < transitionCount; i++) {
      transitions.add(
          new BrickTransition(
              readUuid(in),
              readBrickState(in),
              readBrickState(in),
              readInstant(in),
              readString(in)));
    }
    int failureCount = checkedCount(in.readInt());
    List<ReplicaFailure> failures = new ArrayList<>(failureCount);
    for (int i = 0; i < failureCount; i++) {
      failures.add(readFailure(in));
    }
    var members = new TreeMap<String, MemberEndpoint>();
    int memberCount = checkedCount(in.readInt());
    for (int i = 0; i < memberCount; i++) {
      MemberEndpoint m = readMember(in);
      members.put(m.memberId(), m);
    }
    var tasks = new TreeMap<String, RebuildTask>();
    if (in.available() > 0) {
      int section = in.readByte();
      if (section != RebuildCodec.SECTION_TASKS) {
        throw new IOException("corrupt metadata: unknown snapshot section " + section);
      }
      RebuildCodec.readTasks(in).forEach(t -> tasks.put(t.taskId(), t));
    }
    return new MetadataState(
        clusterId,
        topology.build(),
        bricks,
        volumes,
        placements,
        transitions,
        failures,
        members,
        tasks);
  }

  static void writeFailure(DataOutputStream out, ReplicaFailure f) throws IOException {
    writeUuid(out, f.volumeId());
    out.writeLong(f.stripeIndex());
    out.writeInt(f.shardIndex());
    writeUuid(out, f.brickId());
    out.writeLong(f.epoch());
    writeString(out, f.reason());
    writeInstant(out, f.at());
  }

  static ReplicaFailure readFailure(DataInputStream in) throws IOException {
    return new ReplicaFailure(
        readUuid(in),
        in.readLong(),
        in.readInt(),
        readUuid(in),
        in.readLong(),
        readString(in),
        readInstant(in));
  }

  static void writeMember(DataOutputStream out, MemberEndpoint m) throws IOException {
    writeString(out, m.memberId());
    writeString(out, m.grpcAddress());
    writeString(out, m.restAddress());
  }

  static MemberEndpoint readMember(DataInputStream in) throws IOException {
    return new MemberEndpoint(readString(in), readString(in), readString(in));
  }
}
