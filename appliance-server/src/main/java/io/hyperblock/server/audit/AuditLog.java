package io.hyperblock.server.audit;

import java.util.List;

/**
 * An append-only record of mutating actions. Implementations are safe to call from many request
 * threads at once.
 */
public interface AuditLog extends AutoCloseable {

  /**
   * Appends one event. The event's {@code id} is ignored; the log assigns the next one.
   *
   * <p>Implementations backed by storage may block on I/O and throw; callers on a request path wrap
   * the log in {@link AsyncAuditLog}, which does neither.
   *
   * @throws AuditStoreException the event could not be stored; it is lost
   */
  void record(AuditEvent event);

  /**
   * Events that match the query, newest first (by time, then by id), at most {@code query.limit()}
   * of them; empty when none match.
   *
   * @throws AuditStoreException the log cannot be read; retry later
   */
  List<AuditEvent> query(AuditQuery query);

  /** Releases the storage. Idempotent; later calls to record or query throw. */
  @Override
  void close();
}
