package io.hyperblock.server.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** A real brick ({@code io.hyperblock.brick.BrickMain}) in its own JVM, with Chronicle's flags. */
public final class BrickProcess implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("BRICK READY id=(\\S+) grpc=(\\d+)");

  /** Chronicle Queue's flags (brick-node's pom, brick.jvmArgs); analytics off. */
  private static final List<String> JVM_ARGS =
      List.of(
          "-Dchronicle.analytics.disable=true",
          "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
          "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--enable-native-access=ALL-UNNAMED",
          "--sun-misc-unsafe-memory-access=allow");

  private final ChildJvm jvm;
  private final String rack;

  private BrickProcess(ChildJvm jvm, String rack) {
    this.jvm = jvm;
    this.rack = rack;
  }

  /** Starts a brick of {@code rack}/{@code host} registering with the server at this port. */
  public static BrickProcess start(
      Path dataDir, Path logDir, String rack, String host, int serverGrpcPort, Duration heartbeat)
      throws IOException {
    return new BrickProcess(
        ChildJvm.start(
            host,
            logDir,
            JVM_ARGS,
            "io.hyperblock.brick.BrickMain",
            List.of(
                "--data-dir",
                dataDir.toString(),
                "--server",
                "127.0.0.1:" + serverGrpcPort,
                "--dc",
                "dc1",
                "--rack",
                rack,
                "--host",
                host,
                "--capacity",
                "10GiB",
                "--port",
                "0",
                "--metrics-port",
                "-1",
                "--heartbeat-interval",
                heartbeat.toMillis() + "ms",
                "--registration-backoff-max",
                "500ms"),
            READY),
        rack);
  }

  /** Waits for BRICK READY and returns the brick's id. */
  public String awaitReady(Duration timeout) throws Exception {
    return jvm.awaitReady(timeout).group(1);
  }

  public String rack() {
    return rack;
  }

  public void kill() throws InterruptedException {
    jvm.kill();
  }

  @Override
  public void close() throws InterruptedException {
    jvm.close();
  }
}
