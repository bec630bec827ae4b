package io.hyperblock.server.alerts;

import java.time.Instant;
import java.util.Objects;

/**
 * One active alert.
 *
 * @param id stable while the condition lasts ({@code <kind slug>:<subject>}): the same brick being
 *     nearly full keeps its id when the severity rises from WARNING to CRITICAL
 * @param subject what it is about: {@code brick/<uuid>}, {@code volume/<name>}, {@code
 *     rebuild/<task id>} or {@code audit}
 * @param message one sentence for the operator: what is wrong and what to do
 * @param since when the condition began (or, if unknown, when the server first saw it)
 */
public record Alert(
    String id, Severity severity, AlertKind kind, String subject, String message, Instant since) {

  public Alert {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(since, "since");
  }

  /** The id an alert of {@code kind} about {@code subject} has. */
  public static String idOf(AlertKind kind, String subject) {
    return kind.slug() + ":" + subject;
  }
}
