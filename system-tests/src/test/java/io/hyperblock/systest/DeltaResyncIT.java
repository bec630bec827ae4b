package io.hyperblock.systest;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.hyperblock.client.VolumeClient;
import io.hyperblock.client.VolumeClientConfig;
import io.hyperblock.client.grpc.GrpcBrickConnector;
import io.hyperblock.client.grpc.GrpcMetadataClient;
import io.hyperblock.protocol.v1.BrickServiceGrpc;
import io.hyperblock.protocol.v1.ReadShardRequest;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, delta resync: a brick that comes back within the wait-before-replace window (10 min
 * here) is not replaced; it copies from its peers only the writes it missed. One server, 3 bricks,
 * an R3 volume of 8 x 1 MiB stripes: kill -9 one brick, overwrite 64 KiB of each stripe while it is
 * away, restart it; its replicas then equal the others', and the server reports far fewer bytes
 * copied than a full copy (8 MiB) would take.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@org.junit.jupiter.api.extension.ExtendWith(PrintLogsOnFailure.class)
class DeltaResyncIT {

  private static final int STRIPES = 8;
  private static final int MISSED = 64 << 10;
  private static final Pattern COPIED = Pattern.compile("delta resync \\S+: (\\d+) bytes copied");

  @TempDir Path root;
  private HealingCluster cluster;
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
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void brickBackWithinTheWindowCopiesOnlyTheWritesItMissed() {
    cluster = new HealingCluster(root, ProcessCluster.racks(3, 1), "10m").start();
    cluster
        .rest()
        .post(
            "volumes", "{\"name\":\"r3\",\"size\":\"8MiB\",\"chunkSize\":\"1MiB\",\"replicas\":3}");
    UUID id = UUID.fromString(cluster.rest().get("volumes/r3").path("id").asText());
    metadata = GrpcMetadataClient.connect(cluster.serverGrpc());
    connector = new GrpcBrickConnector();
    byte[] expected = new byte[STRIPES << 20];
    new Random(1).nextBytes(expected);
    try (VolumeClient c =
        VolumeClient.open("r3", VolumeClientConfig.defaults("resync-it"), metadata, connector)) {
      c.write(0, ByteBuffer.wrap(expected)).join();
      c.flush().join();
      // Writes younger than the resync margin at the DOWN mark are copied again (the margin covers
      // detection delay and clock skew); let the fill age past it so only missed writes count.
      long filled = System.currentTimeMillis();
      Await.until(
          "the fill older than the resync margin",
          HealingCluster.RESYNC_MARGIN.plusSeconds(5),
          System::currentTimeMillis,
          now -> now > filled + HealingCluster.RESYNC_MARGIN.toMillis());

      cluster.killBrick("b1");
      cluster.awaitBrickState("b1", "DOWN");
      byte[] missed = new byte[MISSED];
      new Random(2).nextBytes(missed);
      for (int s = 0; s < STRIPES; s++) {
        int at = (s << 20) + (256 << 10);
        c.write(at, ByteBuffer.wrap(missed)).join();
        System.arraycopy(missed, 0, expected, at, MISSED);
      }
      c.flush().join();
    }

    cluster.startBricks(List.of("b1"));
    cluster.awaitBrickState("b1", "UP");
    ManagedChannel ch = cluster.brickChannel("b1");
    try {
      for (int s = 0; s < STRIPES; s++) {
        int stripe = s;
        byte[] want = Arrays.copyOfRange(expected, s << 20, (s + 1) << 20);
        Await.until(
            "stripe " + s + " of b1 caught up",
            Duration.ofSeconds(60),
            () -> readReplica(ch, id, stripe),
            got -> Arrays.equals(got, want));
      }
    } finally {
      ch.shutdownNow();
    }
    // the replica's bytes are readable before the server hears the resync answered (fsync, the
    // answer, its log line, the next tick that clears the reports): wait for those too
    Await.until(
        "volume r3 HEALTHY",
        Duration.ofSeconds(30),
        () -> cluster.rest().get("volumes/r3").path("state").asText(),
        "HEALTHY"::equals);
    long copied =
        Await.until(
            "the server logged the resync of every stripe",
            Duration.ofSeconds(30),
            this::copiedBytes,
            n -> n >= (long) STRIPES * MISSED);
    assertThat(cluster.rest().get("rebuilds").path("tasks")).as("nothing rebuilt").isEmpty();
    assertThat(copied).isLessThan(STRIPES << 20);
  }

  /** Bytes the server logged as copied by delta resyncs so far. */
  private long copiedBytes() {
    long copied = 0;
    Matcher m = COPIED.matcher(cluster.serverOutput());
    while (m.find()) {
      copied += Long.parseLong(m.group(1));
    }
    return copied;
  }

  private static byte[] readReplica(ManagedChannel ch, UUID volume, int stripe) {
    return BrickServiceGrpc.newBlockingStub(ch)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .readShard(
            ReadShardRequest.newBuilder()
                .setVolumeId(volume.toString())
                .setStripeIndex(stripe)
                .setLength(1 << 20)
                .build())
        .getData()
        .toByteArray();
  }
}
