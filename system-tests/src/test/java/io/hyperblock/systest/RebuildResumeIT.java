package io.hyperblock.systest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperblock.client.VolumeClient;
import io.hyperblock.client.VolumeClientConfig;
import io.hyperblock.client.grpc.GrpcBrickConnector;
import io.hyperblock.client.grpc.GrpcMetadataClient;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6: a rebuild survives a management-server crash. Rebuilds are throttled to 256 KiB/s per
 * brick so a 1 MiB replica takes seconds; the server is killed with SIGKILL while a task is RUNNING
 * and restarted on the same data directory: the task, read back from the Raft state, is dispatched
 * again, finishes, and the volume returns to HEALTHY with every byte intact.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@org.junit.jupiter.api.extension.ExtendWith(PrintLogsOnFailure.class)
class RebuildResumeIT {

  @TempDir Path root;
  private HealingCluster cluster;

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void rebuildRunningWhenTheServerCrashedIsResumedAfterItsRestart() {
    cluster =
        new HealingCluster(
                root,
                ProcessCluster.racks(4, 1),
                "1s",
                List.of("-Dhyperblock.healing.perBrickRate=256KiB"))
            .start();
    cluster
        .rest()
        .post(
            "volumes", "{\"name\":\"r3\",\"size\":\"4MiB\",\"chunkSize\":\"1MiB\",\"replicas\":3}");
    byte[] data = new byte[4 << 20];
    new Random(3).nextBytes(data);
    try (var metadata = GrpcMetadataClient.connect(cluster.serverGrpc());
        var connector = new GrpcBrickConnector();
        VolumeClient c =
            VolumeClient.open(
                "r3", VolumeClientConfig.defaults("resume-it"), metadata, connector)) {
      c.write(0, ByteBuffer.wrap(data)).join();
      c.flush().join();
    }
    JsonNode placement = cluster.rest().get("volumes/r3/placement");
    String victim =
        cluster.brickName(
            placement
                .path("stripes")
                .get(0)
                .path("locations")
                .get(0)
                .path("bricks")
                .get(0)
                .path("id")
                .asText());

    cluster.killBrick(victim);
    JsonNode running =
        Await.until(
            "a rebuild task RUNNING",
            Duration.ofSeconds(60),
            () -> cluster.rest().get("rebuilds").path("tasks"),
            ts -> {
              for (JsonNode t : ts) {
                if (t.path("state").asText().equals("RUNNING")) {
                  return true;
                }
              }
              return false;
            });
    String taskId = null;
    for (JsonNode t : running) {
      if (t.path("state").asText().equals("RUNNING")) {
        taskId = t.path("id").asText();
      }
    }
    cluster.restartServer();

    String id = taskId;
    Await.until(
        "task " + id + " finished after the restart",
        Duration.ofSeconds(90),
        () -> task(id).path("state").asText(),
        s -> s.equals("DONE") || s.equals("SETTLING"));
    Await.until(
        "r3 HEALTHY",
        Duration.ofSeconds(90),
        () -> cluster.rest().get("volumes/r3").path("state").asText(),
        "HEALTHY"::equals);
    assertThat(task(id).path("bytesDone").asLong()).isEqualTo(1 << 20);
    ByteBuffer back = ByteBuffer.allocate(data.length);
    try (var metadata = GrpcMetadataClient.connect(cluster.serverGrpc());
        var connector = new GrpcBrickConnector();
        VolumeClient c =
            VolumeClient.open(
                "r3", VolumeClientConfig.defaults("resume-it"), metadata, connector)) {
      c.read(0, back).join();
    }
    assertThat(back.array()).isEqualTo(data);
  }

  private JsonNode task(String id) {
    for (JsonNode t : cluster.rest().get("rebuilds").path("tasks")) {
      if (t.path("id").asText().equals(id)) {
        return t;
      }
    }
    throw new AssertionError("no rebuild task " + id);
  }
}
