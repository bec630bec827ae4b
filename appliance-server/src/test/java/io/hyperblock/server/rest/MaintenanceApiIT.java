package io.hyperblock.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperblock.server.brick.BrickGateway;
import io.hyperblock.server.brick.MetadataBrickService;
import io.hyperblock.server.cluster.MetadataClusterService;
import io.hyperblock.server.health.HeartbeatTracker;
import io.hyperblock.server.metadata.InMemoryMetadataStore;
import io.hyperblock.server.metadata.MetadataCommand;
import io.hyperblock.server.migration.MetadataMaintenanceService;
import io.hyperblock.server.rest.RestHarness.Reply;
import io.hyperblock.server.testing.Fixtures;
import io.hyperblock.server.volume.MetadataVolumeService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Impact, dependencies, brick removal, drain, migrations and rebalance over REST, against the real
 * services and state machine (in-memory metadata, 6 bricks in 3 racks, bricks never called: moves
 * are recorded, not executed).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MaintenanceApiIT {

  private InMemoryMetadataStore store;
  private List<UUID> bricks;
  private RestHarness api;

  @BeforeEach
  void start(@TempDir Path dir) {
    store = new InMemoryMetadataStore();
    bricks = Fixtures.cluster(store, 3, 2);
    Clock clock = Clock.fixed(Fixtures.T0, ZoneOffset.UTC);
    var brickService = new MetadataBrickService(store, new HeartbeatTracker());
    var volumes = new MetadataVolumeService(store, new NoBricks(), clock, UUID::randomUUID);
    var cluster =
        new MetadataClusterService(
            store, brickService, new MetadataMaintenanceService(store, brickService, clock));
    api = new RestHarness(new ApiServices(volumes, brickService, cluster, store), dir);
    assertThat(
            api.post("/api/v1/volumes", "{\"name\":\"pg\",\"size\":\"4GiB\",\"replicas\":3}")
                .status())
        .isEqualTo(201);
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
  }

  @Test
  void impactOfABrickShowsTheFaultToleranceEachVolumeKeeps() {
    Reply r = api.get("/api/v1/impact?domain=" + bricks.get(0));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("safe").asBoolean()).isFalse();
    JsonNode pg = r.json().path("volumes").get(0);
    assertThat(pg.path("name").asText()).isEqualTo("pg");
    assertThat(pg.path("status").asText()).isEqualTo("REDUCED");
    assertThat(pg.path("faultToleranceBefore").asInt()).isEqualTo(1);
    assertThat(pg.path("faultToleranceAfter").asInt()).isEqualTo(0);
    assertThat(pg.path("message").asText()).contains("leaves volume pg with fault tolerance 0");
  }

  @Test
  void impactOfTwoRacksMakesAReplicatedVolumeUnavailableButOneRackOnlyReducesIt() {
    JsonNode rack = api.get("/api/v1/impact?domain=dc1/rack-0").json().path("volumes").get(0);
    assertThat(rack.path("status").asText()).isEqualTo("REDUCED");
    Reply dc = api.get("/api/v1/impact?domain=dc1");
    assertThat(dc.json().path("makesDataUnavailable").asBoolean()).isTrue();
    assertThat(dc.json().path("domain").path("bricks")).hasSize(6);
  }

  @Test
  void dependenciesOfARackListTheStripesOfEveryVolumeThere() {
    Reply r = api.get("/api/v1/dependencies?domain=dc1/rack-1");

    assertThat(r.status()).isEqualTo(200);
    JsonNode pg = r.json().path("volumes").get(0);
    // R3 over three racks puts one replica of every stripe in each rack.
    assertThat(pg.path("stripes")).hasSize(32);
    assertThat(pg.path("units").asInt()).isEqualTo(32);
  }

  @Test
  void unknownOrMissingDomainsAreReportedAsSuch() {
    assertThat(api.get("/api/v1/impact?domain=dc9/rack-x").status()).isEqualTo(404);
    Reply missing = api.get("/api/v1/dependencies");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().path("field").asText()).isEqualTo("domain");
  }

  @Test
  void removingAnUndrainedBrickIsRefusedWithItsImpactUnlessForced() {
    UUID brick = bricks.get(0);

    Reply refused = api.delete("/api/v1/bricks/" + brick);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().path("detail").asText())
        .contains("still holds")
        .contains("leaves volume pg with fault tolerance 0 (was 1)")
        .contains("brick drain");
    assertThat(state(brick)).isEqualTo("UP");

    Reply forced = api.delete("/api/v1/bricks/" + brick + "?force=true");
    assertThat(forced.status()).isEqualTo(200);
    assertThat(forced.json().path("state").asText()).isEqualTo("REMOVED");
    assertThat(state(brick)).isEqualTo("REMOVED");
  }

  @Test
  void aBrickHoldingNoUnitIsRemovedWithoutForce() {
    UUID spare = register("rack-0", "host-spare");

    Reply r = api.delete("/api/v1/bricks/" + spare.toString().substring(0, 8));

    assertThat(r.status()).isEqualTo(200);
    assertThat(state(spare)).isEqualTo("REMOVED");
  }

  @Test
  void drainMarksTheBrickDrainingRecordsItsMovesAndCancelPutsItBackUp() {
    UUID brick = bricks.get(2);
    Reply started = api.post("/api/v1/bricks/" + brick + "/drain", null);

    assertThat(started.status()).isEqualTo(202);
    JsonNode m = started.json();
    assertThat(m.path("kind").asText()).isEqualTo("DRAIN");
    assertThat(m.path("state").asText()).isEqualTo("RUNNING");
    assertThat(m.path("brickId").asText()).isEqualTo(brick.toString());
    assertThat(m.path("unitsTotal").asInt()).isEqualTo(dependentUnits(brick));
    assertThat(m.path("bytesTotalBytes").asLong()).isEqualTo(m.path("unitsTotal").asLong() << 27);
    assertThat(state(brick)).isEqualTo("DRAINING");
    String id = m.path("id").asText();
    assertThat(id).startsWith("drain-");
    assertThat(api.get("/api/v1/migrations").json().path("migrations").get(0).path("id").asText())
        .isEqualTo(id);
    assertThat(api.post("/api/v1/bricks/" + brick + "/drain", null).json().path("id").asText())
        .as("draining again reports the running drain")
        .isEqualTo(id);

    Reply cancelled = api.post("/api/v1/migrations/" + id + "/cancel", null);
    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.json().path("state").asText()).isEqualTo("CANCELLED");
    assertThat(state(brick)).isEqualTo("UP");
    assertThat(api.post("/api/v1/migrations/" + id + "/cancel", null).status()).isEqualTo(409);
    assertThat(api.post("/api/v1/migrations/nope/cancel", null).status()).isEqualTo(404);
  }

  @Test
  void rebalancePlanAfterAddingBricksMovesOnlyOntoThemAndAStalePlanIsRefused() {
    assertThat(api.get("/api/v1/rebalance/plan").json().path("unitsMoved").asInt()).isZero();
    Set<String> added = new HashSet<>();
    added.add(register("rack-0", "host-new-0").toString());
    added.add(register("rack-1", "host-new-1").toString());

    Reply plan = api.get("/api/v1/rebalance/plan");
    assertThat(plan.status()).isEqualTo(200);
    int moved = plan.json().path("unitsMoved").asInt();
    assertThat(moved).isPositive();
    for (JsonNode move : plan.json().path("moves")) {
      assertThat(added).contains(move.path("to").asText());
    }
    assertThat(plan.json().path("fills")).hasSize(8);
    String planId = plan.json().path("planId").asText();

    register("rack-2", "host-new-2");
    Reply stale = api.post("/api/v1/rebalance/apply", "{\"planId\":\"" + planId + "\"}");
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.json().path("detail").asText()).contains("topology version");

    String fresh = api.get("/api/v1/rebalance/plan").json().path("planId").asText();
    Reply applied = api.post("/api/v1/rebalance/apply", "{\"planId\":\"" + fresh + "\"}");
    assertThat(applied.status()).isEqualTo(202);
    assertThat(applied.json().path("kind").asText()).isEqualTo("REBALANCE");
    assertThat(applied.json().path("state").asText()).isEqualTo("RUNNING");
    assertThat(api.post("/api/v1/rebalance/apply", "{}").status()).isEqualTo(400);
  }

  private String state(UUID brick) {
    return api.get("/api/v1/bricks/" + brick).json().path("state").asText();
  }

  private int dependentUnits(UUID brick) {
    return api.get("/api/v1/dependencies?domain=" + brick)
        .json()
        .path("volumes")
        .get(0)
        .path("units")
        .asInt();
  }

  private UUID register(String rack, String host) {
    UUID id = UUID.randomUUID();
    store
        .submit(
            new MetadataCommand.RegisterBrick(
                id,
                null,
                "dc1",
                rack,
                host,
                Fixtures.BRICK_CAPACITY,
                "127.0.0.1:9199",
                "/data/brick",
                Fixtures.T0))
        .orThrow("brick", id.toString());
    return id;
  }

  private static final class NoBricks implements BrickGateway {
    @Override
    public void deleteVolume(Collection<String> addresses, UUID volumeId, long epoch) {}

    @Override
    public int observeEpoch(Collection<String> addresses, UUID volumeId, long epoch) {
      return 0;
    }

    @Override
    public void close() {}
  }
}
