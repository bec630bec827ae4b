package io.hyperblock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.server.auth.AdminToken;
import io.hyperblock.server.brick.BrickGateway;
import io.hyperblock.server.brick.MetadataBrickService;
import io.hyperblock.server.cluster.MetadataClusterService;
import io.hyperblock.server.health.HeartbeatTracker;
import io.hyperblock.server.metadata.InMemoryMetadataStore;
import io.hyperblock.server.rest.RestServer;
import io.hyperblock.server.testing.Fixtures;
import io.hyperblock.server.volume.MetadataVolumeService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code brick impact|dependencies|drain|remove}, {@code migration list|cancel} and {@code
 * rebalance plan|apply} against a real REST server over the real metadata services (in-memory
 * metadata, 6 bricks in 3 racks, one R3 volume; moves are recorded, not executed).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MaintenanceCliIT {

  private InMemoryMetadataStore store;
  private List<UUID> bricks;
  private RestServer server;
  private AdminToken token;
  private Path home;

  record Run(int exitCode, String out, String err) {}

  @BeforeEach
  void start(@TempDir Path dir) {
    store = new InMemoryMetadataStore();
    bricks = Fixtures.cluster(store, 3, 2);
    var brickService = new MetadataBrickService(store, new HeartbeatTracker());
    var volumes =
        new MetadataVolumeService(store, new NoBricks(), Clock.systemUTC(), UUID::randomUUID);
    token = AdminToken.ensure(dir.resolve("server"));
    home = dir.resolve("home");
    server =
        RestServer.start(
            "127.0.0.1",
            0,
            volumes,
            brickService,
            new MetadataClusterService(store, brickService),
            token);
    assertThat(
            cli("volume", "create", "--name", "pg", "--size", "4GiB", "--replicas", "3").exitCode())
        .isZero();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void brickImpactShowsTheFaultToleranceLeftPerVolume() {
    Run r = cli("brick", "impact", bricks.get(0).toString().substring(0, 8));

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("reduces fault tolerance").contains("pg").contains("REDUCED");
  }

  @Test
  void brickDependenciesOfARackListTheVolume() {
    Run r = cli("brick", "dependencies", "dc1/rack-1");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("pg").contains("32");
  }

  @Test
  void removingAnUndrainedBrickIsRefusedWithExit4AndTheImpactUnlessForced() {
    String id = bricks.get(1).toString();

    Run refused = cli("brick", "remove", id);
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(refused.err()).contains("leaves volume pg with fault tolerance 0").contains("drain");

    Run forced = cli("brick", "remove", id, "--force");
    assertThat(forced.exitCode()).isZero();
    assertThat(forced.out()).contains("REMOVED");
  }

  @Test
  void drainIsListedAsAMigrationAndCanBeCancelled() {
    Run drain = cli("brick", "drain", bricks.get(2).toString());
    assertThat(drain.exitCode()).isZero();
    assertThat(drain.out()).contains("draining brick").contains("migration drain-");
    String id = drain.out().replaceAll("(?s).*migration (drain-[0-9a-f]+).*", "$1");

    Run list = cli("migration", "list");
    assertThat(list.out()).contains(id).contains("DRAIN").contains("RUNNING");

    Run cancel = cli("migration", "cancel", id);
    assertThat(cancel.exitCode()).isZero();
    assertThat(cancel.out()).contains("CANCELLED");
    assertThat(cli("brick", "show", bricks.get(2).toString()).out()).contains("UP");
  }

  @Test
  void rebalancePlanShowsNoMovementOnABalancedClusterAndApplyRefusesAnUnknownPlan() {
    Run plan = cli("rebalance", "plan");
    assertThat(plan.exitCode()).isZero();
    assertThat(plan.out()).contains("plan rebalance-").contains(": 0 of 96 units");

    Run apply = cli("rebalance", "apply", "rebalance-0000000000000000");
    assertThat(apply.exitCode()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(apply.err()).contains("is not the current plan");
  }

  private Run cli(String... args) {
    String[] full = new String[args.length + 4];
    full[0] = "--server";
    full[1] = "http://127.0.0.1:" + server.port();
    full[2] = "--token-file";
    full[3] = token.path().toString();
    System.arraycopy(args, 0, full, 4, args.length);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        HyperblockCli.run(full, new HashMap<>(), home, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
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
