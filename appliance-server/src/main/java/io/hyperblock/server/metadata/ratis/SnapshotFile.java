package io.hyperblock.server.metadata.ratis;

import io.hyperblock.server.metadata.MetadataCodec;
import io.hyperblock.server.metadata.MetadataState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * One metadata snapshot on disk: {@code "HBSN"} magic, payload length, the {@link MetadataCodec}
 * encoding of the state, and a CRC32C of the payload. Written to a temporary file, fsynced, then
 * atomically renamed and the directory fsynced, so a crash leaves either the old snapshot set or
 * the complete new file, never a torn one.
 */
final class SnapshotFile {
  private static final int MAGIC = 0x4842534e; // "HBSN"

  private SnapshotFile() {}

  static void write(Path target, MetadataState state) throws IOException {
    byte[] payload = MetadataCodec.encode(state);
    CRC32C crc = new CRC32C();
    crc.update(payload);
    ByteBuffer buf = ByteBuffer.allocate(8 + payload.length + 8);
    buf.putInt(MAGIC).putInt(payload.length).put(payload).putLong(crc.getValue()).flip();
    // Not "snapshot.*": Ratis must never take a half-written temporary for a snapshot.
    Path tmp = target.resolveSibling(".writing-" + target.getFileName());
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  /**
   * @throws IOException the file is not a metadata snapshot or fails its checksum; the member must
   *     not start from it (move it aside to let the member rebuild from the log or the leader)
   */
  static MetadataState read(Path file) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
    if (buf.remaining() < 16 || buf.getInt() != MAGIC) {
      throw new IOException(file + " is not a Hyperblock metadata snapshot");
    }
    int length = buf.getInt();
    if (length < 0 || length != buf.remaining() - 8) {
      throw new IOException(file + " is truncated or corrupt (length " + length + ")");
    }
    byte[] payload = new byte[length];
    buf.get(payload);
    CRC32C crc = new CRC32C();
    crc.update(payload);
    if (crc.getValue() != buf.getLong()) {
      throw new IOException(file + " fails its CRC32C check; the snapshot is corrupt");
    }
    return MetadataCodec.decodeState(payload);
  }
}
