package io.hyperblock.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperblock.server.testing.FakeBricks;
import io.hyperblock.server.testing.ServerProcess;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real management server process (Ratis, REST, H2 audit log): mutating actions are audited with
 * user and result and survive kill -9 (issue 6, "done when" 6); a silent brick becomes a BRICK_DOWN
 * alert and {@code hyperblock_brick_up 0} on /metrics.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServerAuditIT {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String R3 = "{\"name\":\"postgres-r3\",\"size\":\"50GiB\",\"replicas\":3}";

  @TempDir Path dir;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  int port;
  String token;

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(15))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  List<String> audit() throws Exception {
    JsonNode events = JSON.readTree(send("GET", "/api/v1/audit", null).body()).get("events");
    List<String> out = new ArrayList<>();
    for (JsonNode e : events) {
      out.add(
          e.get("actor").asText()
              + " "
              + e.get("action").asText()
              + " "
              + e.get("target").asText()
              + " "
              + e.get("result").asText()
              + " "
              + e.get("status").asInt());
    }
    return out;
  }

  @Test
  void actionsAreAuditedSurviveKillNineAndDownBricksRaiseAlerts() throws Exception {
    Path data = dir.resolve("server");
    List<String> args =
        List.of(
            "--grpc-port", "0",
            "--rest-port", "0",
            "--raft-port", String.valueOf(freePort()),
            "--heartbeat-interval", "100ms",
            "--monitor-interval", "100ms",
            "--down-after", "3s");
    List<String> expected =
        List.of(
            "admin volume.delete volume/nothing not-found 404",
            "admin volume.create volume/postgres-r3 conflict 409",
            "admin volume.create volume/postgres-r3 success 201");
    ServerProcess server = ServerProcess.start("server", data, dir, args);
    try (FakeBricks bricks = new FakeBricks(3, 2)) {
      ServerProcess.Ready ready = server.awaitReady(Duration.ofSeconds(60));
      port = ready.restPort();
      token = Files.readString(data.resolve("admin.token")).strip();
      bricks.connect(ready.grpcPort());
      String victim = bricks.registerAll().getFirst().brickId();
      bricks.heartbeatEvery(Duration.ofMillis(100));

      assertThat(send("POST", "/api/v1/volumes", R3).statusCode()).isEqualTo(201);
      assertThat(send("POST", "/api/v1/volumes", R3).statusCode()).isEqualTo(409);
      assertThat(send("DELETE", "/api/v1/volumes/nothing", null).statusCode()).isEqualTo(404);
      assertThat(audit()).isEqualTo(expected);

      bricks.silence(victim, true);
      JsonNode alerts = awaitAlert("BRICK_DOWN");
      assertThat(alerts.get("subject").asText()).isEqualTo("brick/" + victim);
      assertThat(send("GET", "/metrics", null).body())
          .contains("hyperblock_brick_up{brick=\"" + victim + "\"} 0")
          .contains("hyperblock_alerts{kind=\"BRICK_DOWN\",severity=\"CRITICAL\"} 1");

      server.kill();
      server = ServerProcess.start("server", data, dir, args);
      port = server.awaitReady(Duration.ofSeconds(60)).restPort();

      assertThat(awaitAudit()).isEqualTo(expected);
    } finally {
      server.close();
    }
  }

  /** Polls (with a deadline) until an alert of {@code kind} is active. */
  JsonNode awaitAlert(String kind) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = send("GET", "/api/v1/alerts", null);
      if (r.statusCode() == 200) {
        for (JsonNode a : JSON.readTree(r.body()).get("alerts")) {
          if (a.get("kind").asText().equals(kind)) {
            return a;
          }
        }
      }
      Thread.sleep(100); // polling a condition with a deadline
    }
    throw new AssertionError("no " + kind + " alert within 30 s");
  }

  /** The audit log once the restarted server answers (its REST port is up before its leader). */
  List<String> awaitAudit() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      HttpResponse<String> r = send("GET", "/api/v1/audit", null);
      if (r.statusCode() == 200 || System.nanoTime() > deadline) {
        return audit();
      }
      Thread.sleep(100); // polling a condition with a deadline
    }
  }
}
