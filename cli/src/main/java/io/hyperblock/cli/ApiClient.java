package io.hyperblock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

/**
 * A blocking client for {@code /api/v1}. Successful answers come back as JSON trees; every failure
 * becomes a {@link CliException} with the exit code of {@link ExitCodes} and the server's problem
 * {@code detail} as its message. The token is sent only in the Authorization header and never
 * appears in a message.
 */
final class ApiClient {

  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Long enough for a commit through a Raft group that is electing a leader. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final CliSettings settings;
  private final HttpClient http;

  ApiClient(CliSettings settings) {
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  JsonNode get(String path) {
    return send("GET", path, null);
  }

  JsonNode post(String path, JsonNode body) {
    return send("POST", path, body);
  }

  /** Returns null: the server answers 204 No Content. */
  JsonNode delete(String path) {
    return send("DELETE", path, null);
  }

  private JsonNode send(String method, String path, JsonNode body) {
    URI uri = URI.create(settings.server() + "/api/v1" + path);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json, application/problem+json");
    if (body != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    settings.token().ifPresent(t -> b.header("Authorization", "Bearer " + t));
    HttpResponse<String> response;
    try {
      response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpConnectTimeoutException e) {
      throw cannotConnect("no answer within " + CONNECT_TIMEOUT.toSeconds() + " s");
    } catch (HttpTimeoutException e) {
      throw new CliException(
          ExitCodes.SERVER_ERROR,
          "the server did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s; retry later");
    } catch (ConnectException | UnresolvedAddressException e) {
      throw cannotConnect(connectFailure(e));
    } catch (IOException e) {
      throw cannotConnect(e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.SERVER_ERROR, "interrupted");
    }
    return answer(response);
  }

  private JsonNode answer(HttpResponse<String> r) {
    JsonNode json = null;
    if (!r.body().isEmpty()) {
      try {
        json = MAPPER.readTree(r.body());
      } catch (IOException e) {
        throw new CliException(
            ExitCodes.SERVER_ERROR,
            "the server at "
                + settings.server()
                + " answered HTTP "
                + r.statusCode()
                + " with a body that is not JSON; is it a Hyperblock server?");
      }
    }
    if (r.statusCode() >= 200 && r.statusCode() < 300) {
      return json;
    }
    throw new CliException(
        ExitCodes.forStatus(r.statusCode()), problemMessage(r.statusCode(), json));
  }

  private String problemMessage(int status, JsonNode problem) {
    String detail =
        problem != null && problem.hasNonNull("detail")
            ? problem.get("detail").asText()
            : "HTTP " + status;
    StringBuilder m = new StringBuilder(detail);
    if (problem != null && problem.hasNonNull("field")) {
      m.append(" [field: ").append(problem.get("field").asText()).append(']');
    }
    if (problem != null && problem.hasNonNull("leaderHint")) {
      m.append(" (the leader may be at ").append(problem.get("leaderHint").asText()).append(')');
    }
    if (status == 401) {
      m.append(
          settings.token().isPresent()
              ? "\nhint: the token was rejected; check --token, HYPERBLOCK_TOKEN or HYPERBLOCK_TOKEN_FILE"
              : "\nhint: no token configured; pass --token-file <data dir>/admin.token or set"
                  + " HYPERBLOCK_TOKEN_FILE");
    }
    return m.toString();
  }

  private String connectFailure(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return "unknown host '" + settings.server().getHost() + "'";
      }
    }
    return e.getMessage() == null ? "connection refused" : e.getMessage();
  }

  private CliException cannotConnect(String why) {
    return new CliException(
        ExitCodes.CANNOT_CONNECT,
        "cannot connect to "
            + settings.server()
            + ": "
            + why
            + "; is the server running? Set the address with --server or HYPERBLOCK_SERVER");
  }
}
