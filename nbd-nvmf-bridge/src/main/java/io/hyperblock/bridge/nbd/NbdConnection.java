package io.hyperblock.bridge.nbd;

import io.hyperblock.bridge.device.ExportResolver;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One client connection: handshake, then transmission, then close. Runs on its own virtual thread;
 * every failure ends here, so nothing a client sends can reach the accept loop.
 */
final class NbdConnection implements Runnable {

  private static final System.Logger LOG = System.getLogger(NbdConnection.class.getName());
  private static final int STREAM_BUFFER = 64 * 1024;

  private final Socket socket;
  private final ExportResolver exports;
  private final NbdConfig config;
  private final NbdServerStats stats;
  private final BooleanSupplier shuttingDown;
  private final Runnable onClose;

  NbdConnection(
      Socket socket,
      ExportResolver exports,
      NbdConfig config,
      NbdServerStats stats,
      BooleanSupplier shuttingDown,
      Runnable onClose) {
    this.socket = socket;
    this.exports = exports;
    this.config = config;
    this.stats = stats;
    this.shuttingDown = shuttingDown;
    this.onClose = onClose;
  }

  @Override
  public void run() {
    String peer = String.valueOf(socket.getRemoteSocketAddress());
    try (socket) {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, config.handshakeTimeout().toMillis()));
      var in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), STREAM_BUFFER));
      var out =
          new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), STREAM_BUFFER));
      int maxRequest = (int) config.maxRequestSize().bytes();
      long deadline = System.nanoTime() + config.handshakeTimeout().toNanos();
      Optional<NegotiatedExport> export =
          new NbdHandshake(
                  in,
                  out,
                  exports,
                  maxRequest,
                  shuttingDown,
                  () -> System.nanoTime() - deadline > 0)
              .run();
      if (export.isEmpty()) {
        return; // NBD_OPT_ABORT
      }
      try (var device = export.get().device()) {
        socket.setSoTimeout(0); // idle transmission connections are normal (an unused disk)
        new NbdTransmission(in, out, device, config, stats, this::abort).run();
      }
    } catch (NbdProtocolException e) {
      stats.protocolViolation();
      LOG.log(System.Logger.Level.DEBUG, () -> "closing " + peer + ": " + e.getMessage());
    } catch (SocketTimeoutException e) {
      LOG.log(System.Logger.Level.DEBUG, () -> "closing " + peer + ": handshake timed out");
    } catch (EOFException e) {
      LOG.log(System.Logger.Level.DEBUG, () -> peer + " hung up");
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, () -> "connection " + peer + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      stats.internalError();
      LOG.log(System.Logger.Level.ERROR, "connection " + peer + " failed unexpectedly", e);
    } finally {
      onClose.run();
    }
  }

  /** Stops reading: the reader sees end-of-stream, answers what is in flight, and closes. */
  void shutdownInput() {
    try {
      socket.shutdownInput();
    } catch (IOException e) {
      abort();
    }
  }

  /** Closes the socket at once (a hard disconnect). */
  void abort() {
    try {
      socket.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing socket failed", e);
    }
  }
}
