package io.hyperblock.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperblock.server.audit.AuditEvent;
import io.hyperblock.server.audit.AuditLog;
import io.hyperblock.server.auth.Caller;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * An after-handler that records every mutating request (POST, PUT, PATCH, DELETE) in the audit log,
 * whatever its outcome: success, validation error, unknown route, missing token. Javalin runs
 * after-handlers once the status is set (also when a before-handler or the endpoint threw) and
 * before the response is written, so the event is queued before the caller sees the answer.
 *
 * <p>Naming: {@code /api/v1/<things>} + POST is {@code <thing>.create} on {@code <thing>/<body
 * name>}; {@code /<things>/<id>} + DELETE is {@code <thing>.delete}, + PUT/PATCH {@code
 * <thing>.update} (PATCH on a volume is {@code volume.resize}); {@code /<things>/<id>/<verb>} +
 * POST is {@code <thing>.<verb>}. Anything else is {@code http.<method>} on the path.
 *
 * <p>The request summary holds the method, the path, the query string and only the {@link
 * #SUMMARY_FIELDS} of a JSON body: never headers, never a token, never fields the API may add later
 * for secrets.
 */
final class AuditHook {

  private static final Set<HandlerType> MUTATING =
      Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

  /** Body fields copied into the request summary: all describe a volume, none is secret. */
  static final List<String> SUMMARY_FIELDS =
      List.of(
          "name",
          "size",
          "newSize",
          "replicas",
          "dataChunks",
          "parityChunks",
          "profile",
          "chunkSize",
          "writeQuorum",
          "readQuorum",
          "force");

  /** Query parameters whose values are copied; others show as {@code <omitted>}. */
  static final Set<String> SUMMARY_QUERY = Set.of("force", "offset", "limit");

  private final AuditLog log;
  private final Clock clock;
  private final String base;

  AuditHook(AuditLog log, Clock clock, String base) {
    this.log = log;
    this.clock = clock;
    this.base = base;
  }

  void after(Context ctx) {
    if (!MUTATING.contains(ctx.method())) {
      return;
    }
    Caller caller = ctx.attribute(BearerAuth.CALLER_ATTRIBUTE);
    String actor = caller == null ? AuditEvent.ANONYMOUS : caller.name();
    JsonNode body = body(ctx);
    String[] what = actionAndTarget(ctx.method(), ctx.path(), body);
    int status = ctx.statusCode();
    ProblemType problem = ctx.attribute(ProblemResponder.TYPE_ATTRIBUTE);
    String result =
        status < 400 ? AuditEvent.SUCCESS : problem != null ? problem.slug() : "http-" + status;
    String detail = status < 400 ? null : ctx.attribute(ProblemResponder.DETAIL_ATTRIBUTE);
    log.record(
        AuditEvent.of(
            clock.instant(), actor, what[0], what[1], summary(ctx, body), result, status, detail));
  }

  /** {action, target} for a request; see the class comment. */
  String[] actionAndTarget(HandlerType method, String path, JsonNode body) {
    String verb = method.name().toLowerCase(Locale.ROOT);
    if (!path.startsWith(base + "/")) {
      return new String[] {"http." + verb, path};
    }
    String[] seg = path.substring(base.length() + 1).split("/");
    String noun = singular(seg[0]);
    if (seg.length == 1 && method.equals(HandlerType.POST)) {
      String name = body != null && body.path("name").isTextual() ? body.get("name").asText() : "?";
      return new String[] {noun + ".create", noun + "/" + name};
    }
    if (seg.length == 2) {
      String target = noun + "/" + seg[1];
      return switch (method.name()) {
        case "DELETE" -> new String[] {noun + ".delete", target};
        case "PATCH" ->
            new String[] {noun + (noun.equals("volume") ? ".resize" : ".update"), target};
        case "PUT" -> new String[] {noun + ".update", target};
        default -> new String[] {"http." + verb, path};
      };
    }
    if (seg.length == 3 && method.equals(HandlerType.POST)) {
      return new String[] {noun + "." + seg[2], noun + "/" + seg[1]};
    }
    return new String[] {"http." + verb, path};
  }

  private static String singular(String collection) {
    return collection.endsWith("s") ? collection.substring(0, collection.length() - 1) : collection;
  }

  /** The body as JSON when it is a small JSON object, else null (never throws). */
  private static JsonNode body(Context ctx) {
    if (ctx.contentLength() <= 0 || ctx.contentLength() > RestServer.MAX_REQUEST_BYTES) {
      return null;
    }
    try {
      JsonNode node = Json.MAPPER.readTree(ctx.body());
      return node != null && node.isObject() ? node : null;
    } catch (Exception e) {
      return null;
    }
  }

  private static String summary(Context ctx, JsonNode body) {
    StringBuilder s = new StringBuilder(ctx.method().name()).append(' ').append(ctx.path());
    StringJoiner query = new StringJoiner("&", "?", "");
    query.setEmptyValue("");
    ctx.queryParamMap()
        .forEach(
            (name, values) -> {
              for (String v : values) {
                query.add(name + "=" + (SUMMARY_QUERY.contains(name) ? v : "<omitted>"));
              }
            });
    s.append(query);
    if (body != null) {
      StringJoiner fields = new StringJoiner(", ", " {", "}");
      fields.setEmptyValue("");
      for (String f : SUMMARY_FIELDS) {
        JsonNode v = body.get(f);
        if (v != null && v.isValueNode()) {
          fields.add(f + "=" + v.asText());
        }
      }
      s.append(fields);
    } else if (ctx.contentLength() > 0) {
      s.append(" (body not a JSON object)");
    }
    return s.toString();
  }
}
