package io.hyperblock.systest;

import io.hyperblock.client.VolumeClient;
import io.hyperblock.client.grpc.GrpcMetadataClient;
import io.hyperblock.core.placement.PlacementMap;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.UUID;

/** Known contents of a test volume, written and read back whole through a {@link VolumeClient}. */
final class VolumeData {
  private static final int PIECE = 1 << 20;

  private VolumeData() {}

  /** The volume's known contents: {@code size} random bytes seeded by its name. */
  static byte[] of(String volume, long size) {
    byte[] bytes = new byte[Math.toIntExact(size)];
    new Random(volume.hashCode()).nextBytes(bytes);
    return bytes;
  }

  /** Writes {@code bytes} from offset 0 in 1 MiB pieces, flushes and closes the client. */
  static byte[] fill(VolumeClient client, byte[] bytes) {
    try (VolumeClient c = client) {
      for (int off = 0; off < bytes.length; off += PIECE) {
        c.write(off, ByteBuffer.wrap(bytes, off, Math.min(PIECE, bytes.length - off))).join();
      }
      c.flush().join();
    }
    return bytes;
  }

  /** Reads the first {@code size} bytes and closes the client. */
  static byte[] readAll(VolumeClient client, long size) {
    ByteBuffer dst = ByteBuffer.allocate(Math.toIntExact(size));
    try (VolumeClient c = client) {
      c.read(0, dst).join();
    }
    return dst.array();
  }

  /** The volume's current placement map, as clients get it. */
  static PlacementMap placement(RestClient rest, GrpcMetadataClient metadata, String volume) {
    UUID id = UUID.fromString(rest.get("volumes/" + volume).path("id").asText());
    return metadata.placement(id).join().map();
  }
}
