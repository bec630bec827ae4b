package io.hyperblock.systest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Free TCP ports on 127.0.0.1 for processes that must keep their ports across restarts. */
final class FreePorts {

  private FreePorts() {}

  /**
   * {@code count} distinct ports that were free a moment ago. They are bound together (so they
   * differ) and released before returning; another process could take one in between, which is
   * unlikely and fails loudly (the process cannot bind and exits before its READY line).
   */
  static int[] pick(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find free ports on 127.0.0.1", e);
    } finally {
      for (ServerSocket s : sockets) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing a listening socket we own; nothing to do
        }
      }
    }
  }
}
