package io.hyperblock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.cli.CliHarness.Run;
import io.hyperblock.server.rest.fake.InMemoryCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** brick, cluster, topology and placement commands against a real REST server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterCliIT {

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
  void brickListShowsEveryBrickWithItsRack() {
    List<String> lines = h.cli("brick", "list").out().lines().toList();

    assertThat(lines.get(0)).startsWith("ID").contains("RACK").contains("STATE");
    assertThat(lines).hasSize(7);
    assertThat(lines.get(1)).contains("rack-a").contains("UP").contains("1TiB");
  }

  @Test
  void brickShowAcceptsAnIdPrefix() {
    String id = InMemoryCluster.brickId(3).toString();

    Run r = h.cli("brick", "show", id.substring(0, 8));

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains(id).contains("host-3");
  }

  @Test
  void clusterStatusSummarisesBricksAndVolumes() {
    h.cli(VolumeCliIT.SEED_R3);

    Run r = h.cli("cluster", "status");

    assertThat(r.out()).contains("6 up of 6").contains("mgmt-1").containsPattern("volumes +1");
  }

  @Test
  void topologyShowPrintsTheTree() {
    Run r = h.cli("topology", "show");

    assertThat(r.out()).startsWith("topology version 1, 6 bricks");
    assertThat(r.out()).contains("dc1\n  rack-a\n    host-1\n      " + InMemoryCluster.brickId(1));
  }

  @Test
  void placementShowListsBricksWithRacksPerStripeAndSummarisesSpread() {
    h.cli(VolumeCliIT.SEED_EC);

    Run r = h.cli("placement", "show", "analytics-ec", "--limit", "2");

    List<String> lines = r.out().lines().toList();
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(lines.get(0)).startsWith("volume analytics-ec (");
    assertThat(lines.get(1))
        .startsWith("stripe 0: ")
        .matches("stripe 0:( [0-9a-f]{8}\\(rack-[abc]\\)){6}");
    assertThat(lines.get(2)).startsWith("stripe 1: ");
    assertThat(lines).hasSize(4);
    assertThat(lines.get(3))
        .isEqualTo("800 stripes on 6 bricks; distinct racks per stripe: min 3, max 3");
  }

  @Test
  void placementShowPagesThroughLargeMapsForTheSummary() {
    h.cli(
        "volume",
        "create",
        "--name",
        "wide",
        "--size",
        "12GiB",
        "--chunk-size",
        "1MiB",
        "--replicas",
        "2");

    Run r = h.cli("placement", "show", "wide", "--limit", "1");

    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(2)).startsWith("12288 stripes on 6 bricks");
  }
}
