package io.hyperblock.bridge.nbd;

import io.hyperblock.bridge.device.BlockDevice;
import io.hyperblock.bridge.device.ExportInfo;

/**
 * The outcome of a handshake that entered transmission: the export's name, its opened device (owned
 * by the connection) and the transmission flags sent to the client.
 */
record NegotiatedExport(String name, BlockDevice device, int transmissionFlags) {

  /** The transmission flags we offer for a device ("Transmission flags" section). */
  static int transmissionFlagsFor(ExportInfo export) {
    int flags =
        NbdProtocol.FLAG_HAS_FLAGS
            | NbdProtocol.FLAG_SEND_FLUSH
            | NbdProtocol.FLAG_SEND_FUA
            | NbdProtocol.FLAG_SEND_TRIM
            | NbdProtocol.FLAG_SEND_WRITE_ZEROES;
    // CAN_MULTI_CONN promises that a flush on one connection covers writes completed on all
    // others; only devices that say so (one shared handle below all connections) get it.
    if (export.multiConnectionSafe()) {
      flags |= NbdProtocol.FLAG_CAN_MULTI_CONN;
    }
    return flags;
  }
}
