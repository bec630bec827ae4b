package io.hyperblock.server.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An audit log in memory, lost on restart: for tests and for a REST server started without a data
 * directory. Same ordering and filtering as {@link H2AuditLog}.
 */
public final class InMemoryAuditLog implements AuditLog {

  private static final Comparator<AuditEvent> NEWEST_FIRST =
      Comparator.comparing(AuditEvent::at).thenComparingLong(AuditEvent::id).reversed();

  private final List<AuditEvent> events = new ArrayList<>();
  private long nextId = 1;
  private boolean closed;

  @Override
  public synchronized void record(AuditEvent event) {
    ensureOpen();
    events.add(event.withId(nextId++));
  }

  @Override
  public synchronized List<AuditEvent> query(AuditQuery query) {
    ensureOpen();
    return events.stream()
        .filter(query::matches)
        .sorted(NEWEST_FIRST)
        .limit(query.limit())
        .toList();
  }

  /** Every event, oldest first. */
  public synchronized List<AuditEvent> all() {
    return new ArrayList<>(events);
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  private void ensureOpen() {
    if (closed) {
      throw new AuditStoreException("the in-memory audit log is closed", null);
    }
  }
}
