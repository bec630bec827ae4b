package io.hyperblock.systest;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.hyperblock.client.VolumeClient;
import io.hyperblock.client.VolumeClientConfig;
import io.hyperblock.client.grpc.GrpcBrickConnector;
import io.hyperblock.client.grpc.GrpcMetadataClient;
import io.hyperblock.protocol.v1.BrickServiceGrpc;
import io.hyperblock.protocol.v1.ReadShardRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, scrub inside a real brick process: one server, three BrickMain processes (the third with
 * a 2 s scrub interval), an R3 volume filled with known bytes; bytes are flipped in the third
 * brick's extent file on disk while it runs. Its scrub finds the corrupt blocks and repairs them
 * from the other replicas (its /metrics count them), its replica reads back the written bytes, and
 * so does the volume.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ScrubProcessIT {

  private static final int STRIPES = 2;
  private static final Pattern READY =
      Pattern.compile("BRICK READY id=(\\S+) grpc=(\\d+) metrics=(-?\\d+)");

  @TempDir Path root;
  private ProcessCluster cluster;
  private JvmProcess scrubbing;
  private GrpcMetadataClient metadata;
  private GrpcBrickConnector connector;

  @AfterEach
  void stop() {
    if (connector != null) {
      connector.close();
    }
    if (metadata != null) {
      metadata.close();
    }
    if (scrubbing != null) {
      scrubbing.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void bytesFlippedInAnExtentFileAreFoundAndRepairedByTheRunningBricksScrub() throws Exception {
    cluster = ProcessCluster.start(root, ProcessCluster.racks(2, 1));
    int[] ports = FreePorts.pick(2);
    List<String> flags = new ArrayList<>(JvmFlags.forProcess("160m"));
    flags.add("-Dhyperblock.scrub.firstDelay=1s");
    flags.add("-Dhyperblock.scrub.interval=2s");
    Path dataDir = root.resolve("bricks/b3");
    scrubbing =
        new JvmProcess(
            "brick-b3",
            flags,
            "io.hyperblock.brick.BrickMain",
            List.of(
                "--data-dir",
                dataDir.toString(),
                "--server",
                "127.0.0.1:" + cluster.serverGrpcPort(),
                "--dc",
                "dc1",
                "--rack",
                "rack3",
                "--host",
                "host3",
                "--capacity",
                "1TiB",
                "--bind",
                "127.0.0.1",
                "--port",
                Integer.toString(ports[0]),
                "--metrics-port",
                Integer.toString(ports[1]),
                "--heartbeat-interval",
                ProcessCluster.HEARTBEAT),
            root.resolve("logs/b3.log"));
    Matcher ready;
    try {
      ready = scrubbing.start().waitForLine(READY, ProcessCluster.READY_TIMEOUT);
    } catch (RuntimeException | Error e) {
      throw new AssertionError("brick b3 did not start\n" + scrubbing.output(), e);
    }
    String b3 = ready.group(1);
    int metricsPort = Integer.parseInt(ready.group(3));
    Await.until(
        "brick b3 UP",
        ProcessCluster.STATE_TIMEOUT,
        () -> cluster.brickStates().get(b3),
        "UP"::equals);

    cluster
        .rest()
        .post(
            "volumes", "{\"name\":\"r3\",\"size\":\"2MiB\",\"chunkSize\":\"1MiB\",\"replicas\":3}");
    UUID volume = UUID.fromString(cluster.rest().get("volumes/r3").path("id").asText());
    metadata = GrpcMetadataClient.connect("127.0.0.1:" + cluster.serverGrpcPort());
    connector = new GrpcBrickConnector();
    byte[] expected = new byte[STRIPES << 20];
    new Random(6).nextBytes(expected);
    try (VolumeClient c =
        VolumeClient.open("r3", VolumeClientConfig.defaults("scrub-it"), metadata, connector)) {
      c.write(0, ByteBuffer.wrap(expected)).join();
      c.flush().join();
    }
    long corruptBefore = metric(metricsPort, "corrupt_blocks");
    long repairedBefore = metric(metricsPort, "repaired_blocks");

    // Flip bytes in two blocks of b3's extent of stripe 1, under the running process.
    Path extent = extentOf(dataDir, volume, 1);
    try (FileChannel f = FileChannel.open(extent, StandardOpenOption.WRITE)) {
      for (long at : new long[] {4096 * 3 + 17, 4096 * 100 + 5}) {
        byte[] flipped = {(byte) ~expected[(1 << 20) + (int) at]};
        f.write(ByteBuffer.wrap(flipped), at);
      }
      f.force(true);
    }

    Await.until(
        "b3's scrub repaired the flipped blocks",
        Duration.ofSeconds(40),
        () -> metric(metricsPort, "repaired_blocks") - repairedBefore,
        n -> n >= 2);
    assertThat(metric(metricsPort, "corrupt_blocks") - corruptBefore).isGreaterThanOrEqualTo(2);

    ManagedChannel ch =
        NettyChannelBuilder.forAddress("127.0.0.1", Integer.parseInt(ready.group(2)))
            .usePlaintext()
            .build();
    try {
      byte[] replica =
          BrickServiceGrpc.newBlockingStub(ch)
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .readShard(
                  ReadShardRequest.newBuilder()
                      .setVolumeId(volume.toString())
                      .setStripeIndex(1)
                      .setLength(1 << 20)
                      .build())
              .getData()
              .toByteArray();
      assertThat(Arrays.equals(replica, Arrays.copyOfRange(expected, 1 << 20, 2 << 20)))
          .as("b3's repaired replica holds the written bytes")
          .isTrue();
    } finally {
      ch.shutdownNow();
    }
    try (VolumeClient c =
        VolumeClient.open("r3", VolumeClientConfig.defaults("scrub-it"), metadata, connector)) {
      ByteBuffer back = ByteBuffer.allocate(expected.length);
      c.read(0, back).join();
      assertThat(Arrays.equals(back.array(), expected)).as("the volume reads back").isTrue();
    }
  }

  /** b3's extent file of the stripe: {@code store/shards/<volume>/<stripe>-0.ext}. */
  private static Path extentOf(Path dataDir, UUID volume, int stripe) throws IOException {
    Path file =
        dataDir.resolve("store/shards").resolve(volume.toString()).resolve(stripe + "-0.ext");
    if (!Files.exists(file)) {
      try (Stream<Path> all = Files.walk(dataDir)) {
        throw new AssertionError(
            "no extent " + file + "; the brick holds " + all.map(Path::toString).toList());
      }
    }
    return file;
  }

  /** A {@code hyperblock_brick_scrub_<name>_total} counter from the brick's /metrics. */
  private static long metric(int port, String name) {
    try {
      String body =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      Matcher m =
          Pattern.compile("(?m)^hyperblock_brick_scrub_" + name + "_total(?:\\{[^}]*\\})? (\\S+)$")
              .matcher(body);
      long sum = 0;
      while (m.find()) {
        sum += (long) Double.parseDouble(m.group(1));
      }
      return sum;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
