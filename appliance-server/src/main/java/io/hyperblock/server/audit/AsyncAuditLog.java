package io.hyperblock.server.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts an {@link AuditLog} off the request path: {@link #record} only enqueues (it never blocks and
 * never throws), one background thread writes in order. A write that fails, or an event that does
 * not fit the queue, is logged and counted in {@link #health()}, which the alert service turns into
 * an {@code AUDIT_FAILING} alert and the metrics into {@code hyperblock_audit_lost_events_total}.
 *
 * <p>{@link #query} first waits (briefly) for the events queued before it, so a caller reads its
 * own writes.
 */
public final class AsyncAuditLog implements AuditLog {

  /**
   * Events waiting to be written. Far above any plausible admin request rate; when the database
   * hangs, memory stays bounded and later events are counted as lost.
   */
  public static final int QUEUE_CAPACITY = 10_000;

  /** How long a query waits for queued writes before reading anyway. */
  static final Duration FLUSH_WAIT = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(AsyncAuditLog.class);

  private final AuditLog delegate;
  private final Clock clock;
  private final ThreadPoolExecutor writer;
  private final int queueCapacity;
  private long accepted;
  private long written;
  private long lost;
  private Instant failingSince;
  private String lastError;

  public AsyncAuditLog(AuditLog delegate, Clock clock) {
    this(delegate, clock, QUEUE_CAPACITY);
  }

  AsyncAuditLog(AuditLog delegate, Clock clock, int queueCapacity) {
    this.delegate = delegate;
    this.clock = clock;
    this.queueCapacity = queueCapacity;
    this.writer =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(queueCapacity),
            Thread.ofPlatform().name("audit-writer").daemon().factory());
  }

  /** Enqueues the event; returns at once. A failure shows in {@link #health()}, not here. */
  @Override
  public void record(AuditEvent event) {
    try {
      writer.execute(() -> write(event));
      synchronized (this) {
        accepted++;
      }
    } catch (RejectedExecutionException e) {
      failed(
          event,
          "audit queue full or closed ("
              + queueCapacity
              + " events waiting); is the audit database hung?");
    }
  }

  private void write(AuditEvent event) {
    try {
      delegate.record(event);
      synchronized (this) {
        failingSince = null;
      }
    } catch (RuntimeException e) {
      failed(event, e.getMessage());
    } finally {
      synchronized (this) {
        written++;
        notifyAll();
      }
    }
  }

  private void failed(AuditEvent event, String why) {
    synchronized (this) {
      lost++;
      if (failingSince == null) {
        failingSince = clock.instant();
      }
      lastError = why;
    }
    // action, target and result only: the request summary stays out of the log on purpose.
    LOG.warn(
        "audit event lost ({} {} by {} -> {}): {}",
        event.action(),
        event.target(),
        event.actor(),
        event.result(),
        why);
  }

  /** Waits for queued writes (up to {@link #FLUSH_WAIT}), then queries the underlying log. */
  @Override
  public List<AuditEvent> query(AuditQuery query) {
    flush(FLUSH_WAIT);
    return delegate.query(query);
  }

  /**
   * Waits until every event recorded before this call was written (or failed).
   *
   * @return false when that did not happen within {@code timeout}
   */
  public synchronized boolean flush(Duration timeout) {
    long target = accepted;
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (written < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public synchronized AuditHealth health() {
    return new AuditHealth(lost, failingSince, lastError);
  }

  /** Writes what is queued (up to {@link #FLUSH_WAIT}), then closes the underlying log. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      if (!writer.awaitTermination(FLUSH_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("audit writer did not drain within {}; closing anyway", FLUSH_WAIT);
        writer.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      writer.shutdownNow();
    }
    delegate.close();
  }
}
