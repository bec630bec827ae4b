package io.hyperblock.bridge.nbd;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Generates client byte streams for fuzzing, from a seed: pure noise, a plausible handshake with
 * random options, or a handshake into transmission with random requests; then mutates them (bit
 * flips, truncation, insertions, extreme values written over length fields).
 */
final class NbdStreamGenerator {

  /** Values that stress length and offset fields: zero, limits, just past limits, sign bits. */
  private static final int[] EXTREMES = {
    0, 1, -1, 0x7fffffff, 0x80000000, 4096, 4097, 8192, 8193, 65536, 1 << 20, (1 << 20) + 1
  };

  private final Random random;
  private final String export;

  NbdStreamGenerator(long seed, String export) {
    this.random = new Random(seed);
    this.export = export;
  }

  byte[] next() {
    return switch (random.nextInt(3)) {
      case 0 -> noise(random.nextInt(256));
      case 1 -> mutate(handshake(false), 0);
      default -> {
        byte[] prefix = handshake(true);
        yield mutate(concat(prefix, requests()), prefix.length);
      }
    };
  }

  private byte[] noise(int length) {
    byte[] b = new byte[length];
    random.nextBytes(b);
    return b;
  }

  /** Client flags, random options, and (if {@code enter}) a final NBD_OPT_GO for the export. */
  private byte[] handshake(boolean enter) {
    var out = new ByteArrayOutputStream();
    out.writeBytes(ByteBuffer.allocate(4).putInt(random.nextInt(4)).array());
    for (int i = random.nextInt(4); i > 0; i--) {
      int option = random.nextInt(14);
      byte[] data =
          switch (option) {
            case NbdProtocol.OPT_GO, NbdProtocol.OPT_INFO ->
                NbdTestClient.infoRequest(randomName(), random.nextInt(5), random.nextInt(5));
            case NbdProtocol.OPT_EXPORT_NAME -> randomName().getBytes(StandardCharsets.UTF_8);
            case NbdProtocol.OPT_LIST -> new byte[0];
            default -> noise(random.nextInt(16));
          };
      if (option == NbdProtocol.OPT_EXPORT_NAME && enter) {
        continue; // would end the handshake early; the final GO does that
      }
      out.writeBytes(option(option, data));
    }
    if (enter) {
      out.writeBytes(option(NbdProtocol.OPT_GO, NbdTestClient.infoRequest(export)));
    }
    return out.toByteArray();
  }

  private String randomName() {
    return random.nextBoolean() ? export : "x" + random.nextInt(1000);
  }

  private static byte[] option(int option, byte[] data) {
    return ByteBuffer.allocate(16 + data.length)
        .putLong(NbdProtocol.IHAVEOPT)
        .putInt(option)
        .putInt(data.length)
        .put(data)
        .array();
  }

  private byte[] requests() {
    var out = new ByteArrayOutputStream();
    for (int i = 2 + random.nextInt(8); i > 0; i--) {
      int type = random.nextInt(9);
      int length = random.nextInt(4) == 0 ? EXTREMES[random.nextInt(EXTREMES.length)] : 512;
      long offset = random.nextInt(4) == 0 ? random.nextLong() : 512L * random.nextInt(256);
      int flags = random.nextInt(8) == 0 ? random.nextInt(1 << 16) : random.nextInt(2);
      ByteBuffer header = ByteBuffer.allocate(28);
      header.putInt(NbdProtocol.REQUEST_MAGIC).putShort((short) flags).putShort((short) type);
      header.putLong(random.nextLong()).putLong(offset).putInt(length);
      out.writeBytes(header.array());
      if (type == NbdProtocol.CMD_WRITE) {
        out.writeBytes(noise((int) Math.min(Integer.toUnsignedLong(length), 4096)));
      }
    }
    return out.toByteArray();
  }

  /** Applies 0-3 mutations at or after {@code from}, leaving a prefix intact. */
  private byte[] mutate(byte[] stream, int from) {
    byte[] b = stream;
    for (int i = random.nextInt(4); i > 0 && b.length > from; i--) {
      int at = from + random.nextInt(b.length - from);
      switch (random.nextInt(4)) {
        case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
        case 1 -> b = java.util.Arrays.copyOf(b, at);
        case 2 ->
            b =
                concat(
                    concat(java.util.Arrays.copyOf(b, at), noise(1 + random.nextInt(8))),
                    java.util.Arrays.copyOfRange(b, at, b.length));
        default -> {
          if (b.length - at >= 4) {
            ByteBuffer.wrap(b, at, 4).putInt(EXTREMES[random.nextInt(EXTREMES.length)]);
          }
        }
      }
    }
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
