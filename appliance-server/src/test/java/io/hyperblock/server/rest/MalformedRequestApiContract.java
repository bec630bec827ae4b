package io.hyperblock.server.rest;

import static io.hyperblock.server.rest.BadInputApiContract.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.server.rest.RestHarness.Reply;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed JSON, wrong shapes, bad tokens (RFC 6750) and unknown routes. */
abstract class MalformedRequestApiContract {

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
  void syntaxErrorNamesLineAndColumn() {
    Reply r = api.post("/api/v1/volumes", "{\"name\": \"v\", \"size\": }");
    assertProblem(r, ProblemType.MALFORMED_JSON);
    assertThat(r.json().get("detail").asText()).contains("line 1 column");
  }

  @Test
  void wrongFieldTypeNamesTheField() {
    Reply r = api.post("/api/v1/volumes", "{\"name\":\"v\",\"size\":true,\"replicas\":3}");
    assertProblem(r, ProblemType.MALFORMED_JSON, "size");
    assertThat(r.json().get("detail").asText())
        .isEqualTo("field 'size': expected a size like 100GiB or a number of bytes");
  }

  @Test
  void nonIntegerChunkCountNamesTheField() {
    Reply r =
        api.post(
            "/api/v1/volumes",
            "{\"name\":\"v\",\"size\":\"1GiB\",\"dataChunks\":\"four\",\"parityChunks\":2}");
    assertProblem(r, ProblemType.MALFORMED_JSON, "dataChunks");
  }

  @Test
  void unknownFieldIsNamed() {
    Reply r = api.post("/api/v1/volumes", "{\"name\":\"v\",\"sise\":\"1GiB\",\"replicas\":3}");
    assertProblem(r, ProblemType.MALFORMED_JSON, "sise");
  }

  @Test
  void emptyBodyAndNonObjectBodyAreMalformed() {
    assertProblem(api.post("/api/v1/volumes", ""), ProblemType.MALFORMED_JSON);
    assertProblem(api.post("/api/v1/volumes", "[1,2]"), ProblemType.MALFORMED_JSON);
  }

  @Test
  void policyMustBeGivenExactlyOnce() {
    Reply none = api.post("/api/v1/volumes", "{\"name\":\"v\",\"size\":\"1GiB\"}");
    Reply two =
        api.post(
            "/api/v1/volumes",
            "{\"name\":\"v\",\"size\":\"1GiB\",\"replicas\":3,\"profile\":\"EC_4_2\"}");
    assertProblem(none, ProblemType.VALIDATION, "policy");
    assertProblem(two, ProblemType.VALIDATION, "policy");
  }

  @Test
  void missingTokenIsUnauthorizedWithBearerChallenge() {
    Reply r = api.send("GET", "/api/v1/volumes", null, null);
    assertProblem(r, ProblemType.UNAUTHORIZED);
    assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
  }

  @Test
  void wrongTokenIsUnauthorizedAndNotEchoed() {
    String guess = "not-the-token-" + "x".repeat(30);
    Reply r = api.send("POST", "/api/v1/volumes", VolumeApiContract.R3, "Bearer " + guess);
    assertProblem(r, ProblemType.UNAUTHORIZED);
    assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(r.raw().body()).doesNotContain(guess).doesNotContain(api.token.reveal());
    assertThat(api.get("/api/v1/volumes").json().get("volumes").size()).isZero();
  }

  @Test
  void otherAuthSchemesAreUnauthorized() {
    Reply r = api.send("GET", "/api/v1/bricks", null, "Basic YWRtaW46YWRtaW4=");
    assertProblem(r, ProblemType.UNAUTHORIZED);
  }

  @Test
  void unknownRouteIsANotFoundProblem() {
    Reply r = api.get("/api/v1/nothing-here");
    assertProblem(r, ProblemType.NOT_FOUND);
    assertThat(r.json().get("detail").asText()).contains("openapi.json");
  }

  @Test
  void badQueryParameterIsNamed() {
    api.post("/api/v1/volumes", VolumeApiContract.R3);
    Reply r = api.delete("/api/v1/volumes/postgres-r3?force=yes");
    assertProblem(r, ProblemType.VALIDATION, "force");
  }
}
