package io.hyperblock.server.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperblock.server.alerts.Alert;
import io.hyperblock.server.alerts.AlertService;
import io.hyperblock.server.audit.AuditEvent;
import io.hyperblock.server.audit.AuditLog;
import io.hyperblock.server.audit.AuditQuery;
import io.hyperblock.server.audit.AuditStoreException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Handlers for what operators watch: {@code GET /api/v1/audit}, {@code GET /api/v1/alerts} and
 * {@code GET /metrics} (Prometheus text format, bearer token like the API).
 */
final class OperationsRoutes {

  /** Where Prometheus scrapes; outside /api by convention, still token-protected. */
  static final String METRICS_PATH = "/metrics";

  private static final ExpositionFormats FORMATS = ExpositionFormats.init();

  private final AuditLog audit;
  private final AlertService alerts;
  private final PrometheusRegistry registry;
  private final Clock clock;

  OperationsRoutes(AuditLog audit, AlertService alerts, PrometheusRegistry registry, Clock clock) {
    this.audit = audit;
    this.alerts = alerts;
    this.registry = registry;
    this.clock = clock;
  }

  void register(RoutesConfig routes, String base) {
    routes.get(base + "/audit", this::audit);
    routes.get(base + "/alerts", this::alerts);
    routes.get(METRICS_PATH, this::metrics);
  }

  private void audit(Context ctx) {
    int limit = QueryParams.nonNegativeInt(ctx, "limit", AuditQuery.DEFAULT_LIMIT);
    if (limit < 1 || limit > AuditQuery.MAX_LIMIT) {
      throw ApiProblemException.invalidField(
          "limit",
          "query parameter 'limit' must be 1.."
              + AuditQuery.MAX_LIMIT
              + " events, got "
              + limit
              + "; narrow the query with since, actor or action");
    }
    Instant since = Since.parse(ctx.queryParam("since"), clock.instant());
    AuditQuery q = new AuditQuery(ctx.queryParam("actor"), ctx.queryParam("action"), since, limit);
    List<AuditEvent> events;
    try {
      events = audit.query(q);
    } catch (AuditStoreException e) {
      throw new ApiProblemException(ProblemType.UNAVAILABLE, e.getMessage());
    }
    ArrayNode list = Json.MAPPER.createArrayNode();
    for (AuditEvent e : events) {
      ObjectNode n = list.addObject();
      n.put("id", e.id());
      n.put("at", e.at().toString());
      n.put("actor", e.actor());
      n.put("action", e.action());
      n.put("target", e.target());
      n.put("request", e.request());
      n.put("result", e.result());
      n.put("status", e.status());
      if (e.detail() != null) {
        n.put("detail", e.detail());
      }
    }
    ObjectNode body = Json.object();
    body.set("events", list);
    Json.send(ctx, 200, body);
  }

  private void alerts(Context ctx) {
    ArrayNode list = Json.MAPPER.createArrayNode();
    for (Alert a : alerts.current()) {
      ObjectNode n = list.addObject();
      n.put("id", a.id());
      n.put("severity", a.severity().name());
      n.put("kind", a.kind().name());
      n.put("subject", a.subject());
      n.put("message", a.message());
      n.put("since", a.since().toString());
    }
    ObjectNode body = Json.object();
    body.set("alerts", list);
    Json.send(ctx, 200, body);
  }

  private void metrics(Context ctx) throws IOException {
    ExpositionFormatWriter writer = FORMATS.findWriter(ctx.header("Accept"));
    if (!writer.isAvailable()) {
      // Protobuf was asked for but is not on the classpath: text is always understood.
      writer = FORMATS.getPrometheusTextFormatWriter();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    writer.write(out, registry.scrape());
    ctx.status(200).contentType(writer.getContentType()).result(out.toByteArray());
  }
}
