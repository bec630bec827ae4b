package io.hyperblock.server.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One audited action.
 *
 * @param id assigned by the log, increasing in recording order; 0 for an event not yet recorded
 * @param at when the server finished handling the request (UTC)
 * @param actor the authenticated caller's name ({@link io.hyperblock.server.auth.Caller#name()}),
 *     or {@value #ANONYMOUS} when the request carried no valid token
 * @param action what was attempted, {@code <noun>.<verb>}, e.g. {@code volume.create}
 * @param target what it was attempted on, e.g. {@code volume/analytics-ec}
 * @param request a summary of the request without secrets, e.g. {@code POST /api/v1/volumes
 *     {name=analytics-ec, size=100GiB}}
 * @param result {@value #SUCCESS}, or the error type (the slug of the problem type, e.g. {@code
 *     conflict})
 * @param status the HTTP status the caller received
 * @param detail the error detail the caller received, or null on success
 */
public record AuditEvent(
    long id,
    Instant at,
    String actor,
    String action,
    String target,
    String request,
    String result,
    int status,
    String detail) {

  public static final String ANONYMOUS = "anonymous";
  public static final String SUCCESS = "success";

  /** Column limits of the schema (V1__audit_events.sql); longer values are cut to fit. */
  static final int MAX_ACTOR = 128;

  static final int MAX_ACTION = 64;
  static final int MAX_TARGET = 512;
  static final int MAX_TEXT = 2048;

  public AuditEvent {
    Objects.requireNonNull(at, "at");
    actor = cut(Objects.requireNonNull(actor, "actor"), MAX_ACTOR);
    action = cut(Objects.requireNonNull(action, "action"), MAX_ACTION);
    target = cut(Objects.requireNonNull(target, "target"), MAX_TARGET);
    request = cut(Objects.requireNonNull(request, "request"), MAX_TEXT);
    result = cut(Objects.requireNonNull(result, "result"), MAX_ACTION);
    detail = detail == null ? null : cut(detail, MAX_TEXT);
  }

  /** A new, unrecorded event. */
  public static AuditEvent of(
      Instant at,
      String actor,
      String action,
      String target,
      String request,
      String result,
      int status,
      String detail) {
    return new AuditEvent(0, at, actor, action, target, request, result, status, detail);
  }

  /** The same event with the id the log assigned. */
  public AuditEvent withId(long newId) {
    return new AuditEvent(newId, at, actor, action, target, request, result, status, detail);
  }

  public boolean succeeded() {
    return SUCCESS.equals(result);
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}
