package io.hyperblock.systest;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A management server with a short wait-before-replace window and fast rebuild ticks, plus N brick
 * processes of {@link ProcessCluster}'s kind, for rebuild fault tests. Like {@link ProcessCluster}
 * (whose brick processes it reuses) every process keeps its ports across restarts; unlike it, the
 * server gets the healing system properties.
 */
final class HealingCluster implements AutoCloseable, ProcessLogs {

  private static final Pattern SERVER_READY =
      Pattern.compile("SERVER READY id=(\\S+) grpc=(\\d+) rest=(\\d+) raft=(\\d+)");
  private static final Pattern BRICK_READY =
      Pattern.compile("BRICK READY id=(\\S+) grpc=(\\d+) metrics=(-?\\d+)");

  /** How far before a DOWN mark resyncs look for missed writes in this cluster. */
  static final Duration RESYNC_MARGIN = Duration.ofSeconds(5);

  private final Path root;
  private final int grpcPort;
  private final JvmProcess server;
  private final Map<String, JvmProcess> bricks = new LinkedHashMap<>();
  private final Map<String, String> brickIds = new HashMap<>();
  private final Map<String, Integer> brickPorts = new HashMap<>();
  private RestClient rest;

  /**
   * @param waitBeforeReplace e.g. {@code 3s}: how long a DOWN brick waits before its rebuild
   */
  HealingCluster(Path root, List<ProcessCluster.BrickSpec> specs, String waitBeforeReplace) {
    this(root, specs, waitBeforeReplace, List.of());
  }

  /**
   * @param extraServerFlags more JVM flags for the server, e.g. {@code
   *     -Dhyperblock.healing.perBrickRate=256KiB}
   */
  HealingCluster(
      Path root,
      List<ProcessCluster.BrickSpec> specs,
      String waitBeforeReplace,
      List<String> extraServerFlags) {
    this.root = root;
    int[] ports = FreePorts.pick(3 + 2 * specs.size());
    grpcPort = ports[0];
    List<String> flags = new ArrayList<>(JvmFlags.forProcess("256m"));
    flags.add("-Dhyperblock.healing.waitBeforeReplace=" + waitBeforeReplace);
    flags.add("-Dhyperblock.healing.tick=200ms");
    // The tests' clients refresh their map quickly or reopen the volume to read it back.
    flags.add("-Dhyperblock.healing.reclaimAfter=2s");
    // Covers the 2 s down-after of these clusters (one host: no clock skew).
    flags.add("-Dhyperblock.healing.resyncMargin=" + RESYNC_MARGIN.toSeconds() + "s");
    flags.addAll(extraServerFlags);
    server =
        new JvmProcess(
            "server",
            flags,
            "io.hyperblock.server.ServerMain",
            List.of(
                "--data-dir",
                root.resolve("server").toString(),
                "--id",
                "n1",
                "--bind",
                "127.0.0.1",
                "--grpc-port",
                Integer.toString(grpcPort),
                "--raft-port",
                Integer.toString(ports[1]),
                "--rest-port",
                Integer.toString(ports[2]),
                "--heartbeat-interval",
                ProcessCluster.HEARTBEAT,
                "--monitor-interval",
                ProcessCluster.MONITOR_INTERVAL,
                "--down-after",
                ProcessCluster.DOWN_AFTER),
            root.resolve("logs/server.log"));
    int next = 3;
    for (ProcessCluster.BrickSpec b : specs) {
      bricks.put(
          b.name(),
          ProcessCluster.brickProcess(
              root, b, "127.0.0.1:" + grpcPort, ports[next++], ports[next++]));
    }
  }

  /** Starts the server, then every brick in parallel; returns once all bricks are UP. */
  HealingCluster start() {
    try {
      Matcher ready = server.start().waitForLine(SERVER_READY, ProcessCluster.READY_TIMEOUT);
      Path token = root.resolve("server/admin.token");
      rest = new RestClient("http://127.0.0.1:" + ready.group(3), Files.readString(token).trim());
      startBricks(List.copyOf(bricks.keySet()));
      for (String name : bricks.keySet()) {
        awaitBrickState(name, "UP", ProcessCluster.READY_TIMEOUT); // slow when 2 cores are busy
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      close();
      throw new AssertionError("cluster did not start\n" + logTails(), e);
    }
  }

  void startBricks(List<String> names) {
    names.forEach(n -> bricks.get(n).start());
    for (String n : names) {
      Matcher ready = bricks.get(n).waitForLine(BRICK_READY, ProcessCluster.READY_TIMEOUT);
      brickIds.put(n, ready.group(1));
      brickPorts.put(n, Integer.parseInt(ready.group(2)));
    }
  }

  /** kill -9 of the server, then a start on the same data directory and ports. */
  void restartServer() {
    server.kill9();
    server.start().waitForLine(SERVER_READY, ProcessCluster.READY_TIMEOUT);
    Await.until(
        "REST API answering", ProcessCluster.STATE_TIMEOUT, () -> rest.get("bricks"), b -> true);
  }

  void killBrick(String name) {
    bricks.get(name).kill9();
  }

  void awaitBrickState(String name, String state) {
    awaitBrickState(name, state, ProcessCluster.STATE_TIMEOUT);
  }

  void awaitBrickState(String name, String state, Duration timeout) {
    Await.until(
        "brick " + name + " " + state,
        timeout,
        () -> {
          for (JsonNode b : rest.get("bricks").path("bricks")) {
            if (b.path("id").asText().equals(brickIds.get(name))) {
              return b.path("state").asText();
            }
          }
          return null;
        },
        state::equals);
  }

  ManagedChannel brickChannel(String name) {
    return NettyChannelBuilder.forAddress("127.0.0.1", brickPorts.get(name)).usePlaintext().build();
  }

  String serverGrpc() {
    return "127.0.0.1:" + grpcPort;
  }

  RestClient rest() {
    return rest;
  }

  String brickId(String name) {
    return brickIds.get(name);
  }

  String brickName(String id) {
    return brickIds.entrySet().stream()
        .filter(e -> e.getValue().equals(id))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no brick has id " + id));
  }

  /** Everything the server printed since its last start. */
  String serverOutput() {
    return server.output();
  }

  @Override
  public String logTails() {
    StringBuilder out = new StringBuilder("--- server ---\n").append(server.tail(200));
    bricks.forEach((n, p) -> out.append("\n--- ").append(n).append(" ---\n").append(p.tail(15)));
    return out.toString();
  }

  @Override
  public void close() {
    bricks.values().forEach(JvmProcess::kill9);
    server.kill9();
  }

  @Override
  public Path root() {
    return root;
  }
}
