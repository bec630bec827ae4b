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
import java.util.stream.Stream;

/**
 * One management server and N bricks, each a separate JVM with its own data directory under a
 * test's temporary directory, all on 127.0.0.1. Heartbeats and the health monitor run with
 * millisecond settings so that DOWN/UP transitions take about a second.
 *
 * <p>Every process keeps its ports across restarts (picked free once, like an operator's fixed
 * ports): bricks that outlive a server restart find it again, and a restarted brick registers the
 * same address, so nothing but a process's liveness changes. {@link #close()} kills every process.
 */
final class ProcessCluster implements AutoCloseable, ProcessLogs {

  /** A brick's name (its data directory) and failure-domain labels. */
  record BrickSpec(String name, String datacenter, String rack, String host) {}

  /** Start-up deadline per process: 7 JVMs starting at once on 2 loaded cores take a while. */
  static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  /** How long the REST API may take to show a change (heartbeat 200 ms, DOWN after 1 s). */
  static final Duration STATE_TIMEOUT = Duration.ofSeconds(30);

  static final String HEARTBEAT = "200ms";
  static final String MONITOR_INTERVAL = "200ms";

  /**
   * 10 missed heartbeats. 1 s (5 missed) marked live bricks DOWN now and then when up to 8 JVMs and
   * other builds shared 2 cores; a kill is still seen within about 2 s.
   */
  static final String DOWN_AFTER = "2s";

  private static final Pattern SERVER_READY =
      Pattern.compile("SERVER READY id=(\\S+) grpc=(\\d+) rest=(\\d+) raft=(\\d+)");
  private static final Pattern BRICK_READY =
      Pattern.compile("BRICK READY id=(\\S+) grpc=(\\d+) metrics=(-?\\d+)");

  private final Path root;
  private final int grpcPort;
  private final int raftPort;
  private final int restPort;
  private final JvmProcess server;
  private final Map<String, JvmProcess> bricks = new LinkedHashMap<>();
  private final Map<String, String> brickIds = new HashMap<>();
  private final Map<String, Integer> brickPorts = new HashMap<>();
  private RestClient rest;

  private ProcessCluster(Path root, List<BrickSpec> specs, List<String> extraServerArgs) {
    this.root = root;
    int[] ports = FreePorts.pick(3 + 2 * specs.size());
    grpcPort = ports[0];
    raftPort = ports[1];
    restPort = ports[2];
    server =
        new JvmProcess(
            "server",
            JvmFlags.forProcess("256m"),
            "io.hyperblock.server.ServerMain",
            Stream.concat(
                    Stream.of(
                        "--data-dir",
                        root.resolve("server").toString(),
                        "--id",
                        "n1",
                        "--bind",
                        "127.0.0.1",
                        "--grpc-port",
                        Integer.toString(grpcPort),
                        "--raft-port",
                        Integer.toString(raftPort),
                        "--rest-port",
                        Integer.toString(restPort),
                        "--heartbeat-interval",
                        HEARTBEAT,
                        "--monitor-interval",
                        MONITOR_INTERVAL,
                        "--down-after",
                        DOWN_AFTER),
                    extraServerArgs.stream())
                .toList(),
            root.resolve("logs/server.log"));
    int next = 3;
    for (BrickSpec b : specs) {
      bricks.put(
          b.name(), brickProcess(root, b, "127.0.0.1:" + grpcPort, ports[next++], ports[next++]));
    }
  }

  /**
   * A brick process of this cluster's kind (labels, 1 TiB capacity, 200 ms heartbeats) with its
   * data directory and log under {@code root}, registering with the server at {@code server}.
   */
  static JvmProcess brickProcess(
      Path root, BrickSpec b, String server, int grpcPort, int metricsPort) {
    return new JvmProcess(
        "brick-" + b.name(),
        JvmFlags.forProcess("160m"),
        "io.hyperblock.brick.BrickMain",
        List.of(
            "--data-dir", root.resolve("bricks").resolve(b.name()).toString(),
            "--server", server,
            "--dc", b.datacenter(),
            "--rack", b.rack(),
            "--host", b.host(),
            "--capacity", "1TiB",
            "--bind", "127.0.0.1",
            "--port", Integer.toString(grpcPort),
            "--metrics-port", Integer.toString(metricsPort),
            "--heartbeat-interval", HEARTBEAT),
        root.resolve("logs/" + b.name() + ".log"));
  }

  /** {@code racks x hostsPerRack} bricks b1.. in dc1, rack1.., one brick per host host1... */
  static List<BrickSpec> racks(int racks, int hostsPerRack) {
    List<BrickSpec> specs = new ArrayList<>();
    for (int r = 1; r <= racks; r++) {
      for (int h = 1; h <= hostsPerRack; h++) {
        int n = specs.size() + 1;
        specs.add(new BrickSpec("b" + n, "dc1", "rack" + r, "host" + n));
      }
    }
    return specs;
  }

  /**
   * Starts the server, then every brick in parallel, and returns once the REST API lists every
   * brick UP. On failure kills what it started and puts each log's tail into the error.
   */
  static ProcessCluster start(Path root, List<BrickSpec> specs) {
    return start(root, specs, List.of());
  }

  /**
   * As {@link #start(Path, List)}, with more server options after this class's own; pass only
   * options it does not set (picocli refuses a single-value option given twice), e.g. a healing
   * setting of {@code hyperblock server --help}.
   */
  static ProcessCluster start(Path root, List<BrickSpec> specs, List<String> extraServerArgs) {
    ProcessCluster cluster = new ProcessCluster(root, specs, extraServerArgs);
    long t0 = System.nanoTime();
    try {
      cluster.startServer();
      long t1 = System.nanoTime();
      cluster.startBricks(List.copyOf(cluster.bricks.keySet()));
      cluster.awaitAllBricks("UP");
      System.out.printf(
          "cluster in %s: server ready in %d ms, %d bricks UP %d ms later%n",
          root, (t1 - t0) / 1_000_000, specs.size(), (System.nanoTime() - t1) / 1_000_000);
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw new AssertionError("cluster did not start\n" + cluster.logTails(), e);
    }
  }

