package io.hyperblock.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperblock.server.api.MaintenanceService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Handlers for brick maintenance: {@code GET /impact} and {@code GET /dependencies} (query {@code
 * domain}), {@code DELETE /bricks/{id}} (query {@code force}), {@code POST /bricks/{id}/drain},
 * {@code GET /migrations}, {@code GET /migrations/{id}}, {@code POST /migrations/{id}/cancel},
 * {@code GET /rebalance/plan} and {@code POST /rebalance/apply} (body {@code {"planId": ...}}).
 * Without a maintenance service (a server wired without one), each answers 503.
 */
final class MaintenanceRoutes {

  private final Optional<MaintenanceService> service;

  MaintenanceRoutes(Optional<MaintenanceService> service) {
    this.service = service;
  }

  void register(RoutesConfig routes, String base) {
    routes.get(
        base + "/impact",
        ctx -> Json.send(ctx, 200, MaintenanceViews.impact(svc().impact(domain(ctx)))));
    routes.get(
        base + "/dependencies",
        ctx ->
            Json.send(
                ctx,
                200,
                MaintenanceViews.dependencies(domain(ctx), svc().dependencies(domain(ctx)))));
    routes.delete(
        base + "/bricks/{id}",
        ctx ->
            Json.send(
                ctx,
                200,
                JsonViews.brick(
                    svc().remove(ctx.pathParam("id"), QueryParams.bool(ctx, "force", false)))));
    routes.post(
        base + "/bricks/{id}/drain",
        ctx -> Json.send(ctx, 202, MaintenanceViews.migration(svc().drain(ctx.pathParam("id")))));
    routes.get(
        base + "/migrations",
        ctx -> Json.send(ctx, 200, MaintenanceViews.migrations(svc().migrations())));
    routes.get(base + "/migrations/{id}", this::migration);
    routes.post(
        base + "/migrations/{id}/cancel",
        ctx -> Json.send(ctx, 200, MaintenanceViews.migration(svc().cancel(ctx.pathParam("id")))));
    routes.get(
        base + "/rebalance/plan",
        ctx -> Json.send(ctx, 200, MaintenanceViews.rebalancePlan(svc().rebalancePlan())));
    routes.post(base + "/rebalance/apply", this::apply);
  }

  private void migration(Context ctx) {
    String id = ctx.pathParam("id");
    var m =
        svc().migrations().stream()
            .filter(x -> x.id().equals(id))
            .findFirst()
            .orElseThrow(() -> new io.hyperblock.server.api.NotFoundException("migration", id));
    Json.send(ctx, 200, MaintenanceViews.migration(m));
  }

  private void apply(Context ctx) {
    ObjectNode body = Json.readObject(ctx);
    JsonNode planId = body.get("planId");
    if (planId == null || !planId.isTextual() || planId.asText().isBlank()) {
      throw ApiProblemException.invalidField(
          "planId",
          "field 'planId' must name the plan to apply, as shown by GET /api/v1/rebalance/plan");
    }
    Json.send(ctx, 202, MaintenanceViews.migration(svc().applyRebalance(planId.asText())));
  }

  private static String domain(Context ctx) {
    String d = ctx.queryParam("domain");
    if (d == null || d.isBlank()) {
      throw ApiProblemException.invalidField(
          "domain",
          "query parameter 'domain' is required: a brick id (or 8+ character prefix) or a path"
              + " such as dc1, dc1/rackA or dc1/rackA/host3");
    }
    return d;
  }

  private MaintenanceService svc() {
    return service.orElseThrow(
        () ->
            new ApiProblemException(
                ProblemType.UNAVAILABLE,
                "this server runs without brick maintenance (impact, drain, rebalance)"));
  }
}
