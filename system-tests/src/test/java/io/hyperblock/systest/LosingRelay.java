package io.hyperblock.systest;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1 in front of a gRPC server that loses the server's answer to the first
 * call of the first connection: the request arrives and is carried out, the caller never hears back
 * and sees its deadline pass. That is the failure a retry must survive ("the server did it but the
 * client does not know"), made deterministic.
 *
 * <p>The server-to-client direction is read as HTTP/2 frames (RFC 9113 section 4.1: a 9-byte header
 * with a 24-bit length, type, flags and a 31-bit stream id); HEADERS, CONTINUATION and DATA frames
 * of stream 1, the first client-initiated stream (section 5.1.1), are dropped on the first
 * connection. Everything else, including later connections, is relayed unchanged. Dropping header
 * frames can desynchronise the client's HPACK table, in which case the client sees a connection
 * error on a later call and reconnects; either way the first call's answer is lost.
 */
final class LosingRelay implements AutoCloseable {

  private static final int HEADER_BYTES = 9;
  private static final int DATA = 0x0;
  private static final int HEADERS = 0x1;
  private static final int CONTINUATION = 0x9;

  private final int targetPort;
  private final ServerSocket listener;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger dropped = new AtomicInteger();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  LosingRelay(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("relay-accept").start(this::acceptLoop);
  }

  /** The port clients dial instead of the server's. */
  int port() {
    return listener.getLocalPort();
  }

  /** How many server frames were held back so far. */
  int droppedFrames() {
    return dropped.get();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(client);
        sockets.add(server);
        boolean first = connections.incrementAndGet() == 1;
        Thread.ofVirtual().start(() -> copy(client, server));
        Thread.ofVirtual().start(() -> relayFrames(server, client, first));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static void copy(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException ignored) {
      // the other side went away; closing both ends below ends the relay of this connection
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private void relayFrames(Socket from, Socket to, boolean loseFirstAnswer) {
    try (DataInputStream in = new DataInputStream(from.getInputStream());
        OutputStream out = to.getOutputStream()) {
      byte[] header = new byte[HEADER_BYTES];
      int lost = loseFirstAnswer ? -1 : 0; // -1: not seen yet; 0: lose nothing
      while (true) {
        in.readFully(header);
        int length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
        int type = header[3] & 0xff;
        int stream =
            ((header[5] & 0x7f) << 24)
                | ((header[6] & 0xff) << 16)
                | ((header[7] & 0xff) << 8)
                | (header[8] & 0xff);
        byte[] payload = in.readNBytes(length);
        if (payload.length < length) {
          throw new EOFException();
        }
        boolean answer = type == HEADERS || type == CONTINUATION || type == DATA;
        if (lost == -1 && type == HEADERS && stream != 0) {
          lost = stream;
        }
        if (answer && stream == lost) {
          dropped.incrementAndGet();
          continue;
        }
        out.write(header);
        out.write(payload);
        out.flush();
      }
    } catch (IOException ignored) {
      // end of this connection
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    sockets.forEach(LosingRelay::closeQuietly);
  }
}
