package io.hyperblock.systest;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed's two example volumes, created with {@code hyperblock-cli} against 1 server and 6 bricks
 * over 3 racks x 2 hosts (issue 3), are placed as the placement rule says: an EC 4+2 stripe first
 * takes one brick in each of the 3 racks, then 3 more unique bricks from the fallback, so every
 * rack holds exactly 2 of its 6 units and losing a rack loses only m = 2 units; a 3-replica chunk
 * sits in 3 different racks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@ExtendWith({SeedCluster.class, PrintLogsOnFailure.class})
class SeedVolumesIT {

  ProcessCluster cluster;
  Cli cli;
  List<Cli.Result> creates;

  @BeforeAll
  void useTheSeedCluster(SeedCluster.Fixture seed) {
    cluster = seed.cluster();
    cli = seed.cli();
    creates = seed.seedCreates();
  }

  @Test
  void cliCreatesBothSeedVolumesWithTheirPolicies() {
    for (Cli.Result r : creates) {
      assertThat(r.exitCode()).as("%s", r).isZero();
    }
    JsonNode ec = cluster.rest().get("volumes/analytics-ec");
    assertThat(ec.path("sizeBytes").asLong()).isEqualTo(100L << 30);
    assertThat(ec.path("policy").path("type").asText()).isEqualTo("erasure");
    assertThat(ec.path("policy").path("dataChunks").asInt()).isEqualTo(4);
    assertThat(ec.path("policy").path("parityChunks").asInt()).isEqualTo(2);
    JsonNode r3 = cluster.rest().get("volumes/postgres-r3");
    assertThat(r3.path("sizeBytes").asLong()).isEqualTo(50L << 30);
    assertThat(r3.path("policy").path("type").asText()).isEqualTo("replicated");
    assertThat(r3.path("policy").path("replicas").asInt()).isEqualTo(3);
  }

  @Test
  void everyEcStripeUsesSixDistinctBricksTwoInEachRack() {
    JsonNode placement = placement("analytics-ec");
    for (JsonNode stripe : placement.path("stripes")) {
      List<JsonNode> units = new ArrayList<>();
      stripe.path("locations").forEach(loc -> units.addAll(bricksOf(loc, 1)));
      assertThat(units).as("stripe %s", stripe.path("stripe")).hasSize(6);
      assertThat(new HashSet<>(ids(units)))
          .as("stripe %s bricks", stripe.path("stripe"))
          .hasSize(6);
      assertThat(units.subList(0, 3).stream().map(b -> b.path("rack").asText()).distinct())
          .as("units 0-2 of stripe %s: the rule's rack-distinct step", stripe.path("stripe"))
          .hasSize(3);
      Map<String, Long> perRack =
          units.stream().collect(groupingBy(b -> b.path("rack").asText(), counting()));
      assertThat(perRack)
          .as("units per rack in stripe %s", stripe.path("stripe"))
          .isEqualTo(Map.of("rack1", 2L, "rack2", 2L, "rack3", 2L));
    }
  }

  @Test
  void everyReplicatedChunkSitsInThreeRacks() {
    JsonNode placement = placement("postgres-r3");
    for (JsonNode stripe : placement.path("stripes")) {
      assertThat(stripe.path("locations")).as("stripe %s", stripe.path("stripe")).hasSize(1);
      List<JsonNode> replicas = bricksOf(stripe.path("locations").get(0), 3);
      assertThat(new HashSet<>(ids(replicas))).hasSize(3);
      assertThat(replicas.stream().map(b -> b.path("rack").asText()).distinct())
          .as("racks of stripe %s", stripe.path("stripe"))
          .containsExactlyInAnyOrder("rack1", "rack2", "rack3");
    }
  }

  @Test
  void cliPlacementShowListsTheBricksOfTheFirstStripe() {
    Cli.Result shown = cli.run("--output", "json", "placement", "show", "analytics-ec");
    assertThat(shown.exitCode()).as("%s", shown).isZero();
    JsonNode first = placement("analytics-ec").path("stripes").get(0);
    for (JsonNode loc : first.path("locations")) {
      assertThat(shown.stdout()).contains(loc.path("bricks").get(0).path("id").asText());
    }
  }

  /** The whole placement map from the REST API, checked to cover every stripe of the volume. */
  private JsonNode placement(String volume) {
    JsonNode placement = cluster.rest().get("volumes/" + volume + "/placement");
    long stripes = cluster.rest().get("volumes/" + volume).path("stripes").asLong();
    assertThat(stripes).as("stripes of %s", volume).isPositive();
    assertThat(placement.path("stripes")).as("placement of %s", volume).hasSize((int) stripes);
    return placement;
  }

  private static List<JsonNode> bricksOf(JsonNode location, int expected) {
    List<JsonNode> bricks = new ArrayList<>();
    location.path("bricks").forEach(bricks::add);
    assertThat(bricks).as("bricks of location %s", location.path("chunkId")).hasSize(expected);
    return bricks;
  }

  private static List<String> ids(List<JsonNode> bricks) {
    return bricks.stream().map(b -> b.path("id").asText()).toList();
  }
}
