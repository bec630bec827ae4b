package io.hyperblock.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperblock.server.rest.RestHarness.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bricks, topology, cluster status, health and the OpenAPI document. */
abstract class ClusterApiContract {

  RestHarness api;

  protected abstract ApiServices startServices(Path dir) throws Exception;

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    api = new RestHarness(startServices(dir.resolve("services")), dir.resolve("data"));
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
  }

  @Test
  void listsBricksWithTheirFailureDomains() {
    Reply r = api.get("/api/v1/bricks");

    assertThat(r.status()).isEqualTo(200);
    JsonNode bricks = r.json().get("bricks");
    assertThat(bricks.size()).isGreaterThanOrEqualTo(6);
    for (JsonNode b : bricks) {
      assertThat(b.get("rack").asText()).isNotBlank();
      assertThat(b.get("state").asText()).isIn("UP", "DOWN", "DRAINING", "DRAINED", "REMOVED");
      assertThat(b.get("capacityBytes").isIntegralNumber()).isTrue();
    }
  }

  @Test
  void showsABrickByIdOrUnambiguousPrefix() {
    String id = api.get("/api/v1/bricks").json().get("bricks").get(0).get("id").asText();

    Reply full = api.get("/api/v1/bricks/" + id);
    Reply unknown = api.get("/api/v1/bricks/ffffffff-ffff-ffff-ffff-ffffffffffff");

    assertThat(full.json().get("id").asText()).isEqualTo(id);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("type").asText()).isEqualTo(ProblemType.NOT_FOUND.uri());
  }

  @Test
  void topologyNestsBricksUnderDatacenterRackAndHost() {
    Reply r = api.get("/api/v1/topology");

    assertThat(r.status()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    for (JsonNode dc : r.json().get("datacenters")) {
      for (JsonNode rack : dc.get("racks")) {
        for (JsonNode host : rack.get("hosts")) {
          host.get("bricks").forEach(b -> ids.add(b.get("id").asText()));
        }
      }
    }
    assertThat(ids).hasSize(r.json().get("bricks").asInt()).hasSizeGreaterThanOrEqualTo(6);
  }

  @Test
  void clusterStatusCountsBricksAndVolumes() {
    api.post("/api/v1/volumes", VolumeApiContract.R3);

    JsonNode s = api.get("/api/v1/cluster/status").json();

    assertThat(s.get("bricksUp").asInt()).isGreaterThanOrEqualTo(6);
    assertThat(s.get("bricksTotal").asInt()).isGreaterThanOrEqualTo(s.get("bricksUp").asInt());
    assertThat(s.get("volumes").asInt()).isEqualTo(1);
    assertThat(s.get("members").isArray()).isTrue();
  }

  @Test
  void healthAndOpenApiNeedNoToken() {
    Reply health = api.send("GET", "/api/v1/health", null, null);
    Reply openapi = api.send("GET", "/api/v1/openapi.json", null, null);

    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asText()).isEqualTo("ok");
    assertThat(openapi.status()).isEqualTo(200);
    assertThat(openapi.json().get("openapi").asText()).startsWith("3.1");
  }

  @Test
  void openApiDocumentDescribesEveryRoute() {
    JsonNode paths = api.get("/api/v1/openapi.json").json().get("paths");

    assertThat(paths.get("/volumes").has("get")).isTrue();
    assertThat(paths.get("/volumes").has("post")).isTrue();
    assertThat(paths.get("/volumes/{name}").has("get")).isTrue();
    assertThat(paths.get("/volumes/{name}").has("delete")).isTrue();
    assertThat(paths.get("/volumes/{name}").has("patch")).isTrue();
    assertThat(paths.get("/volumes/{name}/resize").has("post")).isTrue();
    assertThat(paths.get("/volumes/{name}/placement").has("get")).isTrue();
    assertThat(paths.get("/bricks").has("get")).isTrue();
    assertThat(paths.get("/bricks/{id}").has("get")).isTrue();
    assertThat(paths.get("/topology").has("get")).isTrue();
    assertThat(paths.get("/cluster/status").has("get")).isTrue();
    assertThat(paths.get("/health").has("get")).isTrue();
    assertThat(paths.get("/openapi.json").has("get")).isTrue();
    assertThat(paths.get("/audit").has("get")).isTrue();
    assertThat(paths.get("/alerts").has("get")).isTrue();
    assertThat(paths.get("/impact").has("get")).isTrue();
    assertThat(paths.get("/dependencies").has("get")).isTrue();
    assertThat(paths.get("/bricks/{id}").has("delete")).isTrue();
    assertThat(paths.get("/bricks/{id}/drain").has("post")).isTrue();
    assertThat(paths.get("/migrations").has("get")).isTrue();
    assertThat(paths.get("/migrations/{id}").has("get")).isTrue();
    assertThat(paths.get("/migrations/{id}/cancel").has("post")).isTrue();
    assertThat(paths.get("/rebalance/plan").has("get")).isTrue();
    assertThat(paths.get("/rebalance/apply").has("post")).isTrue();
    assertThat(paths.get("/rebuilds").has("get")).isTrue();
    assertThat(paths.size()).isEqualTo(21);
  }
}
