package io.hyperblock.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperblock.server.alerts.Observability;
import io.hyperblock.server.auth.AdminToken;
import io.hyperblock.server.auth.TokenAuthenticator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** A {@link RestServer} on an ephemeral 127.0.0.1 port and a small HTTP client for it. */
final class RestHarness implements AutoCloseable {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  final RestServer server;
  final AdminToken token;
  final ApiServices services;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  RestHarness(ApiServices services, Path dataDir) {
    this.services = services;
    this.token = AdminToken.ensure(dataDir);
    this.server =
        RestServer.start(
            "127.0.0.1", 0, services.volumes(), services.bricks(), services.cluster(), token);
  }

  /** With the given audit log, alerts and metrics; {@code auth} may accept more than the admin. */
  RestHarness(
      ApiServices services,
      Path dataDir,
      TokenAuthenticator auth,
      Observability obs,
      java.time.Clock clock) {
    this.services = services;
    this.token = AdminToken.ensure(dataDir);
    this.server =
        RestServer.start(
            "127.0.0.1",
            0,
            services.volumes(),
            services.bricks(),
            services.cluster(),
            auth == null ? token : auth,
            obs,
            clock);
  }

  /** A response with its body parsed (null when empty). */
  record Reply(int status, HttpResponse<String> raw, JsonNode json) {
    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    String contentType() {
      return header("Content-Type");
    }
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  Reply get(String path) {
    return send("GET", path, null, "Bearer " + token.reveal());
  }

  Reply post(String path, String body) {
    return send("POST", path, body, "Bearer " + token.reveal());
  }

  Reply patch(String path, String body) {
    return send("PATCH", path, body, "Bearer " + token.reveal());
  }

  Reply delete(String path) {
    return send("DELETE", path, null, "Bearer " + token.reveal());
  }

  /**
   * @param authorization the Authorization header value, or null to send none
   */
  Reply send(String method, String path, String body, String authorization) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      boolean isJson = r.headers().firstValue("Content-Type").orElse("").contains("json");
      JsonNode json = r.body().isEmpty() || !isJson ? null : MAPPER.readTree(r.body());
      return new Reply(r.statusCode(), r, json);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      server.close();
    } finally {
      http.close();
      services.close();
    }
  }
}
