package io.hyperblock.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.server.rest.RestHarness.Reply;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every bad input of issue 3 that reaches the REST boundary answers an RFC 9457 problem with the
 * right status, stable type and the field at fault (messages are listed in docs/api.md).
 */
abstract class BadInputApiContract {

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

  static void assertProblem(Reply r, ProblemType type, String... fields) {
    assertThat(r.status()).as(r.raw().body()).isEqualTo(type.status());
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("type").asText()).isEqualTo(type.uri());
    assertThat(r.json().get("title").asText()).isEqualTo(type.title());
    assertThat(r.json().get("status").asInt()).isEqualTo(type.status());
    assertThat(r.json().get("detail").asText()).isNotBlank();
    if (fields.length > 0) {
      assertThat(r.json().get("field").asText()).isIn((Object[]) fields);
    }
  }

  Reply create(String name, String size, String policy) {
    return api.post(
        "/api/v1/volumes", "{\"name\":\"" + name + "\",\"size\":" + size + "," + policy + "}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "\"0\"", "\"0GiB\""})
  void rejectsSizeZero(String size) {
    assertProblem(create("v", size, "\"replicas\":3"), ProblemType.VALIDATION, "size");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "\"-5GiB\""})
  void rejectsNegativeSize(String size) {
    Reply r = create("v", size, "\"replicas\":3");
    assertProblem(r, ProblemType.VALIDATION, "size");
    assertThat(r.json().get("detail").asText()).contains("negative");
  }

  @Test
  void rejectsUnparseableSizeNamingTheAcceptedUnits() {
    Reply r = create("v", "\"lots\"", "\"replicas\":3");
    assertProblem(r, ProblemType.VALIDATION, "size");
    assertThat(r.json().get("detail").asText()).contains("'lots'").contains("GiB");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"7000PiB\"", "\"9000PiB\""})
  void rejectsSizeAboveTheMaximum(String size) {
    assertProblem(create("v", size, "\"replicas\":3"), ProblemType.VALIDATION, "size");
  }

  @Test
  void rejectsMoreThan32ErasureUnits() {
    Reply r = create("v", "\"1GiB\"", "\"dataChunks\":30,\"parityChunks\":3");
    assertProblem(r, ProblemType.VALIDATION, "policy");
    assertThat(r.json().get("detail").asText()).contains("32");
  }

  @Test
  void rejectsMoreErasureUnitsThanUpBricks() {
    Reply r = create("v", "\"1GiB\"", "\"dataChunks\":8,\"parityChunks\":3");
    assertProblem(r, ProblemType.VALIDATION, "policy", "dataChunks", "parityChunks");
  }

  @Test
  void rejectsMoreReplicasThanBricks() {
    Reply r = create("v", "\"1GiB\"", "\"replicas\":8");
    assertProblem(r, ProblemType.VALIDATION, "policy", "replicas");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Upper",
        "under_score",
        "-leading",
        "trailing-",
        "a234567890123456789012345678901234567890123456789012345678901234"
      })
  void rejectsNamesThatAreNotDns1123Labels(String name) {
    assertProblem(create(name, "\"1GiB\"", "\"replicas\":3"), ProblemType.VALIDATION, "name");
  }

  @Test
  void acceptsA63CharacterName() {
    String name = "a".repeat(63);
    assertThat(create(name, "\"1GiB\"", "\"replicas\":3").status()).isEqualTo(201);
  }

  @Test
  void rejectsADuplicateNameWithConflict() {
    create("v", "\"1GiB\"", "\"replicas\":3");
    Reply r = create("v", "\"2GiB\"", "\"replicas\":3");
    assertProblem(r, ProblemType.CONFLICT);
    assertThat(r.json().get("detail").asText()).contains("'v'");
  }

  @Test
  void unknownVolumeIsNotFoundOnEveryRoute() {
    assertProblem(api.get("/api/v1/volumes/nope"), ProblemType.NOT_FOUND);
    assertProblem(api.delete("/api/v1/volumes/nope"), ProblemType.NOT_FOUND);
    assertProblem(api.get("/api/v1/volumes/nope/placement"), ProblemType.NOT_FOUND);
    assertProblem(
        api.post("/api/v1/volumes/nope/resize", "{\"size\":\"2GiB\"}"), ProblemType.NOT_FOUND);
    assertThat(api.get("/api/v1/volumes/nope").json().get("detail").asText()).contains("'nope'");
  }

  @Test
  void resizeToASmallerSizeIsRejected() {
    create("v", "\"2GiB\"", "\"replicas\":3");
    Reply r = api.post("/api/v1/volumes/v/resize", "{\"size\":\"1GiB\"}");
    assertProblem(r, ProblemType.VALIDATION, "size");
  }
}
