package io.hyperblock.server.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.server.auth.AdminToken;
import io.hyperblock.server.auth.Caller;
import io.hyperblock.server.auth.TokenAuthenticator;
import io.hyperblock.server.rest.fake.InMemoryCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Lifecycle of the REST listener itself. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RestServerIT {

  @Test
  void aBusyPortIsReportedWithTheAddress(@TempDir Path dir) {
    InMemoryCluster c = InMemoryCluster.withBricks(6, 3);
    AdminToken token = AdminToken.ensure(dir);
    try (RestServer first = RestServer.start("127.0.0.1", 0, c.volumes(), c, c, token)) {
      int port = first.port();
      assertThatThrownBy(() -> RestServer.start("127.0.0.1", port, c.volumes(), c, c, token))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("127.0.0.1:" + port);
    }
  }

  @Test
  void closeStopsServingAndMayBeRepeated(@TempDir Path dir) throws Exception {
    InMemoryCluster c = InMemoryCluster.withBricks(6, 3);
    RestServer server = RestServer.start("127.0.0.1", 0, c.volumes(), c, c, AdminToken.ensure(dir));
    URI health = URI.create("http://127.0.0.1:" + server.port() + "/api/v1/health");
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> up =
          http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(up.statusCode()).isEqualTo(200);

      server.close();
      server.close();

      assertThatThrownBy(
              () ->
                  http.send(
                      HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(java.io.IOException.class);
    }
  }

  @Test
  void rejectsAnImpossiblePort(@TempDir Path dir) {
    InMemoryCluster c = InMemoryCluster.withBricks(6, 3);
    assertThatThrownBy(
            () -> RestServer.start("127.0.0.1", 70_000, c.volumes(), c, c, AdminToken.ensure(dir)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("70000");
  }

  @Test
  void readOnlyTokensMayLookButNotChange() throws Exception {
    InMemoryCluster c = InMemoryCluster.withBricks(6, 3);
    TokenAuthenticator readOnly =
        t -> t.equals("viewer") ? Optional.of(new Caller("viewer", false)) : Optional.empty();
    try (RestServer server = RestServer.start("127.0.0.1", 0, c.volumes(), c, c, readOnly);
        HttpClient http = HttpClient.newHttpClient()) {
      URI volumes = URI.create("http://127.0.0.1:" + server.port() + "/api/v1/volumes");
      HttpResponse<String> list =
          http.send(
              HttpRequest.newBuilder(volumes).header("Authorization", "Bearer viewer").build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> create =
          http.send(
              HttpRequest.newBuilder(volumes)
                  .header("Authorization", "Bearer viewer")
                  .POST(HttpRequest.BodyPublishers.ofString(VolumeApiContract.R3))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(list.statusCode()).isEqualTo(200);
      assertThat(create.statusCode()).isEqualTo(403);
      assertThat(create.body()).contains(ProblemType.FORBIDDEN.uri()).contains("read-only");
      assertThat(c.volumes().list()).isEmpty();
    }
  }
}
