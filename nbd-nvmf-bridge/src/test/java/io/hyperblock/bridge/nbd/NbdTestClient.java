package io.hyperblock.bridge.nbd;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A minimal, deliberately literal NBD client for tests: it writes exactly the bytes the spec
 * describes and exposes the raw replies, so tests can also send what a real client never would.
 */
final class NbdTestClient implements AutoCloseable {

  record OptionReply(int option, int type, byte[] data) {}

  record Reply(int error, long handle) {}

  final Socket socket;
  final DataInputStream in;
  final DataOutputStream out;

  NbdTestClient(int port) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(10_000);
    socket.setTcpNoDelay(true);
    in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
    out = new DataOutputStream(socket.getOutputStream());
  }

  /** Reads the greeting and answers with fixed newstyle + no zeroes ("Newstyle negotiation"). */
  int greet() throws IOException {
    long magic = in.readLong();
    long opt = in.readLong();
    if (magic != NbdProtocol.NBDMAGIC || opt != NbdProtocol.IHAVEOPT) {
      throw new IOException("bad greeting");
    }
    int handshakeFlags = in.readUnsignedShort();
    out.writeInt(NbdProtocol.FLAG_C_FIXED_NEWSTYLE | NbdProtocol.FLAG_C_NO_ZEROES);
    return handshakeFlags;
  }

  void sendOption(int option, byte[] data) throws IOException {
    out.writeLong(NbdProtocol.IHAVEOPT);
    out.writeInt(option);
    out.writeInt(data.length);
    out.write(data);
    out.flush();
  }

  OptionReply readOptionReply() throws IOException {
    long magic = in.readLong();
    if (magic != NbdProtocol.OPTION_REPLY_MAGIC) {
      throw new IOException("bad option reply magic " + Long.toHexString(magic));
    }
    int option = in.readInt();
    int type = in.readInt();
    byte[] data = new byte[in.readInt()];
    in.readFully(data);
    return new OptionReply(option, type, data);
  }

  static byte[] infoRequest(String name, int... infoTypes) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(4 + n.length + 2 + 2 * infoTypes.length);
    b.putInt(n.length).put(n).putShort((short) infoTypes.length);
    for (int t : infoTypes) {
      b.putShort((short) t);
    }
    return b.array();
  }

  /** Greets and sends NBD_OPT_GO; returns the export size once NBD_REP_ACK arrives. */
  long go(String name) throws IOException {
    greet();
    sendOption(NbdProtocol.OPT_GO, infoRequest(name, NbdProtocol.INFO_BLOCK_SIZE));
    long size = -1;
    while (true) {
      OptionReply r = readOptionReply();
      if (r.type() == NbdProtocol.REP_ACK) {
        return size;
      }
      if (r.type() != NbdProtocol.REP_INFO) {
        throw new IOException("GO failed with reply type " + Integer.toHexString(r.type()));
      }
      ByteBuffer b = ByteBuffer.wrap(r.data());
      if (b.getShort() == NbdProtocol.INFO_EXPORT) {
        size = b.getLong();
      }
    }
  }

  void request(int flags, int type, long handle, long offset, long length, byte[] payload)
      throws IOException {
    ByteBuffer b = ByteBuffer.allocate(28 + (payload == null ? 0 : payload.length));
    b.putInt(NbdProtocol.REQUEST_MAGIC).putShort((short) flags).putShort((short) type);
    b.putLong(handle).putLong(offset).putInt((int) length);
    if (payload != null) {
      b.put(payload);
    }
    out.write(b.array());
    out.flush();
  }

  Reply readReply() throws IOException {
    int magic = in.readInt();
    if (magic != NbdProtocol.SIMPLE_REPLY_MAGIC) {
      throw new IOException("bad reply magic " + Integer.toHexString(magic));
    }
    return new Reply(in.readInt(), in.readLong());
  }

  byte[] readData(int length) throws IOException {
    byte[] data = new byte[length];
    in.readFully(data);
    return data;
  }

  /** True once the server has closed the connection (reads hit end-of-stream). */
  boolean closedByServer() throws IOException {
    try {
      while (in.read() >= 0) {
        // discard whatever the server still sends
      }
      return true;
    } catch (java.net.SocketException e) {
      return true; // reset by the server
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
