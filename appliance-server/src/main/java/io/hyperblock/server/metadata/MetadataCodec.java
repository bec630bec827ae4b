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
import io.hyperblock.server.metadata.MetadataCommand.AnnounceMember;
import io.hyperblock.server.metadata.MetadataCommand.AttachVolume;
import io.hyperblock.server.metadata.MetadataCommand.CreateVolume;
import io.hyperblock.server.metadata.MetadataCommand.DeleteVolume;
import io.hyperblock.server.metadata.MetadataCommand.DetachVolume;
import io.hyperblock.server.metadata.MetadataCommand.InitCluster;
import io.hyperblock.server.metadata.MetadataCommand.RegisterBrick;
import io.hyperblock.server.metadata.MetadataCommand.ReportReplicaFailures;
import io.hyperblock.server.metadata.MetadataCommand.ResizeVolume;
import io.hyperblock.server.metadata.MetadataCommand.SetBrickState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary encoding of commands (Raft log entries), outcomes (Raft replies) and whole states
 * (snapshots). Each starts with a format version byte; a member that meets a version it does not
 * know refuses to apply it rather than guessing. Encoding is deterministic: equal values give equal
 * bytes, which is what makes "byte-identical placement after restart" checkable.
 *
 * <p>Decoding corrupt input throws {@link UncheckedIOException} with what was wrong; the state
 * machine must then stop rather than apply a partial command.
 */
public final class MetadataCodec {

  /** Version of every encoding below; bump it (and keep reading the old one) on any change. */
  public static final byte FORMAT_VERSION = 1;

  private static final byte TAG_CLEAR_FAILURES = 14;

  private MetadataCodec() {}

  /** Encodes a command for the Raft log. */
  public static byte[] encode(MetadataCommand command) {
    return write(out -> writeCommand(out, command));
  }

  /** Decodes a Raft log entry written by {@link #encode(MetadataCommand)}. */
  public static MetadataCommand decodeCommand(byte[] bytes) {
    return read(bytes, MetadataCodec::readCommand);
  }

  public static byte[] encode(Outcome outcome) {
    return write(
        out -> {
          writeString(out, outcome.code().name());
          writeString(out, outcome.field());
          writeString(out, outcome.message());
          out.writeLong(outcome.value());
        });
  }

  public static Outcome decodeOutcome(byte[] bytes) {
    return read(
        bytes,
        in ->
            new Outcome(
                Outcome.Code.valueOf(readString(in)),
                readString(in),
                readString(in),
                in.readLong()));
  }

  /** The canonical bytes of a placement map (what clients and restart checks compare). */
  public static byte[] encode(PlacementMap map) {
    return write(out -> WireFormat.writePlacement(out, map));
  }

  public static PlacementMap decodePlacement(byte[] bytes) {
    return read(bytes, WireFormat::readPlacement);
  }

  /** Encodes a whole state for a snapshot. */
  public static byte[] encode(MetadataState state) {
    return write(out -> StateCodec.write(out, state));
  }

  public static MetadataState decodeState(byte[] bytes) {
    return read(bytes, StateCodec::read);
  }

