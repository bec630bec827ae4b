package io.hyperblock.bridge.nbd;

/**
 * Wire constants of the NBD protocol, named as in the spec (NetworkBlockDevice {@code
 * doc/proto.md}); each group cites its section. All values are big-endian on the wire.
 */
final class NbdProtocol {

  private NbdProtocol() {}

  // "Newstyle negotiation"
  static final long NBDMAGIC = 0x4e42444d41474943L;
  static final long IHAVEOPT = 0x49484156454F5054L;

  // "Option reply" magic, "Fixed newstyle negotiation"
  static final long OPTION_REPLY_MAGIC = 0x3e889045565a9L;

  // "Handshake flags"
  static final int FLAG_FIXED_NEWSTYLE = 1;
  static final int FLAG_NO_ZEROES = 1 << 1;

  // "Client flags"
  static final int FLAG_C_FIXED_NEWSTYLE = 1;
  static final int FLAG_C_NO_ZEROES = 1 << 1;

  // "Transmission flags"
  static final int FLAG_HAS_FLAGS = 1;
  static final int FLAG_READ_ONLY = 1 << 1;
  static final int FLAG_SEND_FLUSH = 1 << 2;
  static final int FLAG_SEND_FUA = 1 << 3;
  static final int FLAG_SEND_TRIM = 1 << 5;
  static final int FLAG_SEND_WRITE_ZEROES = 1 << 6;
  static final int FLAG_CAN_MULTI_CONN = 1 << 8;

  // "Option types"
  static final int OPT_EXPORT_NAME = 1;
  static final int OPT_ABORT = 2;
  static final int OPT_LIST = 3;
  static final int OPT_INFO = 6;
  static final int OPT_GO = 7;

  // "Option reply types"
  static final int REP_ACK = 1;
  static final int REP_SERVER = 2;
  static final int REP_INFO = 3;
  static final int REP_ERR_UNSUP = 0x80000001;
  static final int REP_ERR_POLICY = 0x80000002;
  static final int REP_ERR_INVALID = 0x80000003;
  static final int REP_ERR_UNKNOWN = 0x80000006;
  static final int REP_ERR_SHUTDOWN = 0x80000007;
  static final int REP_ERR_TOO_BIG = 0x80000009;

  // "NBD_OPT_INFO and NBD_OPT_GO": information types
  static final int INFO_EXPORT = 0;
  static final int INFO_NAME = 1;
  static final int INFO_BLOCK_SIZE = 3;

  // "Request message" / "Simple reply message"
  static final int REQUEST_MAGIC = 0x25609513;
  static final int SIMPLE_REPLY_MAGIC = 0x67446698;

  /** Request header: magic 4, flags 2, type 2, handle 8, offset 8, length 4. */
  static final int REQUEST_HEADER_BYTES = 28;

  /** Bytes of zeroes after the NBD_OPT_EXPORT_NAME reply unless NO_ZEROES was negotiated. */
  static final int EXPORT_NAME_ZEROES = 124;

  // "Request types"
  static final int CMD_READ = 0;
  static final int CMD_WRITE = 1;
  static final int CMD_DISC = 2;
  static final int CMD_FLUSH = 3;
  static final int CMD_TRIM = 4;
  static final int CMD_WRITE_ZEROES = 6;

  // "Command flags"
  static final int CMD_FLAG_FUA = 1;
  static final int CMD_FLAG_NO_HOLE = 1 << 1;
}
