package io.hyperblock.server.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperblock.core.protection.InvalidPolicyException;
import io.hyperblock.server.api.ConflictException;
import io.hyperblock.server.api.HyperblockException;
import io.hyperblock.server.api.NotFoundException;
import io.hyperblock.server.api.UnavailableException;
import io.hyperblock.server.api.ValidationException;
import io.javalin.http.Context;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every exception a handler lets escape into an RFC 9457 {@code application/problem+json}
 * response: {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance} (the
 * request path) and, where they apply, the extension members {@code field} (validation) and {@code
 * leaderHint} (unavailable). Unexpected exceptions become a 500 whose detail carries only an
 * incident id that is also logged with the stack trace: internals never reach the client.
 */
final class ProblemResponder {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemResponder.class);

  /** Context attributes naming the problem sent, for the audit hook ({@link AuditHook}). */
  static final String TYPE_ATTRIBUTE = "hyperblock.problem.type";

  static final String DETAIL_ATTRIBUTE = "hyperblock.problem.detail";

  private ProblemResponder() {}

  static void handle(Exception e, Context ctx) {
    switch (e) {
      case ApiProblemException p -> send(ctx, p.type(), p.getMessage(), p.field());
      case ValidationException v -> send(ctx, ProblemType.VALIDATION, v.getMessage(), v.field());
      case InvalidPolicyException p -> send(ctx, ProblemType.VALIDATION, p.getMessage(), "policy");
      case NotFoundException n -> send(ctx, ProblemType.NOT_FOUND, n.getMessage(), null);
      case ConflictException c -> send(ctx, ProblemType.CONFLICT, c.getMessage(), null);
      case UnavailableException u -> {
        ObjectNode body = problem(ctx, ProblemType.UNAVAILABLE, u.getMessage(), null);
        u.leaderHint().ifPresent(hint -> body.put("leaderHint", hint));
        ctx.header("Retry-After", "1");
        write(ctx, ProblemType.UNAVAILABLE.status(), body);
      }
      case HyperblockException h -> internal(ctx, h);
      default -> internal(ctx, e);
    }
  }

  static void send(Context ctx, ProblemType type, String detail, String field) {
    if (type == ProblemType.UNAUTHORIZED) {
      // RFC 6750 section 3: a 401 names the scheme the client must use.
      ctx.header("WWW-Authenticate", "Bearer realm=\"hyperblock\"");
    }
    write(ctx, type.status(), problem(ctx, type, detail, field));
  }

  private static void internal(Context ctx, Exception e) {
    String incident = UUID.randomUUID().toString();
    LOG.error("incident {}: {} {} failed", incident, ctx.method(), ctx.path(), e);
    send(
        ctx,
        ProblemType.INTERNAL,
        "the server failed to handle this request; the server log has the cause under incident "
            + incident,
        null);
  }

  private static ObjectNode problem(Context ctx, ProblemType type, String detail, String field) {
    ctx.attribute(TYPE_ATTRIBUTE, type);
    ctx.attribute(DETAIL_ATTRIBUTE, detail);
    ObjectNode body = Json.object();
    body.put("type", type.uri());
    body.put("title", type.title());
    body.put("status", type.status());
    body.put("detail", detail);
    body.put("instance", ctx.path());
    if (field != null) {
      body.put("field", field);
    }
    return body;
  }

  private static void write(Context ctx, int status, ObjectNode body) {
    try {
      ctx.status(status).contentType(Json.PROBLEM_JSON).result(Json.MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot render problem document", ex);
    }
  }
}
