package io.hyperblock.brick;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.hyperblock.protocol.v1.WriteShardRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BrickMain} as its own JVM, the way the appliance runs it: READY line, stable identity
 * across restarts, and a write acknowledged with FUA survives {@code kill -9}.
 */
@Timeout(180)
class BrickProcessIT {
  private static final Pattern READY =
      Pattern.compile("BRICK READY id=([0-9a-f-]{36}) grpc=(\\d+) metrics=(-?\\d+)");

  @TempDir Path dir;

  @Test
  void fuaWriteSurvivesKillDashNineAndTheIdentityIsStable() throws Exception {
    UUID volume = UUID.randomUUID();
    byte[] data = new byte[64 << 10];
    new Random(11).nextBytes(data);
    try (FakeMetadataServer mgmt = new FakeMetadataServer(UUID.randomUUID(), 100, 0)) {
      Brick first = Brick.spawn(dir, mgmt.address());
      try (BrickIoIT.Client client = new BrickIoIT.Client(first.grpcPort)) {
        client.stub.writeShard(
            WriteShardRequest.newBuilder()
                .setVolumeId(volume.toString())
                .setOffset(8192)
                .setData(ByteString.copyFrom(data))
                .setEpoch(1)
                .setFua(true)
                .build());
      }
      first.process.destroyForcibly();
      assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();

      Brick second = Brick.spawn(dir, mgmt.address());
      try (BrickIoIT.Client client = new BrickIoIT.Client(second.grpcPort)) {
        assertThat(second.id).isEqualTo(first.id);
        assertThat(client.read(volume, 8192, data.length)).isEqualTo(data);
      } finally {
        second.process.destroy(); // SIGTERM: the shutdown hook closes the store
        assertThat(second.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(mgmt.registrations).hasSize(2);
      assertThat(mgmt.registrations.get(1).getBrickId()).isEqualTo(first.id.toString());
    }
  }

  /** A brick JVM and what its READY line said. */
  private record Brick(Process process, UUID id, int grpcPort) {
    static Brick spawn(Path dataDir, String server) throws IOException {
      List<String> cmd = new ArrayList<>();
      cmd.add(ProcessHandle.current().info().command().orElse("java"));
      cmd.add("-Xmx256m");
      cmd.add("-XX:+UseSerialGC");
      // The flags Chronicle needs, as this test JVM got them from the pom's brick.jvmArgs.
      for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
        if (arg.startsWith("--add-")
            || arg.startsWith("--enable-native-access")
            || arg.startsWith("--sun-misc")
            || arg.startsWith("-Dchronicle")) {
          cmd.add(arg);
        }
      }
      cmd.add("-cp");
      cmd.add(
          System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
      cmd.add(BrickMain.class.getName());
      cmd.addAll(
          List.of(
              "--data-dir",
              dataDir.toString(),
              "--server",
              server,
              "--port",
              "0",
              "--metrics-port",
              "0",
              "--capacity",
              "1GiB",
              "--heartbeat-interval",
              "100ms"));
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      CompletableFuture<Matcher> ready = new CompletableFuture<>();
      Thread.ofPlatform()
          .daemon()
          .start(
              () -> {
                try (BufferedReader out =
                    new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = out.readLine()) != null; ) {
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                      ready.complete(m);
                    }
                  }
                } catch (IOException e) {
                  ready.completeExceptionally(e);
                }
                ready.completeExceptionally(new AssertionError("brick exited before READY"));
              });
      try {
        Matcher m = ready.get(60, TimeUnit.SECONDS);
        return new Brick(p, UUID.fromString(m.group(1)), Integer.parseInt(m.group(2)));
      } catch (Exception e) {
        p.destroyForcibly();
        throw new AssertionError("brick did not print its READY line: " + e, e);
      }
    }
  }
}
