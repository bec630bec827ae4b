package io.hyperblock.cli;

import static io.hyperblock.server.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.core.cluster.MoveKind;
import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.ChunkLocation;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.server.auth.AdminToken;
import io.hyperblock.server.brick.MetadataBrickService;
import io.hyperblock.server.cluster.MetadataClusterService;
import io.hyperblock.server.healing.MetadataRebuildService;
import io.hyperblock.server.health.HeartbeatTracker;
import io.hyperblock.server.metadata.InMemoryMetadataStore;
import io.hyperblock.server.metadata.MetadataCommand.CreateVolume;
import io.hyperblock.server.metadata.MetadataCommand.PlanRebuild;
import io.hyperblock.server.metadata.MetadataCommand.TaskUpdate;
import io.hyperblock.server.metadata.MetadataCommand.UpdateRebuildTasks;
import io.hyperblock.server.metadata.RebuildTask;
import io.hyperblock.server.metadata.VolumeRecord;
import io.hyperblock.server.rest.RestServer;
import io.hyperblock.server.testing.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rebuild list} against a real REST server over the real rebuild service (in-memory metadata
 * with one R3 volume and one running rebuild task).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RebuildCliIT {
  private static final UUID VOL = UUID.fromString("00000000-0000-4000-8000-0000000000a1");

  private RestServer server;
  private AdminToken token;
  private Path home;
  private RebuildTask task;

  @BeforeEach
  void start(@TempDir Path dir) {
    var store = new InMemoryMetadataStore();
    List<UUID> bricks = Fixtures.cluster(store, 4, 1);
    var v = new VolumeRecord(VOL, "pg", 1 << 20, 1 << 20, Replicated.of(3), 1, 0, null, T0);
    var group =
        new ChunkGroup(
            0,
            List.of(new ChunkLocation(ChunkLocation.replicaChunkId(VOL, 0), bricks.subList(0, 3))));
    store.submit(new CreateVolume(v, new PlacementMap(VOL, 1, List.of(group))));
    task =
        RebuildTask.planned(
            "p1",
            VOL,
            0,
            1,
            bricks.get(1),
            bricks.get(3),
            List.of(bricks.get(0)),
            MoveKind.COPY,
            1 << 20,
            T0);
    store.submit(new PlanRebuild(List.of(task), T0));
    store.submit(
        new UpdateRebuildTasks(
            List.of(new TaskUpdate(task.taskId(), RebuildTask.State.RUNNING, 4096, 1, "")), T0));
    var brickService = new MetadataBrickService(store, new HeartbeatTracker());
    var cluster =
        new MetadataRebuildService(store, () -> Map.of(task.taskId(), 8192L))
            .attachTo(new MetadataClusterService(store, brickService));
    token = AdminToken.ensure(dir.resolve("server"));
    home = dir.resolve("home");
    server =
        RestServer.start(
            "127.0.0.1",
            0,
            new io.hyperblock.server.volume.MetadataVolumeService(
                store, new NoBricks(), java.time.Clock.systemUTC(), UUID::randomUUID),
            brickService,
            cluster,
            token);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void rebuildListShowsPerVolumeAndPerTaskProgressWithTheLeadersLiveBytes() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        HyperblockCli.run(
            new String[] {
              "--server",
              "http://127.0.0.1:" + server.port(),
              "--token-file",
              token.path().toString(),
              "rebuild",
              "list"
            },
            new HashMap<>(),
            home,
            new PrintWriter(out),
            new PrintWriter(err));

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("VOLUME")
        .contains("pg")
        .contains("RUNNING")
        .contains("COPY")
        .contains("8192/1048576");
  }

  /** No brick is called: this test only reads. */
  private static final class NoBricks implements io.hyperblock.server.brick.BrickGateway {
    @Override
    public void deleteVolume(java.util.Collection<String> addresses, UUID volumeId, long epoch) {}

    @Override
    public int observeEpoch(java.util.Collection<String> addresses, UUID volumeId, long epoch) {
      return 0;
    }

    @Override
    public void close() {}
  }
}
