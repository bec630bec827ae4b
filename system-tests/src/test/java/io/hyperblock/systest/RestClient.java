package io.hyperblock.systest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The management REST API ({@code /api/v1}) as the admin: bearer token, JSON in and out. */
final class RestClient {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final String baseUrl;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * @param baseUrl e.g. {@code http://127.0.0.1:8080}
   */
  RestClient(String baseUrl, String token) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  String baseUrl() {
    return baseUrl;
  }

  /** GET {@code /api/v1/<path>}, body as sent (for byte-for-byte comparisons). */
  String getRaw(String path) {
    return expect2xx("GET", path, send(request(path).GET()));
  }

  /** GET {@code /api/v1/<path>}, parsed. */
  JsonNode get(String path) {
    return parse(getRaw(path));
  }

  /** POST {@code /api/v1/<path>} with a JSON body; the parsed answer. */
  JsonNode post(String path, String json) {
    HttpRequest.Builder req =
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    return parse(expect2xx("POST", path, send(req)));
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/" + path))
        .timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json");
  }

  private HttpResponse<String> send(HttpRequest.Builder req) {
    try {
      return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("REST call to " + baseUrl + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String expect2xx(String method, String path, HttpResponse<String> response) {
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          method
              + " /api/v1/"
              + path
              + " answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
    return response.body();
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + json, e);
    }
  }
}
