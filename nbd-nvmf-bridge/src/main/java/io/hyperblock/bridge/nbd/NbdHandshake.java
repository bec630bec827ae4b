package io.hyperblock.bridge.nbd;

import static io.hyperblock.bridge.nbd.NbdProtocol.EXPORT_NAME_ZEROES;
import static io.hyperblock.bridge.nbd.NbdProtocol.FLAG_C_FIXED_NEWSTYLE;
import static io.hyperblock.bridge.nbd.NbdProtocol.FLAG_C_NO_ZEROES;
import static io.hyperblock.bridge.nbd.NbdProtocol.FLAG_FIXED_NEWSTYLE;
import static io.hyperblock.bridge.nbd.NbdProtocol.FLAG_NO_ZEROES;
import static io.hyperblock.bridge.nbd.NbdProtocol.IHAVEOPT;
import static io.hyperblock.bridge.nbd.NbdProtocol.INFO_BLOCK_SIZE;
import static io.hyperblock.bridge.nbd.NbdProtocol.INFO_NAME;
import static io.hyperblock.bridge.nbd.NbdProtocol.NBDMAGIC;
import static io.hyperblock.bridge.nbd.NbdProtocol.OPT_ABORT;
import static io.hyperblock.bridge.nbd.NbdProtocol.OPT_EXPORT_NAME;
import static io.hyperblock.bridge.nbd.NbdProtocol.OPT_GO;
import static io.hyperblock.bridge.nbd.NbdProtocol.OPT_INFO;
import static io.hyperblock.bridge.nbd.NbdProtocol.OPT_LIST;
import static io.hyperblock.bridge.nbd.NbdProtocol.REP_ACK;
import static io.hyperblock.bridge.nbd.NbdProtocol.REP_ERR_INVALID;
import static io.hyperblock.bridge.nbd.NbdProtocol.REP_ERR_POLICY;
import static io.hyperblock.bridge.nbd.NbdProtocol.REP_ERR_SHUTDOWN;
import static io.hyperblock.bridge.nbd.NbdProtocol.REP_ERR_TOO_BIG;
import static io.hyperblock.bridge.nbd.NbdProtocol.REP_ERR_UNKNOWN;
import static io.hyperblock.bridge.nbd.NbdProtocol.REP_ERR_UNSUP;
import static io.hyperblock.bridge.nbd.NbdProtocol.REP_INFO;
import static io.hyperblock.bridge.nbd.NbdProtocol.REP_SERVER;

import io.hyperblock.bridge.device.BlockDevice;
import io.hyperblock.bridge.device.ExportInfo;
import io.hyperblock.bridge.device.ExportResolver;
import io.hyperblock.bridge.device.ExportUnavailableException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The server side of the fixed newstyle handshake ("Fixed newstyle negotiation", "Option types").
 * Runs on the connection's thread over blocking streams; returns the export the client entered
 * transmission with, or empty if it aborted.
 */
final class NbdHandshake {

  /**
   * Largest option payload we read: NBD_OPT_GO with a 4096-byte name plus 4 + 2 bytes of lengths
   * leaves room for 2000 information requests, far more than the 4 types defined.
   */
  static final int MAX_OPTION_BYTES = 8 * 1024;

  /**
   * Larger options are skipped and answered NBD_REP_ERR_TOO_BIG up to this size; beyond it the
   * connection is closed as a denial of service ("Termination of the session during option
   * haggling": the server MAY hard-disconnect).
   */
  static final long MAX_SKIPPED_OPTION_BYTES = 1 << 20;

  /** Options per connection before it is treated as a denial of service. */
  static final int MAX_OPTIONS = 4096;

  private final DataInputStream in;
  private final DataOutputStream out;
  private final ExportResolver exports;
  private final int maxRequestSize;
  private final BooleanSupplier shuttingDown;
  private final BooleanSupplier expired;

