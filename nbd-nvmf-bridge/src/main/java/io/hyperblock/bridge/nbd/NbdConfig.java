package io.hyperblock.bridge.nbd;

import io.hyperblock.core.units.DataSize;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of an {@link NbdServer}. Start from {@link #defaults()} and change keys with the
 * {@code with*} methods; the constructor rejects values that would break the protocol or the heap.
 *
 * @param bindAddress address to listen on; default 127.0.0.1, because NBD has no authentication and
 *     clients should reach it over a trusted network only
 * @param port TCP port; default 10809 (IANA), 0 picks an ephemeral port (see {@link
 *     NbdServer#port()})
 * @param maxConnections connections served at once; further ones are accepted and closed at once.
 *     Default 64
 * @param maxRequestSize largest READ/WRITE payload, advertised as the maximum block size
 *     (NBD_INFO_BLOCK_SIZE); larger requests get EINVAL. Between 4 KiB (the preferred block size)
 *     and 32 MiB (the largest request the spec lets clients assume without negotiation). Default 32
 *     MiB
 * @param maxInFlightBytes per connection, payload bytes of requests being executed; the reader
 *     stops reading the socket beyond it, bounding heap use to about maxConnections times this. At
 *     least maxRequestSize. Default 64 MiB
 * @param maxInFlightRequests per connection, requests being executed at once. Default 128
 * @param handshakeTimeout how long a client may stay silent during the handshake before the
 *     connection is closed (idle transmission connections are kept). Default 30 s
 * @param drainTimeout on DISC or server close, how long to wait for requests in flight to finish
 *     before the socket is closed anyway. Default 10 s
 */
public record NbdConfig(
    InetAddress bindAddress,
    int port,
    int maxConnections,
    DataSize maxRequestSize,
    DataSize maxInFlightBytes,
    int maxInFlightRequests,
    Duration handshakeTimeout,
    Duration drainTimeout) {

  /** The IANA-assigned NBD port. */
  public static final int DEFAULT_PORT = 10809;

  /**
   * Largest request a client may send without negotiating block sizes ("Block size constraints").
   */
  public static final DataSize MAX_REQUEST_SIZE_LIMIT = DataSize.ofBytes(32 * DataSize.MIB);

  /** Smallest allowed maximum: it must cover the preferred block size we advertise. */
  public static final DataSize MIN_REQUEST_SIZE_LIMIT = DataSize.ofBytes(4 * DataSize.KIB);

  public NbdConfig {
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(maxRequestSize, "maxRequestSize");
    Objects.requireNonNull(maxInFlightBytes, "maxInFlightBytes");
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is outside 0-65535 (0 = ephemeral)");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections is " + maxConnections + "; need >= 1");
    }
    if (maxRequestSize.compareTo(MIN_REQUEST_SIZE_LIMIT) < 0
        || maxRequestSize.compareTo(MAX_REQUEST_SIZE_LIMIT) > 0) {
      throw new IllegalArgumentException(
          "maxRequestSize " + maxRequestSize + " is outside [4KiB, 32MiB] (NBD block size limits)");
    }
    if (maxInFlightBytes.compareTo(maxRequestSize) < 0) {
      throw new IllegalArgumentException(
          "maxInFlightBytes "
              + maxInFlightBytes
              + " is below maxRequestSize "
              + maxRequestSize
              + "; one request must fit");
    }
    if (maxInFlightRequests < 1) {
      throw new IllegalArgumentException(
          "maxInFlightRequests is " + maxInFlightRequests + "; need >= 1");
    }
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException("handshakeTimeout must be positive");
    }
    if (drainTimeout.isNegative()) {
      throw new IllegalArgumentException("drainTimeout cannot be negative");
    }
  }

  /** 127.0.0.1:10809, 64 connections, 32 MiB requests, 64 MiB / 128 requests in flight. */
  public static NbdConfig defaults() {
    return new NbdConfig(
        InetAddress.getLoopbackAddress(),
        DEFAULT_PORT,
        64,
        MAX_REQUEST_SIZE_LIMIT,
        DataSize.ofBytes(64 * DataSize.MIB),
        128,
        Duration.ofSeconds(30),
        Duration.ofSeconds(10));
  }

  public NbdConfig withBindAddress(InetAddress value) {
    return new NbdConfig(
        value,
        port,
        maxConnections,
        maxRequestSize,
        maxInFlightBytes,
        maxInFlightRequests,
        handshakeTimeout,
        drainTimeout);
  }

  public NbdConfig withPort(int value) {
    return new NbdConfig(
        bindAddress,
        value,
        maxConnections,
        maxRequestSize,
        maxInFlightBytes,
        maxInFlightRequests,
        handshakeTimeout,
        drainTimeout);
  }

  public NbdConfig withMaxConnections(int value) {
    return new NbdConfig(
        bindAddress,
        port,
        value,
        maxRequestSize,
        maxInFlightBytes,
        maxInFlightRequests,
        handshakeTimeout,
        drainTimeout);
  }

  public NbdConfig withMaxRequestSize(DataSize value) {
    return new NbdConfig(
        bindAddress,
        port,
        maxConnections,
        value,
        maxInFlightBytes,
        maxInFlightRequests,
        handshakeTimeout,
        drainTimeout);
  }

  public NbdConfig withHandshakeTimeout(Duration value) {
    return new NbdConfig(
        bindAddress,
        port,
        maxConnections,
        maxRequestSize,
        maxInFlightBytes,
        maxInFlightRequests,
        value,
        drainTimeout);
  }

  /** Per-connection in-flight limits: payload bytes and requests being executed. */
  public NbdConfig withMaxInFlight(DataSize bytes, int requests) {
    return new NbdConfig(
        bindAddress,
        port,
        maxConnections,
        maxRequestSize,
        bytes,
        requests,
        handshakeTimeout,
        drainTimeout);
  }

  public NbdConfig withDrainTimeout(Duration value) {
    return new NbdConfig(
        bindAddress,
        port,
        maxConnections,
        maxRequestSize,
        maxInFlightBytes,
        maxInFlightRequests,
        handshakeTimeout,
        value);
  }
}
