package io.hyperblock.bridge.nbd;

import io.hyperblock.bridge.device.ExportResolver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An NBD server exporting the devices an {@link ExportResolver} names. Thread-safe.
 *
 * <pre>{@code
 * try (var server = new NbdServer(NbdConfig.defaults().withPort(0), registry)) {
 *   server.start();
 *   // qemu-img info nbd://127.0.0.1:<server.port()>/<volume>
 * }
 * }</pre>
 *
 * <p>One platform thread accepts connections; each connection runs on a virtual thread (see the
 * package documentation). Connections beyond {@link NbdConfig#maxConnections()} are closed as soon
 * as they are accepted.
 */
public final class NbdServer implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(NbdServer.class.getName());

  /** Pause after a failed accept (for example out of file descriptors) so the loop cannot spin. */
  private static final long ACCEPT_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final NbdConfig config;
  private final ExportResolver exports;
  private final NbdServerStats stats = new NbdServerStats();
  private final Map<NbdConnection, Thread> connections = new ConcurrentHashMap<>();
  private volatile boolean closing;
  private ServerSocket listener;
  private Thread acceptor;

  public NbdServer(NbdConfig config, ExportResolver exports) {
    this.config = Objects.requireNonNull(config, "config");
    this.exports = Objects.requireNonNull(exports, "exports");
  }

  /**
   * Binds the listening socket and starts accepting.
   *
   * @throws IOException if the address cannot be bound (port in use, address not local)
   * @throws IllegalStateException if already started
   */
  public synchronized void start() throws IOException {
    if (listener != null) {
      throw new IllegalStateException("NBD server already started");
    }
    listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(new InetSocketAddress(config.bindAddress(), config.port()), 128);
    acceptor = Thread.ofPlatform().name("nbd-accept-" + port()).daemon().start(this::acceptLoop);
    LOG.log(
        System.Logger.Level.INFO, "NBD server listening on " + listener.getLocalSocketAddress());
  }

  /** The bound port (the ephemeral one when configured with port 0). */
  public synchronized int port() {
    if (listener == null) {
      throw new IllegalStateException("NBD server not started");
    }
    return listener.getLocalPort();
  }

  public NbdServerStats stats() {
    return stats;
  }

  private void acceptLoop() {
    while (!closing) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        if (!closing) {
          LOG.log(System.Logger.Level.WARNING, "accept failed; retrying", e);
          LockSupport.parkNanos(ACCEPT_BACKOFF_NANOS);
        }
        continue;
      }
      try {
        admit(socket);
      } catch (RuntimeException | Error e) {
        stats.internalError();
        LOG.log(System.Logger.Level.ERROR, "could not start a connection", e);
        closeQuietly(socket);
      }
    }
  }

  private void admit(Socket socket) {
    if (closing || connections.size() >= config.maxConnections()) {
      stats.connectionRejected();
      closeQuietly(socket);
      return;
    }
    stats.connectionAccepted();
    NbdConnection[] self = new NbdConnection[1];
    self[0] =
        new NbdConnection(
            socket,
            exports,
            config,
            stats,
            () -> closing,
            () -> {
              connections.remove(self[0]);
              stats.connectionClosed();
            });
    Thread thread = Thread.ofVirtual().name("nbd-conn").unstarted(self[0]);
    connections.put(self[0], thread);
    thread.start();
  }

  /**
   * Stops accepting, lets each connection answer the requests it has in flight (up to the drain
   * timeout), then closes every socket. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closing || listener == null) {
        closing = true;
        return;
      }
      closing = true;
    }
    closeQuietly(listener);
    connections.keySet().forEach(NbdConnection::shutdownInput);
    long deadline = System.nanoTime() + config.drainTimeout().toNanos();
    for (var entry : connections.entrySet()) {
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        if (!entry.getValue().join(java.time.Duration.ofNanos(left))) {
          entry.getKey().abort();
          entry.getValue().interrupt();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    try {
      acceptor.join(java.time.Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LOG.log(System.Logger.Level.DEBUG, "close failed", e);
    }
  }
}
