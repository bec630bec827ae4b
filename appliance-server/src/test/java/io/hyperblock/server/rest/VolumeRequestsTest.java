package io.hyperblock.server.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.InvalidPolicyException;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.server.api.CreateVolumeRequest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class VolumeRequestsTest {

  static ObjectNode body(String json) throws Exception {
    return (ObjectNode) Json.MAPPER.readTree(json);
  }

  @Test
  void parsesTheSeedErasureExample() throws Exception {
    CreateVolumeRequest r =
        VolumeRequests.create(
            body(
                "{\"name\":\"analytics-ec\",\"size\":\"100GiB\",\"dataChunks\":4,\"parityChunks\":2}"));

    assertThat(r.name()).isEqualTo("analytics-ec");
    assertThat(r.sizeBytes()).isEqualTo(100L << 30);
    assertThat(r.policy()).isEqualTo(ErasureCoded.EC_4_2);
    assertThat(r.chunkSizeBytes()).isZero(); // the server's default
  }

  @Test
  void replicasDefaultToMajorityWriteAndReadOne() throws Exception {
    CreateVolumeRequest r =
        VolumeRequests.create(body("{\"name\":\"p\",\"size\":\"50GiB\",\"replicas\":5}"));
    assertThat(r.policy()).isEqualTo(new Replicated(5, 3, 1));
  }

  @Test
  void profileAcceptsErasureAndReplicaNames() {
    assertThat(VolumeRequests.profile("ec_8_3")).isEqualTo(ErasureCoded.EC_8_3);
    assertThat(VolumeRequests.profile("R3")).isEqualTo(Replicated.of(3));
    assertThatThrownBy(() -> VolumeRequests.profile("RAID5"))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining("EC_<k>_<m>");
  }

  @Test
  void chunkSizeIsReadLikeSize() throws Exception {
    CreateVolumeRequest r =
        VolumeRequests.create(
            body("{\"name\":\"p\",\"size\":\"1GiB\",\"chunkSize\":\"64MiB\",\"replicas\":3}"));
    assertThat(r.chunkSizeBytes()).isEqualTo(64L << 20);
  }

  @Test
  void quorumWithoutReplicasNamesTheQuorumField() {
    assertThatThrownBy(
            () ->
                VolumeRequests.create(
                    body(
                        "{\"name\":\"p\",\"size\":\"1GiB\",\"profile\":\"EC_4_2\",\"writeQuorum\":2}")))
        .isInstanceOfSatisfying(
            ApiProblemException.class, e -> assertThat(e.field()).isEqualTo("writeQuorum"));
  }

  @Test
  void parityWithoutDataChunksNamesTheMissingField() {
    assertThatThrownBy(
            () ->
                VolumeRequests.create(
                    body("{\"name\":\"p\",\"size\":\"1GiB\",\"parityChunks\":2}")))
        .isInstanceOfSatisfying(
            ApiProblemException.class, e -> assertThat(e.field()).isEqualTo("dataChunks"));
  }

  @Test
  void fractionalByteCountIsMalformed() {
    assertThatThrownBy(
            () -> VolumeRequests.create(body("{\"name\":\"p\",\"size\":1.5,\"replicas\":3}")))
        .isInstanceOfSatisfying(
            ApiProblemException.class,
            e -> {
              assertThat(e.type()).isEqualTo(ProblemType.MALFORMED_JSON);
              assertThat(e.field()).isEqualTo("size");
            });
  }

  @Test
  void missingNameIsAValidationErrorOnName() {
    assertThatThrownBy(() -> VolumeRequests.create(body("{\"size\":\"1GiB\",\"replicas\":3}")))
        .isInstanceOfSatisfying(
            ApiProblemException.class,
            e -> {
              assertThat(e.type()).isEqualTo(ProblemType.VALIDATION);
              assertThat(e.field()).isEqualTo("name");
            });
  }
}
