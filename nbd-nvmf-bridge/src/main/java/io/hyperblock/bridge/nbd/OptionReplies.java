package io.hyperblock.bridge.nbd;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Encoders for option replies and NBD_REP_INFO payloads ("Option reply types"). */
final class OptionReplies {

  private OptionReplies() {}

  /** 64-bit reply magic, 32-bit option, 32-bit reply type, 32-bit payload length. */
  static byte[] header(int option, int type, int length) {
    return ByteBuffer.allocate(20)
        .putLong(NbdProtocol.OPTION_REPLY_MAGIC)
        .putInt(option)
        .putInt(type)
        .putInt(length)
        .array();
  }

  /** NBD_INFO_EXPORT: 16-bit type 0, 64-bit size, 16-bit transmission flags. */
  static byte[] infoExport(long size, int transmissionFlags) {
    return ByteBuffer.allocate(12)
        .putShort((short) NbdProtocol.INFO_EXPORT)
        .putLong(size)
        .putShort((short) transmissionFlags)
        .array();
  }

  /** NBD_INFO_NAME: 16-bit type 1, then the name. */
  static byte[] infoName(String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(2 + bytes.length)
        .putShort((short) NbdProtocol.INFO_NAME)
        .put(bytes)
        .array();
  }

  /** NBD_INFO_BLOCK_SIZE: 16-bit type 3, 32-bit minimum, preferred and maximum block sizes. */
  static byte[] infoBlockSize(int minimum, int preferred, int maximum) {
    return ByteBuffer.allocate(14)
        .putShort((short) NbdProtocol.INFO_BLOCK_SIZE)
        .putInt(minimum)
        .putInt(preferred)
        .putInt(maximum)
        .array();
  }

  /**
   * The preferred block size to advertise: the device's {@code hint} when it is a power of two of
   * at least 512 bytes and no larger than the maximum ("Block size constraints": the preferred size
   * MUST be a power of two), else 4096.
   */
  static int preferredBlockSize(int hint, int maximum) {
    boolean usable = hint >= 512 && Integer.bitCount(hint) == 1 && hint <= maximum;
    return usable ? hint : 4096;
  }
}
