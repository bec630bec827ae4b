package io.hyperblock.server.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperblock.server.api.RebuildService;
import io.hyperblock.server.api.UnavailableException;
import io.javalin.config.RoutesConfig;
import java.util.Optional;

/**
 * {@code GET /rebuilds}: rebuild tasks with progress per task and per volume. Without a rebuild
 * service (a server wired without one) it answers 503.
 */
final class RebuildRoutes {

  private final Optional<RebuildService> service;

  RebuildRoutes(Optional<RebuildService> service) {
    this.service = service;
  }

  void register(RoutesConfig routes, String base) {
    routes.get(base + "/rebuilds", ctx -> Json.send(ctx, 200, view(svc().report())));
  }

  private RebuildService svc() {
    return service.orElseThrow(
        () -> new UnavailableException("this server runs no rebuild coordinator", null));
  }

  static ObjectNode view(RebuildService.Report r) {
    ObjectNode out = Json.object();
    ArrayNode tasks = out.putArray("tasks");
    for (RebuildService.Task t : r.tasks()) {
      ObjectNode o = tasks.addObject();
      o.put("id", t.id());
      o.put("volume", t.volume());
      o.put("stripe", t.stripe());
      o.put("slot", t.slot());
      o.put("fromBrick", t.fromBrick());
      o.put("toBrick", t.toBrick());
      o.put("kind", t.kind());
      o.put("state", t.state());
      o.put("bytesTotal", t.bytesTotal());
      o.put("bytesDone", t.bytesDone());
      o.put("attempts", t.attempts());
      o.put("lastError", t.lastError());
      o.put("createdAt", t.createdAt().toString());
      o.put("updatedAt", t.updatedAt().toString());
    }
    ArrayNode volumes = out.putArray("volumes");
    for (RebuildService.VolumeProgress v : r.volumes()) {
      ObjectNode o = volumes.addObject();
      o.put("volume", v.volume());
      o.put("tasks", v.tasks());
      o.put("openTasks", v.openTasks());
      o.put("bytesTotal", v.bytesTotal());
      o.put("bytesDone", v.bytesDone());
    }
    return out;
  }
}