  /** Starts (or restarts, after a kill) the server and waits for its READY line and REST API. */
  void startServer() {
    Matcher ready = server.start().waitForLine(SERVER_READY, READY_TIMEOUT);
    if (Integer.parseInt(ready.group(3)) != restPort) {
      throw new AssertionError("server serves REST on " + ready.group(3) + ", asked " + restPort);
    }
    Path tokenFile = tokenFile();
    try {
      rest = new RestClient("http://127.0.0.1:" + restPort, Files.readString(tokenFile).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("no admin token at " + tokenFile, e);
    }
    Await.until("REST API answering", STATE_TIMEOUT, () -> rest.get("cluster/status"), s -> true);
  }

  /** Starts the named bricks in parallel and waits for each READY line; records id and port. */
  void startBricks(List<String> names) {
    names.forEach(n -> bricks.get(n).start());
    for (String n : names) {
      Matcher ready = bricks.get(n).waitForLine(BRICK_READY, READY_TIMEOUT);
      String id = ready.group(1);
      String previous = brickIds.put(n, id);
      if (previous != null && !previous.equals(id)) {
        throw new AssertionError("brick " + n + " came back as " + id + ", was " + previous);
      }
      brickPorts.put(n, Integer.parseInt(ready.group(2)));
    }
  }

  void killServer() {
    server.kill9();
  }

  /** kill -9 of the server, then a start on the same data directory and ports. */
  void restartServer() {
    killServer();
    startServer();
  }

  void killBrick(String name) {
    bricks.get(name).kill9();
  }

  void restartBrick(String name) {
    killBrick(name);
    startBricks(List.of(name));
  }

  /** kill -9 of every process at once, as in a power cut; data directories stay. */
  void killAll() {
    bricks.values().forEach(JvmProcess::kill9);
    server.kill9();
  }

  /** Starts every process again (after {@link #killAll}) and waits until all bricks are UP. */
  void startAll() {
    long t0 = System.nanoTime();
    startServer();
    long t1 = System.nanoTime();
    startBricks(List.copyOf(bricks.keySet()));
    awaitAllBricks("UP");
    System.out.printf(
        "cluster restarted: server ready in %d ms, %d bricks UP %d ms later%n",
        (t1 - t0) / 1_000_000, bricks.size(), (System.nanoTime() - t1) / 1_000_000);
  }

  /**
   * Starts whatever an earlier test left dead (the server first), then waits until every brick is
   * UP: a shared cluster's user begins from a healthy cluster whatever ran before.
   */
  void ensureRunning() {
    if (!server.isAlive()) {
      startServer();
    }
    List<String> dead = bricks.keySet().stream().filter(n -> !bricks.get(n).isAlive()).toList();
    if (!dead.isEmpty()) {
      startBricks(dead);
    }
    awaitAllBricks("UP");
  }

  /** Waits until the REST brick list shows every brick of this cluster in {@code state}. */
  void awaitAllBricks(String state) {
    for (String name : bricks.keySet()) {
      awaitBrickState(name, state);
    }
  }

  /** Waits until the REST brick list shows the named brick in {@code state} (e.g. UP, DOWN). */
  void awaitBrickState(String name, String state) {
    Await.until(
        "brick " + name + " " + state,
        STATE_TIMEOUT,
        () -> brickStates().get(brickIds.get(name)),
        state::equals);
  }

  /** Brick id to state, from {@code GET /api/v1/bricks}. */
  Map<String, String> brickStates() {
    Map<String, String> states = new HashMap<>();
    for (JsonNode b : rest.get("bricks").path("bricks")) {
      states.put(b.path("id").asText(), b.path("state").asText());
    }
    return states;
  }

  /** A plaintext channel to a brick's BrickService; the caller closes it. */
  ManagedChannel brickChannel(String name) {
    return NettyChannelBuilder.forAddress("127.0.0.1", brickPorts.get(name)).usePlaintext().build();
  }

  /** Port of the server's MetadataService (gRPC) on 127.0.0.1. */
  int serverGrpcPort() {
    return grpcPort;
  }

  /** A plaintext channel to the server's MetadataService; the caller closes it. */
  ManagedChannel serverChannel() {
    return NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
  }

  RestClient rest() {
    return rest;
  }

  /** The admin bearer token's file in the server's data directory. */
  Path tokenFile() {
    return root.resolve("server/admin.token");
  }

  String brickId(String name) {
    return brickIds.get(name);
  }

  /** Brick name (b1..) of a brick id. */
  String brickName(String id) {
    return brickIds.entrySet().stream()
        .filter(e -> e.getValue().equals(id))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no brick of this cluster has id " + id));
  }

  /** Whether the named brick's process is alive (not whether the server sees it UP). */
  boolean isRunning(String name) {
    return bricks.get(name).isAlive();
  }

  List<String> brickNames() {
    return List.copyOf(bricks.keySet());
  }

  @Override
  public Path root() {
    return root;
  }

  /** The last lines of every process's log, for failure reports. */
  @Override
  public String logTails() {
    StringBuilder out = new StringBuilder(server.tail(60)).append('\n');
    bricks.values().forEach(b -> out.append(b.tail(30)).append('\n'));
    return out.toString();
  }

  /** Kills every process (SIGKILL). Data directories stay in the test's temporary directory. */
  @Override
  public void close() {
    bricks.values().forEach(JvmProcess::close);
    server.close();
  }
}
