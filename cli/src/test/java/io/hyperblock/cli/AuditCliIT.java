package io.hyperblock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperblock.cli.CliHarness.Run;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.server.rest.fake.InMemoryCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * CLI actions land in the server's H2 audit log with user and result, and {@code audit list} reads
 * them back, as does GET /api/v1/audit (issue 6, "done when" 6); {@code alert list}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuditCliIT {

  CliHarness h;

  @BeforeEach
  void start(@TempDir Path dir) {
    h = CliHarness.withAuditLog(dir);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  /** Create, duplicate create, invalid create, delete, delete of nothing, and no token. */
  void performActions() {
    assertThat(h.cli(VolumeCliIT.SEED_R3).exitCode()).isZero();
    assertThat(h.cli(VolumeCliIT.SEED_R3).exitCode()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(
            h.cli("volume", "create", "--name", "tiny", "--size", "0B", "--replicas", "3")
                .exitCode())
        .isEqualTo(ExitCodes.VALIDATION);
    assertThat(h.cli("volume", "delete", "postgres-r3").exitCode()).isZero();
    assertThat(h.cli("volume", "delete", "missing").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(h.bare("--server", h.url(), "volume", "delete", "missing").exitCode())
        .isEqualTo(ExitCodes.UNAUTHORIZED);
  }

  static final List<String> EXPECTED =
      List.of(
          "anonymous volume.delete volume/missing unauthorized 401",
          "admin volume.delete volume/missing not-found 404",
          "admin volume.delete volume/postgres-r3 success 204",
          "admin volume.create volume/tiny validation 400",
          "admin volume.create volume/postgres-r3 conflict 409",
          "admin volume.create volume/postgres-r3 success 201");

  static List<String> summarise(JsonNode events) {
    return java.util.stream.StreamSupport.stream(events.spliterator(), false)
        .map(
            e ->
                String.join(
                    " ",
                    e.get("actor").asText(),
                    e.get("action").asText(),
                    e.get("target").asText(),
                    e.get("result").asText(),
                    e.get("status").asText()))
        .toList();
  }

  @Test
  void cliActionsAreAuditedAndReadBackThroughTheCliAndRest() throws Exception {
    performActions();

    Run json = h.cli("audit", "list", "-o", "json");
    Run table = h.cli("audit", "list");
    HttpResponse<String> rest;
    try (HttpClient http = HttpClient.newHttpClient()) {
      rest =
          http.send(
              HttpRequest.newBuilder(URI.create(h.url() + "/api/v1/audit"))
                  .header("Authorization", "Bearer " + h.token.reveal())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    }

    assertThat(json.exitCode()).as(json.err()).isZero();
    assertThat(summarise(ApiClient.MAPPER.readTree(json.out()).get("events"))).isEqualTo(EXPECTED);
    assertThat(summarise(ApiClient.MAPPER.readTree(rest.body()).get("events"))).isEqualTo(EXPECTED);
    List<String> lines = table.out().lines().toList();
    assertThat(lines.getFirst()).startsWith("TIME").contains("ACTOR").contains("RESULT");
    assertThat(lines).hasSize(7);
    assertThat(lines.get(1)).contains("anonymous").contains("volume.delete").contains("401");
    assertThat(lines.get(6))
        .contains("admin")
        .contains("volume.create")
        .contains("volume/postgres-r3")
        .contains("success");
  }

  @Test
  void auditListFiltersByActorActionSinceAndLimit() throws Exception {
    performActions();

    assertThat(events("--actor", "anonymous")).containsExactly(EXPECTED.getFirst());
    assertThat(events("--action", "volume.create"))
        .containsExactlyElementsOf(EXPECTED.subList(3, 6));
    assertThat(events("--limit", "2")).containsExactlyElementsOf(EXPECTED.subList(0, 2));
    assertThat(events("--since", "1h")).hasSize(6);
    assertThat(events("--since", "2099-01-01T00:00:00Z")).isEmpty();
  }

  List<String> events(String... filter) throws Exception {
    String[] args = new String[filter.length + 4];
    args[0] = "audit";
    args[1] = "list";
    args[2] = "-o";
    args[3] = "json";
    System.arraycopy(filter, 0, args, 4, filter.length);
    Run r = h.cli(args);
    assertThat(r.exitCode()).as(r.err()).isZero();
    return summarise(ApiClient.MAPPER.readTree(r.out()).get("events"));
  }

  @Test
  void aBadSinceIsAnInvalidRequestWithTheAcceptedForms() {
    Run r = h.cli("audit", "list", "--since", "yesterday");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.VALIDATION);
    assertThat(r.err()).contains("30m").contains("[field: since]");
  }

  @Test
  void alertListSaysSoWhenAllIsWell() {
    Run r = h.cli("alert", "list");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("no active alerts");
  }

  @Test
  void alertListShowsADownBrickFirstAsCritical() throws Exception {
    String down = InMemoryCluster.brickId(4).toString();
    h.cluster.setBrickState(InMemoryCluster.brickId(4), BrickState.DOWN);

    Run table = h.cli("alert", "list");
    Run json = h.cli("alert", "list", "-o", "json");

    List<String> lines = table.out().lines().toList();
    assertThat(lines.getFirst()).startsWith("SEVERITY").contains("KIND").contains("MESSAGE");
    assertThat(lines.get(1)).contains("CRITICAL").contains("BRICK_DOWN").contains("brick/" + down);
    JsonNode alert = ApiClient.MAPPER.readTree(json.out()).get("alerts").get(0);
    assertThat(alert.get("id").asText()).isEqualTo("brick-down:brick/" + down);
  }
}
