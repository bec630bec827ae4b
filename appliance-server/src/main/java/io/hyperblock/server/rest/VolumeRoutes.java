package io.hyperblock.server.rest;

import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.server.api.ClusterService;
import io.hyperblock.server.api.VolumeInfo;
import io.hyperblock.server.api.VolumeService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Handlers for {@code /api/v1/volumes}: create, list, show, delete, resize, placement. */
final class VolumeRoutes {

  /**
   * Stripes per placement page when the client gives no limit, and the most it may ask for. A large
   * volume has up to millions of stripes; one page stays a few MB of JSON.
   */
  static final int DEFAULT_PLACEMENT_PAGE = 1_000;

  static final int MAX_PLACEMENT_PAGE = 10_000;

  private final VolumeService volumes;
  private final ClusterService cluster;

  VolumeRoutes(VolumeService volumes, ClusterService cluster) {
    this.volumes = volumes;
    this.cluster = cluster;
  }

  void register(RoutesConfig routes, String base) {
    routes.post(base + "/volumes", this::create);
    routes.get(base + "/volumes", ctx -> Json.send(ctx, 200, JsonViews.volumes(volumes.list())));
    routes.get(base + "/volumes/{name}", this::show);
    routes.delete(base + "/volumes/{name}", this::delete);
    routes.post(base + "/volumes/{name}/resize", this::resize);
    routes.patch(base + "/volumes/{name}", this::resize);
    routes.get(base + "/volumes/{name}/placement", this::placement);
  }

  private void create(Context ctx) {
    BearerAuth.requireAdmin(ctx);
    VolumeInfo created = volumes.create(VolumeRequests.create(Json.readObject(ctx)));
    ctx.header(
        "Location", ctx.path() + "/" + URLEncoder.encode(created.name(), StandardCharsets.UTF_8));
    Json.send(ctx, 201, JsonViews.volume(created));
  }

  private void show(Context ctx) {
    Json.send(ctx, 200, JsonViews.volume(volumes.get(ctx.pathParam("name"))));
  }

  private void delete(Context ctx) {
    BearerAuth.requireAdmin(ctx);
    boolean force = QueryParams.bool(ctx, "force", false);
    volumes.delete(ctx.pathParam("name"), force);
    ctx.status(204);
  }

  private void resize(Context ctx) {
    BearerAuth.requireAdmin(ctx);
    long newSize = VolumeRequests.resize(Json.readObject(ctx));
    Json.send(ctx, 200, JsonViews.volume(volumes.resize(ctx.pathParam("name"), newSize)));
  }

  private void placement(Context ctx) {
    String name = ctx.pathParam("name");
    int offset = QueryParams.nonNegativeInt(ctx, "offset", 0);
    int limit = QueryParams.nonNegativeInt(ctx, "limit", DEFAULT_PLACEMENT_PAGE);
    if (limit > MAX_PLACEMENT_PAGE) {
      throw ApiProblemException.invalidField(
          "limit",
          "query parameter 'limit' must be at most "
              + MAX_PLACEMENT_PAGE
              + " stripes, got "
              + limit
              + "; page with offset");
    }
    PlacementMap map = volumes.placement(name);
    Json.send(ctx, 200, TopologyViews.placement(name, map, cluster.topology(), offset, limit));
  }
}
