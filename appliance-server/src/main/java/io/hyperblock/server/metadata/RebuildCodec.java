package io.hyperblock.server.metadata;

import static io.hyperblock.server.metadata.WireFormat.checkedCount;
import static io.hyperblock.server.metadata.WireFormat.readInstant;
import static io.hyperblock.server.metadata.WireFormat.readString;
import static io.hyperblock.server.metadata.WireFormat.readUuid;
import static io.hyperblock.server.metadata.WireFormat.writeInstant;
import static io.hyperblock.server.metadata.WireFormat.writeString;
import static io.hyperblock.server.metadata.WireFormat.writeUuid;

import io.hyperblock.core.cluster.MoveKind;
import io.hyperblock.server.metadata.MetadataCommand.CompleteRebuild;
import io.hyperblock.server.metadata.MetadataCommand.PlanRebuild;
import io.hyperblock.server.metadata.MetadataCommand.TaskUpdate;
import io.hyperblock.server.metadata.MetadataCommand.UpdateRebuildTasks;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Encoding of rebuild tasks and commands (tags 11-13). Enums go by name. The task table is the
 * optional last section of a snapshot, so snapshots written before rebuild existed still read.
 */
final class RebuildCodec {

  static final byte TAG_PLAN = 11;
  static final byte TAG_UPDATE = 12;
  static final byte TAG_COMPLETE = 13;

  /** Marks the task section at the end of a snapshot. */
  static final byte SECTION_TASKS = 1;

  private RebuildCodec() {}

  static void writeCommand(DataOutputStream out, MetadataCommand command) throws IOException {
    switch (command) {
      case PlanRebuild c -> {
        out.writeByte(TAG_PLAN);
        writeTasks(out, c.tasks());
        writeInstant(out, c.at());
      }
      case UpdateRebuildTasks c -> {
        out.writeByte(TAG_UPDATE);
        out.writeInt(c.updates().size());
        for (TaskUpdate u : c.updates()) {
          writeString(out, u.taskId());
          writeString(out, u.state().name());
          out.writeLong(u.bytesDone());
          out.writeInt(u.attempts());
          writeString(out, u.error());
        }
        writeInstant(out, c.at());
      }
      case CompleteRebuild c -> {
        out.writeByte(TAG_COMPLETE);
        writeUuid(out, c.volumeId());
        out.writeInt(c.taskIds().size());
        for (String id : c.taskIds()) {
          writeString(out, id);
        }
        writeInstant(out, c.at());
      }
      default -> throw new IllegalArgumentException("not a rebuild command: " + command);
    }
  }

  static MetadataCommand readCommand(int tag, DataInputStream in) throws IOException {
    return switch (tag) {
      case TAG_PLAN -> new PlanRebuild(readTasks(in), readInstant(in));
      case TAG_UPDATE -> {
        int n = checkedCount(in.readInt());
        List<TaskUpdate> updates = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          updates.add(
              new TaskUpdate(
                  readString(in),
                  RebuildTask.State.valueOf(readString(in)),
                  in.readLong(),
                  in.readInt(),
                  readString(in)));
        }
        yield new UpdateRebuildTasks(updates, readInstant(in));
      }
      case TAG_COMPLETE -> {
        UUID volumeId = readUuid(in);
        int n = checkedCount(in.readInt());
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          ids.add(readString(in));
        }
        yield new CompleteRebuild(volumeId, ids, readInstant(in));
      }
      default -> throw new IOException("corrupt metadata: unknown command tag " + tag);
    };
  }

  static void writeTasks(DataOutputStream out, Collection<RebuildTask> tasks) throws IOException {
    out.writeInt(tasks.size());
    for (RebuildTask t : tasks) {
      writeTask(out, t);
    }
  }

  static List<RebuildTask> readTasks(DataInputStream in) throws IOException {
    int n = checkedCount(in.readInt());
    List<RebuildTask> tasks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      tasks.add(readTask(in));
    }
    return tasks;
  }

  private static void writeTask(DataOutputStream out, RebuildTask t) throws IOException {
    writeString(out, t.taskId());
    writeString(out, t.planId());
    writeUuid(out, t.volumeId());
    out.writeLong(t.stripeIndex());
    out.writeInt(t.slot());
    writeUuid(out, t.fromBrick());
    writeUuid(out, t.toBrick());
    out.writeInt(t.sources().size());
    for (UUID s : t.sources()) {
      writeUuid(out, s);
    }
    writeString(out, t.kind().name());
    out.writeLong(t.bytes());
    out.writeLong(t.bytesDone());
    writeString(out, t.state().name());
    out.writeInt(t.attempts());
    writeString(out, t.lastError());
    writeInstant(out, t.createdAt());
    writeInstant(out, t.updatedAt());
  }

  private static RebuildTask readTask(DataInputStream in) throws IOException {
    String taskId = readString(in);
    String planId = readString(in);
    UUID volumeId = readUuid(in);
    long stripe = in.readLong();
    int slot = in.readInt();
    UUID from = readUuid(in);
    UUID to = readUuid(in);
    int n = checkedCount(in.readInt());
    List<UUID> sources = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      sources.add(readUuid(in));
    }
    return new RebuildTask(
        taskId,
        planId,
        volumeId,
        stripe,
        slot,
        from,
        to,
        sources,
        MoveKind.valueOf(readString(in)),
        in.readLong(),
        in.readLong(),
        RebuildTask.State.valueOf(readString(in)),
        in.readInt(),
        readString(in),
        readInstant(in),
        readInstant(in));
  }
}