  /**
   * @param shuttingDown true once the server is closing: options then get NBD_REP_ERR_SHUTDOWN
   * @param expired true once the handshake has taken too long; checked before each option, so a
   *     client trickling options cannot hold a connection slot forever
   */
  NbdHandshake(
      DataInputStream in,
      DataOutputStream out,
      ExportResolver exports,
      int maxRequestSize,
      BooleanSupplier shuttingDown,
      BooleanSupplier expired) {
    this.in = in;
    this.out = out;
    this.exports = exports;
    this.maxRequestSize = maxRequestSize;
    this.shuttingDown = shuttingDown;
    this.expired = expired;
  }

  /**
   * Runs the handshake to its end.
   *
   * @return the negotiated export (its device now owned by the caller), or empty after
   *     NBD_OPT_ABORT
   * @throws NbdProtocolException if the client broke the framing; close the connection
   * @throws IOException if the socket failed or the client hung up
   */
  Optional<NegotiatedExport> run() throws IOException, NbdProtocolException {
    out.writeLong(NBDMAGIC);
    out.writeLong(IHAVEOPT);
    out.writeShort(FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES);
    out.flush();
    int clientFlags = in.readInt();
    // "Client flags": the server MUST drop the connection on a flag it does not know.
    if ((clientFlags & ~(FLAG_C_FIXED_NEWSTYLE | FLAG_C_NO_ZEROES)) != 0) {
      throw new NbdProtocolException(
          "unknown client flags 0x" + Integer.toHexString(clientFlags) + "; closing");
    }
    boolean noZeroes = (clientFlags & FLAG_C_NO_ZEROES) != 0;
    for (int count = 0; count < MAX_OPTIONS; count++) {
      long magic = in.readLong();
      if (expired.getAsBoolean()) {
        throw new NbdProtocolException("handshake took too long; closing");
      }
      if (magic != IHAVEOPT) {
        throw new NbdProtocolException("option magic 0x" + Long.toHexString(magic) + " is wrong");
      }
      int option = in.readInt();
      long length = Integer.toUnsignedLong(in.readInt());
      if (length > MAX_OPTION_BYTES) {
        if (length > MAX_SKIPPED_OPTION_BYTES) {
          throw new NbdProtocolException("option " + option + " carries " + length + " bytes");
        }
        in.skipNBytes(length);
        reply(option, REP_ERR_TOO_BIG, "option data of " + length + " bytes exceeds 8 KiB");
        continue;
      }
      byte[] data = in.readNBytes((int) length);
      if (data.length != length) {
        throw new java.io.EOFException("client hung up inside option " + option);
      }
      Optional<Optional<NegotiatedExport>> outcome = handle(option, data, noZeroes);
      if (outcome.isPresent()) {
        return outcome.get();
      }
    }
    throw new NbdProtocolException("more than " + MAX_OPTIONS + " options; closing");
  }

  /** Empty to keep haggling; otherwise the end of the handshake. */
  private Optional<Optional<NegotiatedExport>> handle(int option, byte[] data, boolean noZeroes)
      throws IOException, NbdProtocolException {
    if (option == OPT_ABORT) {
      ack(option); // "NBD_OPT_ABORT": the server MUST reply with NBD_REP_ACK
      return Optional.of(Optional.empty());
    }
    if (shuttingDown.getAsBoolean()) {
      if (option == OPT_EXPORT_NAME) {
        throw new NbdProtocolException("server is shutting down");
      }
      reply(option, REP_ERR_SHUTDOWN, "the server is shutting down");
      return Optional.empty();
    }
    switch (option) {
      case OPT_EXPORT_NAME -> {
        return Optional.of(Optional.of(exportName(data, noZeroes)));
      }
      case OPT_LIST -> list(data);
      case OPT_INFO, OPT_GO -> {
        Optional<NegotiatedExport> go = info(option, data);
        if (go.isPresent()) {
          return Optional.of(go);
        }
      }
      default -> reply(option, REP_ERR_UNSUP, "option " + option + " is not supported");
    }
    return Optional.empty();
  }

