package io.hyperblock.bridge.nbd;

import java.nio.ByteBuffer;

/**
 * A decoded request header ("Request message": 32-bit magic, 16-bit command flags, 16-bit type,
 * 64-bit handle, 64-bit offset, 32-bit length). Offset and length are unsigned on the wire: {@code
 * offset} keeps the raw 64 bits (a negative value is past any export), {@code length} is widened.
 */
record NbdRequest(int flags, int type, long handle, long offset, long length) {

  /**
   * Decodes a 28-byte header.
   *
   * @throws NbdProtocolException if the magic is wrong: the stream is out of sync and the
   *     connection must close
   */
  static NbdRequest decode(ByteBuffer header) throws NbdProtocolException {
    int magic = header.getInt();
    if (magic != NbdProtocol.REQUEST_MAGIC) {
      throw new NbdProtocolException("request magic 0x" + Integer.toHexString(magic) + " is wrong");
    }
    int flags = Short.toUnsignedInt(header.getShort());
    int type = Short.toUnsignedInt(header.getShort());
    long handle = header.getLong();
    long offset = header.getLong();
    long length = Integer.toUnsignedLong(header.getInt());
    return new NbdRequest(flags, type, handle, offset, length);
  }

  boolean fua() {
    return (flags & NbdProtocol.CMD_FLAG_FUA) != 0;
  }

  /** Whether a WRITE payload of {@code length} bytes follows this header on the wire. */
  boolean hasPayload() {
    return type == NbdProtocol.CMD_WRITE;
  }

  /** Whether the command changes data, so an out-of-range request reports ENOSPC. */
  boolean writes() {
    return type == NbdProtocol.CMD_WRITE
        || type == NbdProtocol.CMD_WRITE_ZEROES
        || type == NbdProtocol.CMD_TRIM;
  }

  /**
   * Checks a request against the export before anything runs, and returns the error to reply with,
   * or {@link NbdError#NONE}. Cites the spec section each rule comes from.
   *
   * @param size the export size
   * @param maxPayload the advertised maximum block size for READ and WRITE
   */
  NbdError validate(long size, int maxPayload) {
    int allowedFlags =
        switch (type) {
          case NbdProtocol.CMD_READ,
              NbdProtocol.CMD_WRITE,
              NbdProtocol.CMD_FLUSH,
              NbdProtocol.CMD_TRIM ->
              NbdProtocol.CMD_FLAG_FUA;
          case NbdProtocol.CMD_WRITE_ZEROES ->
              NbdProtocol.CMD_FLAG_FUA | NbdProtocol.CMD_FLAG_NO_HOLE;
          // "Request types": an unknown command gets EINVAL.
          default -> -1;
        };
    if (allowedFlags < 0) {
      return NbdError.EINVAL;
    }
    // "Command flags": clients MUST NOT set a flag not documented for the command or not
    // negotiated (DF, REQ_ONE, FAST_ZERO and PAYLOAD_LEN are never negotiated here).
    if ((flags & ~allowedFlags) != 0) {
      return NbdError.EINVAL;
    }
    if (type == NbdProtocol.CMD_FLUSH) {
      // "NBD_CMD_FLUSH": offset and length are reserved and SHOULD be zero; we ignore them.
      return NbdError.NONE;
    }
    if (length == 0) {
      // Zero-length requests have no meaning on a block device; the spec lets servers refuse.
      return NbdError.EINVAL;
    }
    if ((type == NbdProtocol.CMD_READ || type == NbdProtocol.CMD_WRITE) && length > maxPayload) {
      // "Block size constraints": a request above the advertised maximum MAY fail with EINVAL.
      return NbdError.EINVAL;
    }
    if (offset < 0 || offset > size - length || length > size) {
      // "Request types": out-of-range reads get EINVAL, writes past the end ENOSPC.
      return writes() ? NbdError.ENOSPC : NbdError.EINVAL;
    }
    return NbdError.NONE;
  }
}
