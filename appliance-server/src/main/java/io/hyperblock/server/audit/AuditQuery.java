package io.hyperblock.server.audit;

import java.time.Instant;

/**
 * Which events to return, newest first.
 *
 * @param actor only this caller's events (exact match), or null for all
 * @param action only this action (exact match, e.g. {@code volume.delete}), or null for all
 * @param since only events at or after this instant, or null for all
 * @param limit at most this many events, 1..{@value #MAX_LIMIT}
 */
public record AuditQuery(String actor, String action, Instant since, int limit) {

  /** Page size when the caller gives none. */
  public static final int DEFAULT_LIMIT = 100;

  /**
   * Largest page: the API answers with one JSON document; a thousand events stay well under a
   * megabyte. Narrow the query with since/actor/action to see older events.
   */
  public static final int MAX_LIMIT = 1_000;

  public AuditQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "audit query limit must be 1.." + MAX_LIMIT + ", got " + limit);
    }
    actor = blankToNull(actor);
    action = blankToNull(action);
  }

  /** The newest {@value #DEFAULT_LIMIT} events of anyone. */
  public static AuditQuery latest() {
    return new AuditQuery(null, null, null, DEFAULT_LIMIT);
  }

  /** Whether {@code e} passes the filters (the limit aside). */
  public boolean matches(AuditEvent e) {
    return (actor == null || actor.equals(e.actor()))
        && (action == null || action.equals(e.action()))
        && (since == null || !e.at().isBefore(since));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