  /**
   * NBD_OPT_EXPORT_NAME cannot return an error: for an unknown or invalid name the server MUST
   * terminate the session ("Option types").
   */
  private NegotiatedExport exportName(byte[] data, boolean noZeroes)
      throws IOException, NbdProtocolException {
    Optional<String> problem = OptionRequest.nameProblem(data);
    if (problem.isPresent()) {
      throw new NbdProtocolException(problem.get());
    }
    String name = OptionRequest.decodeUtf8(data).orElseThrow();
    BlockDevice device;
    try {
      device =
          exports
              .open(name)
              .orElseThrow(() -> new NbdProtocolException("no export named '" + name + "'"));
    } catch (ExportUnavailableException e) {
      throw new NbdProtocolException("export '" + name + "' unavailable: " + e.getMessage());
    }
    int flags = NegotiatedExport.transmissionFlagsFor(ExportInfo.of(device));
    out.writeLong(device.size());
    out.writeShort(flags);
    if (!noZeroes) {
      out.write(new byte[EXPORT_NAME_ZEROES]);
    }
    out.flush();
    return new NegotiatedExport(name, device, flags);
  }

  /** "NBD_OPT_LIST": one NBD_REP_SERVER per export, then NBD_REP_ACK; data must be empty. */
  private void list(byte[] data) throws IOException {
    if (data.length != 0) {
      reply(OPT_LIST, REP_ERR_INVALID, "NBD_OPT_LIST takes no data");
      return;
    }
    for (String name : exports.list()) {
      byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
      byte[] payload = new byte[4 + bytes.length];
      java.nio.ByteBuffer.wrap(payload).putInt(bytes.length).put(bytes);
      reply(OPT_LIST, REP_SERVER, payload);
    }
    ack(OPT_LIST);
  }

  /**
   * "NBD_OPT_INFO and NBD_OPT_GO". INFO only describes the export (it must not attach, and so
   * fence, a volume someone else is using); GO opens it. Returns the export only for a successful
   * GO.
   */
  private Optional<NegotiatedExport> info(int option, byte[] data) throws IOException {
    OptionRequest.InfoRequest request = OptionRequest.decodeInfo(data);
    if (request.error() != null) {
      reply(option, REP_ERR_INVALID, request.error());
      return Optional.empty();
    }
    String name = request.exportName();
    BlockDevice device = null;
    ExportInfo info;
    try {
      if (option == OPT_GO) {
        device = exports.open(name).orElse(null);
        info = device == null ? null : ExportInfo.of(device);
      } else {
        info = exports.describe(name).orElse(null);
      }
    } catch (ExportUnavailableException e) {
      reply(option, REP_ERR_POLICY, "export '" + name + "' is unavailable: " + e.getMessage());
      return Optional.empty();
    }
    if (info == null) {
      reply(option, REP_ERR_UNKNOWN, "no export named '" + name + "'; NBD_OPT_LIST shows them");
      return Optional.empty();
    }
    try {
      int flags = NegotiatedExport.transmissionFlagsFor(info);
      reply(option, REP_INFO, OptionReplies.infoExport(info.size(), flags));
      if (request.requested(INFO_NAME)) {
        reply(option, REP_INFO, OptionReplies.infoName(name));
      }
      if (request.requested(INFO_BLOCK_SIZE)) {
        int preferred = OptionReplies.preferredBlockSize(info.preferredBlockSize(), maxRequestSize);
        reply(option, REP_INFO, OptionReplies.infoBlockSize(1, preferred, maxRequestSize));
      }
      ack(option);
      if (device == null) {
        return Optional.empty();
      }
      NegotiatedExport negotiated = new NegotiatedExport(name, device, flags);
      device = null; // ownership passes to the transmission phase
      return Optional.of(negotiated);
    } finally {
      if (device != null) {
        device.close();
      }
    }
  }

  private void ack(int option) throws IOException {
    reply(option, REP_ACK, new byte[0]);
  }

  private void reply(int option, int type, String message) throws IOException {
    reply(option, type, message.getBytes(StandardCharsets.UTF_8));
  }

  private void reply(int option, int type, byte[] payload) throws IOException {
    out.write(OptionReplies.header(option, type, payload.length));
    out.write(payload);
    out.flush();
  }
}
