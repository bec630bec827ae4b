package io.hyperblock.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperblock.server.rest.RestHarness.Reply;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Happy paths of the volume routes, written against the service interfaces: bind it to an
 * implementation by returning its services from {@link #startServices(Path)}.
 */
abstract class VolumeApiContract {

  static final String EC =
      "{\"name\":\"analytics-ec\",\"size\":\"100GiB\",\"dataChunks\":4,\"parityChunks\":2}";
  static final String R3 = "{\"name\":\"postgres-r3\",\"size\":\"50GiB\",\"replicas\":3}";

  RestHarness api;

  /** Services over a cluster as {@link ApiServices} describes, with its state under dir. */
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
  void createsErasureCodedVolumeFromTheSeedExample() {
    Reply r = api.post("/api/v1/volumes", EC);

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header("Location")).isEqualTo("/api/v1/volumes/analytics-ec");
    assertThat(r.json().get("name").asText()).isEqualTo("analytics-ec");
    assertThat(r.json().get("sizeBytes").asLong()).isEqualTo(107_374_182_400L);
    assertThat(r.json().get("size").asText()).isEqualTo("100GiB");
    JsonNode policy = r.json().get("policy");
    assertThat(policy.get("type").asText()).isEqualTo("erasure");
    assertThat(policy.get("dataChunks").asInt()).isEqualTo(4);
    assertThat(policy.get("parityChunks").asInt()).isEqualTo(2);
    assertThat(policy.get("profile").asText()).isEqualTo("EC_4_2");
  }

  @Test
  void replicatedVolumeDefaultsToMajorityWriteQuorumAndReadQuorumOne() {
    JsonNode policy = api.post("/api/v1/volumes", R3).json().get("policy");

    assertThat(policy.get("type").asText()).isEqualTo("replicated");
    assertThat(policy.get("replicas").asInt()).isEqualTo(3);
    assertThat(policy.get("writeQuorum").asInt()).isEqualTo(2);
    assertThat(policy.get("readQuorum").asInt()).isEqualTo(1);
  }

  @Test
  void acceptsSizeInBytesProfileNamesAndExplicitQuorums() {
    Reply ec =
        api.post("/api/v1/volumes", "{\"name\":\"p\",\"size\":1073741824,\"profile\":\"EC_4_2\"}");
    Reply r =
        api.post(
            "/api/v1/volumes",
            "{\"name\":\"q\",\"size\":\"1GiB\",\"replicas\":3,\"writeQuorum\":3,\"readQuorum\":2}");

    assertThat(ec.status()).isEqualTo(201);
    assertThat(ec.json().get("size").asText()).isEqualTo("1GiB");
    assertThat(ec.json().get("policy").get("profile").asText()).isEqualTo("EC_4_2");
    assertThat(r.json().get("policy").get("writeQuorum").asInt()).isEqualTo(3);
    assertThat(r.json().get("policy").get("readQuorum").asInt()).isEqualTo(2);
  }

  @Test
  void listsVolumesByNameAndShowsOne() {
    api.post("/api/v1/volumes", R3);
    api.post("/api/v1/volumes", EC);

    Reply list = api.get("/api/v1/volumes");
    Reply one = api.get("/api/v1/volumes/postgres-r3");

    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().get("volumes").findValuesAsText("name"))
        .containsExactly("analytics-ec", "postgres-r3");
    assertThat(one.json().get("sizeBytes").asLong()).isEqualTo(50L << 30);
    assertThat(one.json().get("state").asText()).isEqualTo("HEALTHY");
  }

  @Test
  void deleteRemovesTheVolume() {
    api.post("/api/v1/volumes", R3);

    assertThat(api.delete("/api/v1/volumes/postgres-r3").status()).isEqualTo(204);
    assertThat(api.get("/api/v1/volumes/postgres-r3").status()).isEqualTo(404);
  }

  @Test
  void resizeGrowsTheVolumeByPostOrPatch() {
    api.post("/api/v1/volumes", R3);

    Reply post = api.post("/api/v1/volumes/postgres-r3/resize", "{\"size\":\"60GiB\"}");
    Reply patch = api.patch("/api/v1/volumes/postgres-r3", "{\"size\":\"70GiB\"}");

    assertThat(post.status()).isEqualTo(200);
    assertThat(post.json().get("size").asText()).isEqualTo("60GiB");
    assertThat(patch.json().get("sizeBytes").asLong()).isEqualTo(70L << 30);
  }

  @Test
  void placementResolvesEveryShardToADistinctBrickWithItsRack() {
    api.post("/api/v1/volumes", EC);

    Reply r = api.get("/api/v1/volumes/analytics-ec/placement");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("volume").asText()).isEqualTo("analytics-ec");
    JsonNode stripes = r.json().get("stripes");
    assertThat(stripes.size()).isEqualTo(800); // 100GiB in 128MiB chunks
    for (JsonNode stripe : stripes) {
      assertThat(stripe.get("locations").size()).isEqualTo(6);
      Set<String> bricks = new HashSet<>();
      for (JsonNode loc : stripe.get("locations")) {
        JsonNode brick = loc.get("bricks").get(0);
        assertThat(brick.get("rack").isTextual()).isTrue();
        bricks.add(brick.get("id").asText());
      }
      assertThat(bricks).hasSize(6);
    }
  }

  @Test
  void placementPagesWithOffsetAndLimit() {
    api.post("/api/v1/volumes", EC);

    Reply r = api.get("/api/v1/volumes/analytics-ec/placement?offset=10&limit=5");
    Reply tail = api.get("/api/v1/volumes/analytics-ec/placement?offset=798&limit=5");
    Reply tooMany = api.get("/api/v1/volumes/analytics-ec/placement?limit=10001");

    assertThat(r.json().get("stripeCount").asInt()).isEqualTo(800);
    assertThat(r.json().get("offset").asInt()).isEqualTo(10);
    assertThat(r.json().get("stripes").findValuesAsText("stripe"))
        .containsExactly("10", "11", "12", "13", "14");
    assertThat(tail.json().get("stripes").findValuesAsText("stripe")).containsExactly("798", "799");
    BadInputApiContract.assertProblem(tooMany, ProblemType.VALIDATION, "limit");
  }
}
