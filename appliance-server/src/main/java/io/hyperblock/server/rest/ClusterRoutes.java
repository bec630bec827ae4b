package io.hyperblock.server.rest;

import io.hyperblock.server.api.BrickService;
import io.hyperblock.server.api.ClusterService;
import io.javalin.config.RoutesConfig;

/** Handlers for bricks, topology and cluster status. */
final class ClusterRoutes {

  private final BrickService bricks;
  private final ClusterService cluster;

  ClusterRoutes(BrickService bricks, ClusterService cluster) {
    this.bricks = bricks;
    this.cluster = cluster;
  }

  void register(RoutesConfig routes, String base) {
    routes.get(base + "/bricks", ctx -> Json.send(ctx, 200, JsonViews.bricks(bricks.list())));
    routes.get(
        base + "/bricks/{id}",
        ctx -> Json.send(ctx, 200, JsonViews.brick(bricks.get(ctx.pathParam("id")))));
    routes.get(
        base + "/topology", ctx -> Json.send(ctx, 200, TopologyViews.topology(cluster.topology())));
    routes.get(
        base + "/cluster/status", ctx -> Json.send(ctx, 200, JsonViews.status(cluster.status())));
  }
}
