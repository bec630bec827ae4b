package io.hyperblock.core.erasure;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Random;

/** Test helpers: buffers of random kind, position and contents, and range comparisons. */
final class Stripes {

  private Stripes() {}

  /**
   * A heap or direct buffer with a random position 0..7 and up to 7 bytes of slack after {@code
   * length}; every byte (inside and outside the range) is random so stray writes show up.
   */
  static ByteBuffer randomBuffer(Random random, int length) {
    return randomBuffer(random, length, random.nextBoolean());
  }

  static ByteBuffer randomBuffer(Random random, int length, boolean direct) {
    int position = random.nextInt(8);
    int capacity = position + length + random.nextInt(8);
    ByteBuffer buffer =
        direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    byte[] contents = new byte[capacity];
    random.nextBytes(contents);
    buffer.put(0, contents);
    return buffer.position(position).limit(capacity);
  }

  /**
   * Random buffers, a third of the time all heap, a third all direct and a third mixed, so the
   * vector codec's array-only and segment paths are both exercised at every stripe width.
   */
  static ByteBuffer[] randomBuffers(Random random, int count, int length) {
    int mode = random.nextInt(3);
    ByteBuffer[] buffers = new ByteBuffer[count];
    for (int i = 0; i < count; i++) {
      boolean direct = mode == 2 ? random.nextBoolean() : mode == 1;
      buffers[i] = randomBuffer(random, length, direct);
    }
    return buffers;
  }

  /** A deep copy with the same kind (heap/direct), capacity, position and limit. */
  static ByteBuffer copy(ByteBuffer source) {
    ByteBuffer copy =
        source.isDirect()
            ? ByteBuffer.allocateDirect(source.capacity())
            : ByteBuffer.allocate(source.capacity());
    copy.put(0, source, 0, source.capacity());
    return copy.position(source.position()).limit(source.limit());
  }

  static ByteBuffer[] copy(ByteBuffer[] sources) {
    ByteBuffer[] copies = new ByteBuffer[sources.length];
    for (int i = 0; i < sources.length; i++) {
      copies[i] = sources[i] == null ? null : copy(sources[i]);
    }
    return copies;
  }

  /** The whole backing contents, to compare buffers including bytes outside the range. */
  static byte[] all(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.capacity()];
    buffer.get(0, bytes);
    return bytes;
  }

  /** The bytes of [position, position + length). */
  static byte[] range(ByteBuffer buffer, int length) {
    byte[] bytes = new byte[length];
    buffer.get(buffer.position(), bytes);
    return bytes;
  }

  static ByteBuffer fromHex(String hex) {
    return ByteBuffer.wrap(HexFormat.of().parseHex(hex));
  }

  static String hex(ByteBuffer buffer, int length) {
    return HexFormat.of().formatHex(range(buffer, length));
  }

  /** Both implementations when the vector one can run here, otherwise just the scalar one. */
  static ErasureCodec[] codecs(io.hyperblock.core.protection.ErasureCoded profile) {
    return ErasureCodecs.vectorAvailable()
        ? new ErasureCodec[] {new ReedSolomonCodec(profile), new VectorReedSolomonCodec(profile)}
        : new ErasureCodec[] {new ReedSolomonCodec(profile)};
  }
}
