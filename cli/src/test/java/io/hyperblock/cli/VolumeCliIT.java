package io.hyperblock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperblock.cli.CliHarness.Run;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The seed's commands and the volume lifecycle, against a real REST server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VolumeCliIT {

  static final String[] SEED_EC = {
    "volume",
    "create",
    "--name",
    "analytics-ec",
    "--size",
    "100GiB",
    "--data-chunks",
    "4",
    "--parity-chunks",
    "2"
  };
  static final String[] SEED_R3 = {
    "volume", "create", "--name", "postgres-r3", "--size", "50GiB", "--replicas", "3"
  };

  CliHarness h;

  @BeforeEach
  void start(@TempDir Path dir) {
    h = new CliHarness(dir);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void seedErasureCodedCreateWorksAsWritten() {
    Run r = h.cli(SEED_EC);

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("volume analytics-ec created").contains("EC_4_2 (4+2)");
    assertThat(r.out()).contains("100GiB (107374182400 bytes)").contains("2 brick(s)");
  }

  @Test
  void seedReplicatedCreateWorksAsWritten() {
    Run r = h.cli(SEED_R3);

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("volume postgres-r3 created").contains("R3 (write 2, read 1)");
  }

  @Test
  void listPrintsAlignedColumns() {
    h.cli(SEED_EC);
    h.cli(SEED_R3);

    List<String> lines = h.cli("volume", "list").out().lines().toList();

    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("NAME          SIZE    POLICY");
    int sizeColumn = lines.get(0).indexOf("SIZE");
    assertThat(lines.get(1)).startsWith("analytics-ec").contains("100GiB");
    assertThat(lines.get(1).indexOf("100GiB")).isEqualTo(sizeColumn);
    assertThat(lines.get(2).indexOf("50GiB")).isEqualTo(sizeColumn);
  }

  @Test
  void jsonOutputIsTheServersJsonWhereverTheFlagIsPlaced() throws Exception {
    h.cli(SEED_R3);

    Run after = h.cli("volume", "list", "--output", "json");
    Run before = h.cli("-o", "json", "volume", "show", "postgres-r3");

    JsonNode list = ApiClient.MAPPER.readTree(after.out());
    assertThat(list.get("volumes").get(0).get("sizeBytes").asLong()).isEqualTo(50L << 30);
    assertThat(ApiClient.MAPPER.readTree(before.out()).get("policy").get("replicas").asInt())
        .isEqualTo(3);
  }

  @Test
  void resizeGrowsAndDeleteRemoves() {
    h.cli(SEED_R3);

    Run resize = h.cli("volume", "resize", "postgres-r3", "--size", "80GiB");
    Run delete = h.cli("volume", "delete", "postgres-r3");
    Run show = h.cli("volume", "show", "postgres-r3");

    assertThat(resize.exitCode()).isZero();
    assertThat(resize.out()).contains("80GiB");
    assertThat(delete.out()).contains("volume postgres-r3 deleted");
    assertThat(show.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void deleteOfAnAttachedVolumeNeedsForce() {
    h.cli(SEED_R3);
    h.cluster.volumes().attach("postgres-r3", "nbd-host-1");

    Run refused = h.cli("volume", "delete", "postgres-r3");
    Run forced = h.cli("volume", "delete", "postgres-r3", "--force");

    assertThat(refused.exitCode()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(refused.err()).contains("attached").contains("force");
    assertThat(forced.exitCode()).isZero();
  }
}