  private static void writeCommand(DataOutputStream out, MetadataCommand command)
      throws IOException {
    switch (command) {
      case InitCluster c -> {
        out.writeByte(1);
        writeUuid(out, c.clusterId());
        writeInstant(out, c.at());
      }
      case AnnounceMember c -> {
        out.writeByte(2);
        StateCodec.writeMember(out, c.endpoint());
      }
      case RegisterBrick c -> {
        out.writeByte(3);
        writeUuid(out, c.brickId());
        writeUuid(out, c.clusterId());
        writeString(out, c.datacenter());
        writeString(out, c.rack());
        writeString(out, c.host());
        out.writeLong(c.capacityBytes());
        writeString(out, c.address());
        writeString(out, c.path());
        writeInstant(out, c.at());
      }
      case SetBrickState c -> {
        out.writeByte(4);
        writeUuid(out, c.brickId());
        writeBrickState(out, c.state());
        writeString(out, c.reason());
        writeInstant(out, c.at());
      }
      case CreateVolume c -> {
        out.writeByte(5);
        WireFormat.writeVolume(out, c.volume());
        WireFormat.writePlacement(out, c.placement());
      }
      case ResizeVolume c -> {
        out.writeByte(6);
        writeUuid(out, c.volumeId());
        writeString(out, c.name());
        out.writeLong(c.newSizeBytes());
        out.writeLong(c.expectedPlacementEpoch());
        WireFormat.writeGroups(out, c.volumeId(), c.newGroups());
      }
      case DeleteVolume c -> {
        out.writeByte(7);
        writeString(out, c.name());
        out.writeBoolean(c.force());
      }
      case AttachVolume c -> {
        out.writeByte(8);
        writeString(out, c.name());
        writeString(out, c.clientId());
        out.writeBoolean(c.force());
      }
      case DetachVolume c -> {
        out.writeByte(9);
        writeUuid(out, c.volumeId());
        out.writeLong(c.epoch());
      }
      case ReportReplicaFailures c -> {
        out.writeByte(10);
        out.writeInt(c.failures().size());
        for (ReplicaFailure f : c.failures()) {
          StateCodec.writeFailure(out, f);
        }
      }
      case MetadataCommand.ClearReplicaFailures c -> {
        out.writeByte(TAG_CLEAR_FAILURES);
        writeUuid(out, c.volumeId());
        out.writeLong(c.stripeIndex());
        writeUuid(out, c.brickId());
        writeInstant(out, c.reportedUpTo());
      }
      case MetadataCommand.PlanRebuild c -> RebuildCodec.writeCommand(out, c);
      case MetadataCommand.UpdateRebuildTasks c -> RebuildCodec.writeCommand(out, c);
      case MetadataCommand.CompleteRebuild c -> RebuildCodec.writeCommand(out, c);
    }
  }

  private static MetadataCommand readCommand(DataInputStream in) throws IOException {
    int tag = in.readByte();
    return switch (tag) {
      case 1 -> new InitCluster(readUuid(in), readInstant(in));
      case 2 -> new AnnounceMember(StateCodec.readMember(in));
      case 3 ->
          new RegisterBrick(
              readUuid(in),
              readUuid(in),
              readString(in),
              readString(in),
              readString(in),
              in.readLong(),
              readString(in),
              readString(in),
              readInstant(in));
      case 4 ->
          new SetBrickState(readUuid(in), readBrickState(in), readString(in), readInstant(in));
      case 5 -> new CreateVolume(WireFormat.readVolume(in), WireFormat.readPlacement(in));
      case 6 -> {
        var volumeId = readUuid(in);
        String name = readString(in);
        long size = in.readLong();
        long epoch = in.readLong();
        yield new ResizeVolume(volumeId, name, size, epoch, WireFormat.readGroups(in, volumeId));
      }
      case 7 -> new DeleteVolume(readString(in), in.readBoolean());
      case 8 -> new AttachVolume(readString(in), readString(in), in.readBoolean());
      case 9 -> new DetachVolume(readUuid(in), in.readLong());
      case 10 -> {
        int n = checkedCount(in.readInt());
        List<ReplicaFailure> failures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          failures.add(StateCodec.readFailure(in));
        }
        yield new ReportReplicaFailures(failures);
      }
      case TAG_CLEAR_FAILURES ->
          new MetadataCommand.ClearReplicaFailures(
              readUuid(in), in.readLong(), readUuid(in), readInstant(in));
      case RebuildCodec.TAG_PLAN, RebuildCodec.TAG_UPDATE, RebuildCodec.TAG_COMPLETE ->
          RebuildCodec.readCommand(tag, in);
      default -> throw new IOException("corrupt metadata: unknown command tag " + tag);
    };
  }

  interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  static byte[] write(Writer writer) {
    try {
      var bytes = new ByteArrayOutputStream();
      var out = new DataOutputStream(bytes);
      out.writeByte(FORMAT_VERSION);
      writer.write(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
  }

  static <T> T read(byte[] bytes, Reader<T> reader) {
    try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int version = in.readByte();
      if (version != FORMAT_VERSION) {
        throw new IOException(
            "metadata format version "
                + version
                + " is not supported by this server (it reads version "
                + FORMAT_VERSION
                + "); upgrade the server before reading this data");
      }
      T value = reader.read(in);
      if (in.available() > 0) {
        throw new IOException("corrupt metadata: " + in.available() + " trailing bytes");
      }
      return value;
    } catch (IOException | RuntimeException e) {
      throw new UncheckedIOException(
          "cannot decode metadata: " + e.getMessage(),
          e instanceof IOException io ? io : new IOException(e));
    }
  }
}
