package io.hyperblock.server.rest;

import io.hyperblock.server.alerts.Observability;
import io.hyperblock.server.api.BrickService;
import io.hyperblock.server.api.ClusterService;
import io.hyperblock.server.api.VolumeService;
import io.hyperblock.server.auth.TokenAuthenticator;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpResponseException;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management REST API on its own Jetty (Javalin 7): routes under {@value #BASE}, bearer-token
 * authentication, RFC 9457 errors. The web console will later share this Jetty at {@code /};
 * everything here stays under {@code /api}.
 *
 * <p>Public (no token): {@code GET /api/v1/health} and {@code GET /api/v1/openapi.json}. Every
 * other {@code /api} request, and {@code GET /metrics} (Prometheus), needs {@code Authorization:
 * Bearer <token>}. Every mutating request is recorded in the audit log ({@link AuditHook}).
 */
public final class RestServer implements AutoCloseable {

  /** Path prefix of every route; the version changes only with an incompatible API. */
  public static final String BASE = "/api/v1";

  /**
   * Largest request body accepted. Every request body is a small JSON object; refusing large ones
   * early keeps a confused or hostile client from tying up memory.
   */
  static final long MAX_REQUEST_BYTES = 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);

  private final Javalin app;
  private final AutoCloseable owned;

  private RestServer(Javalin app, AutoCloseable owned) {
    this.app = app;
    this.owned = owned;
  }

  /**
   * Starts serving with an in-memory audit log (lost on restart) and alerts over the given
   * services; for tests and tools. A server with a data directory uses {@link #start(String, int,
   * VolumeService, BrickService, ClusterService, TokenAuthenticator, Observability, Clock)}.
   */
  public static RestServer start(
      String bindHost,
      int port,
      VolumeService volumes,
      BrickService bricks,
      ClusterService cluster,
      TokenAuthenticator auth) {
    Clock clock = Clock.systemUTC();
    Observability obs = Observability.inMemory(volumes, bricks, clock);
    try {
      return start(bindHost, port, volumes, bricks, cluster, auth, obs, clock, obs);
    } catch (RuntimeException e) {
      obs.close();
      throw e;
    }
  }

  /**
   * Starts serving and returns once the port is bound.
   *
   * @param bindHost address to listen on, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
   * @param port TCP port; 0 picks a free one (see {@link #port()})
   * @param obs audit log, alerts and metrics registry; the caller closes it after this server
   * @param clock stamps audit events and resolves relative {@code since} queries
   * @throws IllegalStateException the port cannot be bound (in use, no permission); the message
   *     names the address
   */
  public static RestServer start(
      String bindHost,
      int port,
      VolumeService volumes,
      BrickService bricks,
      ClusterService cluster,
      TokenAuthenticator auth,
      Observability obs,
      Clock clock) {
    return start(bindHost, port, volumes, bricks, cluster, auth, obs, clock, () -> {});
  }

  private static RestServer start(
      String bindHost,
      int port,
      VolumeService volumes,
      BrickService bricks,
      ClusterService cluster,
      TokenAuthenticator auth,
      Observability obs,
      Clock clock,
      AutoCloseable owned) {
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(volumes, "volumes");
    Objects.requireNonNull(bricks, "bricks");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(obs, "obs");
    Objects.requireNonNull(clock, "clock");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("REST port must be 0..65535, got " + port);
    }
    Javalin app =
        Javalin.create(config -> configure(config, volumes, bricks, cluster, auth, obs, clock));
    try {
      app.start(bindHost, port);
    } catch (RuntimeException e) {
      app.stop();
      throw new IllegalStateException(
          "cannot serve the REST API on "
              + bindHost
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "); is another process using the port?",
          e);
    }
    LOG.info("REST API listening on http://{}:{}{}", bindHost, app.port(), BASE);
    return new RestServer(app, owned);
  }

  /**
   * Installs the API's routes, authentication and error mapping into a Javalin configuration, for a
   * caller that hosts it in a larger Jetty (e.g. next to the web console).
   */
  public static void configure(
      JavalinConfig config,
      VolumeService volumes,
      BrickService bricks,
      ClusterService cluster,
      TokenAuthenticator auth,
      Observability obs,
      Clock clock) {
    config.startup.showJavalinBanner = false;
    config.startup.showOldJavalinVersionWarning = false;
    config.http.maxRequestSize = MAX_REQUEST_BYTES;
    config.http.prefer405over404 = true;
    config.router.ignoreTrailingSlashes = true;

    BearerAuth bearer = new BearerAuth(auth, Set.of(BASE + "/health", BASE + "/openapi.json"));
    config.routes.before("/api/*", bearer::check);
    config.routes.before(OperationsRoutes.METRICS_PATH, bearer::check);
    config.routes.after(new AuditHook(obs.audit(), clock, BASE)::after);

    config.routes.get(
        BASE + "/health", ctx -> Json.send(ctx, 200, Json.object().put("status", "ok")));
    config.routes.get(
        BASE + "/openapi.json",
        ctx -> ctx.status(200).contentType(Json.JSON).result(OpenApiDocument.bytes()));
    new VolumeRoutes(volumes, cluster).register(config.routes, BASE);
    new ClusterRoutes(bricks, cluster).register(config.routes, BASE);
    new MaintenanceRoutes(cluster.maintenance()).register(config.routes, BASE);
    new RebuildRoutes(cluster.rebuilds()).register(config.routes, BASE);
    new OperationsRoutes(obs.audit(), obs.alerts(), obs.registry(), clock)
        .register(config.routes, BASE);

    config.routes.exception(HttpResponseException.class, RestServer::frameworkError);
    config.routes.exception(Exception.class, ProblemResponder::handle);
  }

  /** Javalin's own errors (no such route, wrong method, body too large) as problem documents. */
  private static void frameworkError(HttpResponseException e, io.javalin.http.Context ctx) {
    switch (e.getStatus()) {
      case 404 ->
          ProblemResponder.send(
              ctx,
              ProblemType.NOT_FOUND,
              "no API route "
                  + ctx.method()
                  + " "
                  + ctx.path()
                  + "; routes are under "
                  + BASE
                  + ", listed in "
                  + BASE
                  + "/openapi.json",
              null);
      case 405 ->
          ProblemResponder.send(
              ctx,
              ProblemType.METHOD_NOT_ALLOWED,
              ctx.method() + " is not allowed on " + ctx.path() + "; see " + BASE + "/openapi.json",
              null);
      case 413 ->
          ProblemResponder.send(
              ctx,
              ProblemType.PAYLOAD_TOO_LARGE,
              "request body is larger than " + MAX_REQUEST_BYTES + " bytes",
              null);
      default -> ProblemResponder.handle(e, ctx);
    }
  }

  /** The bound port (useful after starting on port 0). */
  public int port() {
    return app.port();
  }

  /** Stops serving; in-flight requests are given Jetty's graceful-stop time. Idempotent. */
  @Override
  public void close() {
    app.stop();
    try {
      owned.close();
    } catch (Exception e) {
      LOG.warn("closing the REST server's own audit log failed", e);
    }
  }
}
