package io.hyperblock.bridge.nbd;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counters of an {@link NbdServer}, safe to read from any thread. Meant for metrics export and
 * for tests that must see what the server did (for example that misbehaving connections were closed
 * as protocol violations, or that requests really ran concurrently).
 */
public final class NbdServerStats {

  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicLong protocolViolations = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong errorReplies = new AtomicLong();
  private final AtomicInteger peakInFlight = new AtomicInteger();
  private final AtomicLong internalErrors = new AtomicLong();

  /** Connections accepted and served (past the connection limit). */
  public long connectionsAccepted() {
    return accepted.get();
  }

  /** Connections closed at once because {@link NbdConfig#maxConnections()} were open. */
  public long connectionsRejected() {
    return rejected.get();
  }

  /** Connections open now. */
  public int activeConnections() {
    return active.get();
  }

  /** Connections closed because the client broke the protocol framing. */
  public long protocolViolations() {
    return protocolViolations.get();
  }

  /** Transmission requests received (including ones answered with an error). */
  public long requests() {
    return requests.get();
  }

  /** Requests answered with a non-zero error. */
  public long errorReplies() {
    return errorReplies.get();
  }

  /** Most requests one connection had executing at the same time, since start. */
  public int peakInFlightPerConnection() {
    return peakInFlight.get();
  }

  /** Connections that ended with an unexpected exception: a server bug, logged at ERROR. */
  public long internalErrors() {
    return internalErrors.get();
  }

  void internalError() {
    internalErrors.incrementAndGet();
  }

  void connectionAccepted() {
    accepted.incrementAndGet();
    active.incrementAndGet();
  }

  void connectionClosed() {
    active.decrementAndGet();
  }

  void connectionRejected() {
    rejected.incrementAndGet();
  }

  void protocolViolation() {
    protocolViolations.incrementAndGet();
  }

  void request() {
    requests.incrementAndGet();
  }

  void errorReply() {
    errorReplies.incrementAndGet();
  }

  void inFlight(int now) {
    peakInFlight.accumulateAndGet(now, Math::max);
  }
}
