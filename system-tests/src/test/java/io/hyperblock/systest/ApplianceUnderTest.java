package io.hyperblock.systest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole appliance for end-to-end tests (package {@code e2e}): a {@link ProcessCluster} (1
 * management server, 6 bricks over 3 racks x 2 hosts, each its own JVM) plus the NBD bridge as
 * another JVM ({@code io.hyperblock.bridge.BridgeMain}) on an ephemeral port of 127.0.0.1. Public
 * so that tests in other packages can drive it without reaching into the harness.
 */
public final class ApplianceUnderTest implements AutoCloseable, ProcessLogs {

  private static final Pattern SERVER_GRPC = Pattern.compile("SERVER READY .*grpc=(\\d+)");
  private static final Pattern BRIDGE_READY = Pattern.compile("BRIDGE READY nbd=(\\d+)");

  private final ProcessCluster cluster;
  private final JvmProcess bridge;
  private int nbdPort;

  private ApplianceUnderTest(ProcessCluster cluster, JvmProcess bridge) {
    this.cluster = cluster;
    this.bridge = bridge;
  }

  /** Starts the cluster under {@code root}, then the bridge; returns once the bridge listens. */
  public static ApplianceUnderTest start(Path root) {
    ProcessCluster cluster = ProcessCluster.start(root, ProcessCluster.racks(3, 2));
    try {
      JvmProcess bridge =
          new JvmProcess(
              "bridge",
              bridgeFlags(),
              "io.hyperblock.bridge.BridgeMain",
              List.of(
                  "--server",
                  "127.0.0.1:" + serverGrpcPort(root),
                  "--port",
                  "0",
                  "--client-id",
                  "e2e-bridge"),
              root.resolve("logs/bridge.log"));
      ApplianceUnderTest appliance = new ApplianceUnderTest(cluster, bridge);
      appliance.startBridge();
      return appliance;
    } catch (RuntimeException | Error e) {
      String tails = cluster.logTails();
      cluster.close();
      throw new AssertionError("the bridge did not start\n" + tails, e);
    }
  }

  /**
   * The shipped flags and a small heap, with C2: unlike the other processes, the bridge runs the
   * erasure-coding kernels (the Vector API is only intrinsified by C2; with C1 alone an EC copy is
   * several times slower).
   */
  private static List<String> bridgeFlags() {
    List<String> flags = new java.util.ArrayList<>(JvmFlags.shipped());
    flags.add("-Xmx256m");
    return flags;
  }

  /** The gRPC port the server printed on its READY line (fixed across restarts). */
  private static int serverGrpcPort(Path root) {
    try {
      for (String line : Files.readAllLines(root.resolve("logs/server.log"))) {
        Matcher m = SERVER_GRPC.matcher(line);
        if (m.find()) {
          return Integer.parseInt(m.group(1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError("the server log has no SERVER READY line with its gRPC port");
  }

  private void startBridge() {
    Matcher ready = bridge.start().waitForLine(BRIDGE_READY, ProcessCluster.READY_TIMEOUT);
    nbdPort = Integer.parseInt(ready.group(1));
  }

  /** {@code nbd://127.0.0.1:<port>/<volume>}: the export name is the volume name. */
  public String nbdUri(String volume) {
    return "nbd://127.0.0.1:" + nbdPort + "/" + volume;
  }

  /**
   * Creates a volume over REST ({@code POST /api/v1/volumes}).
   *
   * @param policyJson the policy fields of the request, e.g. {@code "replicas": 3}
   */
  public JsonNode createVolume(String name, String size, String policyJson) {
    return cluster
        .rest()
        .post(
            "volumes",
            "{\"name\": \"" + name + "\", \"size\": \"" + size + "\", " + policyJson + "}");
  }

  /** {@code GET /api/v1/volumes/<name>}. */
  public JsonNode volume(String name) {
    return cluster.rest().get("volumes/" + name);
  }

  public List<String> brickNames() {
    return cluster.brickNames();
  }

  /** kill -9 of one brick; it stays down until {@link #restartEverything()}. */
  public void killBrick(String name) {
    cluster.killBrick(name);
  }

  /**
   * Stops the bridge with SIGTERM (it detaches its volumes), kills the server and every brick with
   * SIGKILL (harsher than a graceful stop: only flushed data may survive), then starts them all on
   * the same data directories and ports and the bridge again. Returns once every brick is UP and
   * the bridge listens (on a new port: see {@link #nbdUri}).
   */
  public void restartEverything() {
    if (bridge.isAlive()) {
      int code = bridge.stop(Duration.ofSeconds(60));
      if (code != 0 && code != 143) {
        throw new AssertionError("bridge exited with " + code + " on SIGTERM\n" + bridge.tail(40));
      }
    }
    cluster.killAll();
    cluster.startAll();
    startBridge();
  }

  @Override
  public Path root() {
    return cluster.root();
  }

  /** The last lines of every process's log (server, bricks, bridge), for failure reports. */
  @Override
  public String logTails() {
    return cluster.logTails() + "\n" + bridge.tail(60);
  }

  @Override
  public void close() {
    bridge.close();
    cluster.close();
  }
}
