package io.hyperblock.server;

import io.hyperblock.core.units.DurationParser;
import io.hyperblock.server.health.HealthConfig;
import io.hyperblock.server.metadata.ratis.RaftMemberConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hyperblock server}: runs one management server until SIGTERM/SIGINT.
 *
 * <p>Prints {@code SERVER READY id=<id> grpc=<port> rest=<port> raft=<port>} on stdout once its
 * listeners are bound and the group has a leader and a cluster id. Exit codes: 0 after a clean
 * shutdown, 1 when startup failed or the metadata member stopped (message on stderr), 2 for bad
 * options.
 */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = "Runs a Hyperblock management server (metadata member, gRPC, REST).",
    showDefaultValues = true)
public final class ServerMain implements Callable<Integer> {

  @Option(names = "--data-dir", required = true, description = "Member data directory.")
  Path dataDir;

  @Option(names = "--id", defaultValue = ServerConfig.DEFAULT_MEMBER_ID, description = "Member id.")
  String id;

  @Option(
      names = "--peers",
      defaultValue = "",
      description =
          "All members' Raft addresses: n1=host:port,n2=host:port (empty: single member).")
  String peers;

  @Option(names = "--bind", defaultValue = ServerConfig.DEFAULT_BIND, description = "Bind address.")
  String bind;

  @Option(names = "--grpc-port", defaultValue = "9200", description = "gRPC port (0: ephemeral).")
  int grpcPort;

  @Option(
      names = "--raft-port",
      defaultValue = "9201",
      description =
          "Raft port of a single member (0: ephemeral); with --peers it comes from there.")
  int raftPort;

  @Option(names = "--rest-port", defaultValue = "8080", description = "REST port (0: ephemeral).")
  int restPort;

  @Option(names = "--heartbeat-interval", defaultValue = "10s", description = "Brick heartbeats.")
  String heartbeatInterval;

  @Option(names = "--monitor-interval", defaultValue = "15s", description = "Health scan period.")
  String monitorInterval;

  @Option(names = "--down-after", defaultValue = "30s", description = "Silence before DOWN.")
  String downAfter;

  @Option(
      names = "--snapshot-every",
      defaultValue = "" + RaftMemberConfig.DEFAULT_SNAPSHOT_EVERY,
      description = "Log entries between metadata snapshots.")
  long snapshotEvery;

  @Option(
      names = "--submit-timeout",
      defaultValue = "8s",
      description = "How long a change waits for a leader and a quorum.")
  String submitTimeout;

  @Option(
      names = "--wait-before-replace",
      description =
          "How long a DOWN brick may stay away before its units are rebuilt elsewhere (default"
              + " 10m); a brick back sooner only catches up the writes it missed.")
  String waitBeforeReplace;

  @Option(
      names = "--rebuild-rate",
      description = "Rebuild bandwidth per target brick, per second (default 100MiB).")
  String rebuildRate;

  @Option(
      names = "--rebuild-concurrency",
      description = "Rebuild tasks running at once in the cluster (default 4).")
  Integer rebuildConcurrency;

  /**
   * Healing settings: the defaults, then {@code hyperblock.healing.*} system properties, then the
   * options given.
   */
  io.hyperblock.server.healing.HealingConfig healing() {
    var h = io.hyperblock.server.healing.HealingConfig.fromSystemProperties();
    return new io.hyperblock.server.healing.HealingConfig(
        waitBeforeReplace == null ? h.waitBeforeReplace() : DurationParser.parse(waitBeforeReplace),
        rebuildConcurrency == null ? h.maxConcurrentTasks() : rebuildConcurrency,
        rebuildRate == null
            ? h.perBrickRate()
            : io.hyperblock.core.units.DataSize.parse(rebuildRate),
        h.globalRate(),
        h.tickInterval(),
        h.progressInterval(),
        h.maxAttempts(),
        h.stripeUnit(),
        h.fenceLease());
  }

  /** Builds the typed configuration; throws IllegalArgumentException for bad values. */
  ServerConfig config() {
    return new ServerConfig(
        dataDir,
        id,
        ServerConfig.parsePeers(peers),
        bind,
        grpcPort,
        raftPort,
        restPort,
        new HealthConfig(
            DurationParser.parse(heartbeatInterval),
            DurationParser.parse(monitorInterval),
            DurationParser.parse(downAfter)),
        snapshotEvery,
        DurationParser.parse(submitTimeout),
        healing());
  }

  @Override
  public Integer call() throws Exception {
    ServerConfig config;
    try {
      config = config();
    } catch (IllegalArgumentException e) {
      System.err.println("hyperblock server: " + e.getMessage());
      return 2;
    }
    ManagementServer server;
    try {
      server = ManagementServer.start(config, Clock.systemUTC());
    } catch (Exception e) {
      System.err.println("hyperblock server: cannot start: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "shutdown"));
    while (!server.awaitReady(Duration.ofSeconds(30))) {
      System.err.println("hyperblock server: still waiting for a metadata leader...");
    }
    System.out.println(
        "SERVER READY id="
            + server.memberId()
            + " grpc="
            + server.grpcPort()
            + " rest="
            + server.restPort()
            + " raft="
            + server.raftPort());
    System.out.flush();
    while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
      if (!server.running()) {
        System.err.println(
            "hyperblock server: the metadata member stopped (see the log above); exiting so a"
                + " supervisor can restart it");
        return 1; // main() exits; the shutdown hook closes the rest
      }
    }
    return 0;
  }

  public static void main(String[] args) {
    int code = new CommandLine(new ServerMain()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
