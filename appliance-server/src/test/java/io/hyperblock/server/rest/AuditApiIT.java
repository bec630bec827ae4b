package io.hyperblock.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperblock.server.alerts.Observability;
import io.hyperblock.server.auth.AdminToken;
import io.hyperblock.server.auth.Caller;
import io.hyperblock.server.auth.TokenAuthenticator;
import io.hyperblock.server.rest.RestHarness.Reply;
import io.hyperblock.server.rest.fake.InMemoryCluster;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every mutating request through real REST lands in the H2 audit log with who, what, on what and
 * how it ended, and GET /api/v1/audit reads it back (issue 6, "done when" 6).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuditApiIT {

  static final String VIEWER_TOKEN = "viewer-secret-token-0123456789";

  Path dir;
  Observability obs;
  RestHarness api;
  final List<AutoCloseable> closers = new ArrayList<>();

  @BeforeEach
  void start(@TempDir Path dir) {
    this.dir = dir;
    startServer();
  }

  void startServer() {
    InMemoryCluster cluster = InMemoryCluster.withBricks(6, 3);
    AdminToken admin = AdminToken.ensure(dir.resolve("data"));
    TokenAuthenticator auth =
        t ->
            t.equals(VIEWER_TOKEN)
                ? Optional.of(new Caller("viewer", false))
                : admin.authenticate(t);
    obs = Observability.open(dir.resolve("data"), cluster.volumes(), cluster, Clock.systemUTC());
    api =
        new RestHarness(
            new ApiServices(cluster.volumes(), cluster, cluster, () -> {}),
            dir.resolve("data"),
            auth,
            obs,
            Clock.systemUTC());
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
    obs.close();
  }

  List<JsonNode> events(String query) {
    Reply r = api.get("/api/v1/audit" + query);
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    r.json().get("events").forEach(out::add);
    return out;
  }

  @Test
  void createsDeletesAndFailuresAreRecordedWithActorTargetAndResult() {
    assertThat(api.post("/api/v1/volumes", VolumeApiContract.EC).status()).isEqualTo(201);
    assertThat(api.post("/api/v1/volumes", VolumeApiContract.EC).status()).isEqualTo(409);
    assertThat(
            api.post("/api/v1/volumes", "{\"name\":\"bad\",\"size\":\"0B\",\"replicas\":3}")
                .status())
        .isEqualTo(400);
    assertThat(api.delete("/api/v1/volumes/analytics-ec").status()).isEqualTo(204);
    assertThat(api.delete("/api/v1/volumes/missing").status()).isEqualTo(404);

    List<JsonNode> events = events("");

    assertThat(events)
        .extracting(
            e -> e.get("actor").asText(),
            e -> e.get("action").asText(),
            e -> e.get("target").asText(),
            e -> e.get("result").asText(),
            e -> e.get("status").asInt())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "admin", "volume.delete", "volume/missing", "not-found", 404),
            org.assertj.core.groups.Tuple.tuple(
                "admin", "volume.delete", "volume/analytics-ec", "success", 204),
            org.assertj.core.groups.Tuple.tuple(
                "admin", "volume.create", "volume/bad", "validation", 400),
            org.assertj.core.groups.Tuple.tuple(
                "admin", "volume.create", "volume/analytics-ec", "conflict", 409),
            org.assertj.core.groups.Tuple.tuple(
                "admin", "volume.create", "volume/analytics-ec", "success", 201));
    JsonNode created = events.getLast();
    assertThat(created.get("request").asText())
        .isEqualTo(
            "POST /api/v1/volumes {name=analytics-ec, size=100GiB, dataChunks=4, parityChunks=2}");
    assertThat(created.has("detail")).isFalse();
    assertThat(events.get(3).get("detail").asText()).contains("analytics-ec");
    assertThat(created.get("at").asText()).endsWith("Z");
  }

  @Test
  void unauthenticatedAndReadOnlyAttemptsAreRecordedWithTheirCaller() {
    Reply anonymous = api.send("POST", "/api/v1/volumes", VolumeApiContract.R3, null);
    Reply wrongToken =
        api.send("DELETE", "/api/v1/volumes/x", null, "Bearer not-a-token-" + VIEWER_TOKEN);
    Reply viewer =
        api.send("POST", "/api/v1/volumes", VolumeApiContract.R3, "Bearer " + VIEWER_TOKEN);

    assertThat(List.of(anonymous.status(), wrongToken.status(), viewer.status()))
        .containsExactly(401, 401, 403);
    List<JsonNode> events = events("");
    assertThat(events)
        .extracting(
            e ->
                e.get("actor").asText()
                    + " "
                    + e.get("action").asText()
                    + " "
                    + e.get("result").asText())
        .containsExactly(
            "viewer volume.create forbidden",
            "anonymous volume.delete unauthorized",
            "anonymous volume.create unauthorized");
    // The audit log never holds a token, not even a rejected one.
    assertThat(api.get("/api/v1/audit").raw().body())
        .doesNotContain(VIEWER_TOKEN)
        .doesNotContain(api.token.reveal());
  }

  @Test
  void readsAreNotAuditedButResizeIs() {
    api.post("/api/v1/volumes", VolumeApiContract.R3);
    api.get("/api/v1/volumes");
    api.get("/api/v1/volumes/postgres-r3");
    api.patch("/api/v1/volumes/postgres-r3", "{\"size\":\"60GiB\"}");

    assertThat(events(""))
        .extracting(e -> e.get("action").asText() + " " + e.get("target").asText())
        .containsExactly("volume.resize volume/postgres-r3", "volume.create volume/postgres-r3");
  }

  @Test
  void queriesFilterByActorActionSinceAndLimit() {
    api.post("/api/v1/volumes", VolumeApiContract.R3);
    api.delete("/api/v1/volumes/postgres-r3");
    api.send("POST", "/api/v1/volumes", VolumeApiContract.EC, null);

    assertThat(events("?actor=anonymous"))
        .singleElement()
        .satisfies(e -> assertThat(e.get("status").asInt()).isEqualTo(401));
    assertThat(events("?action=volume.delete"))
        .singleElement()
        .satisfies(e -> assertThat(e.get("result").asText()).isEqualTo("success"));
    assertThat(events("?limit=2")).hasSize(2);
    assertThat(events("?since=1h")).hasSize(3);
    assertThat(events("?since=2099-01-01T00:00:00Z")).isEmpty();
  }

  @Test
  void badQueryParametersAreValidationProblemsNamingTheParameter() {
    Reply zero = api.get("/api/v1/audit?limit=0");
    Reply tooMany = api.get("/api/v1/audit?limit=1001");
    Reply since = api.get("/api/v1/audit?since=yesterday");

    assertThat(zero.status()).isEqualTo(400);
    assertThat(tooMany.json().get("field").asText()).isEqualTo("limit");
    assertThat(tooMany.json().get("detail").asText()).contains("1..1000");
    assertThat(since.status()).isEqualTo(400);
    assertThat(since.json().get("detail").asText())
        .contains("30m")
        .contains("2026-11-25T08:00:00Z");
  }

  @Test
  void eventsSurviveAServerRestart() throws Exception {
    api.post("/api/v1/volumes", VolumeApiContract.R3);
    stop();

    startServer();

    assertThat(events(""))
        .singleElement()
        .satisfies(e -> assertThat(e.get("target").asText()).isEqualTo("volume/postgres-r3"));
  }

  @Test
  void theAuditLogNeedsAToken() {
    Reply r = api.send("GET", "/api/v1/audit", null, null);

    assertThat(r.status()).isEqualTo(401);
  }
}
