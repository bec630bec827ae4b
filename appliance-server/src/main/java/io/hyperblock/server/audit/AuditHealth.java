package io.hyperblock.server.audit;

import java.time.Instant;

/**
 * Whether audit events are being stored.
 *
 * @param lostEvents events that could not be stored since the server started (write failed or the
 *     queue was full); only grows
 * @param failingSince when the current run of failures began, or null when the last write succeeded
 *     (or none failed)
 * @param lastError the message of the latest failure, or null; fit for an operator, no secrets
 */
public record AuditHealth(long lostEvents, Instant failingSince, String lastError) {

  public static final AuditHealth OK = new AuditHealth(0, null, null);

  public boolean failing() {
    return failingSince != null;
  }
}
