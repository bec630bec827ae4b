package io.hyperblock.server;

import io.hyperblock.server.health.HealthConfig;
import io.hyperblock.server.metadata.ratis.RaftMemberConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything one management server needs, in one typed place ({@code hyperblock server --help}
 * prints the same defaults).
 *
 * @param dataDir the member's directory: {@code raft/} (log and snapshots), {@code admin.token}
 * @param memberId this member's id in the metadata group, default {@code n1}
 * @param peers every member's Raft address by id; empty = a single-member group on {@code
 *     bindHost:raftPort}
 * @param bindHost address all listeners bind to, default {@code 127.0.0.1}
 * @param grpcPort MetadataService port, default 9200; 0 = ephemeral
 * @param raftPort Raft port when {@code peers} is empty, default 9201; 0 = ephemeral (single member
 *     only: peers must know each other's ports)
 * @param restPort REST API port, default 8080; 0 = ephemeral
 * @param health heartbeat, scan and down-after timings
 * @param snapshotEvery log entries between metadata snapshots
 * @param submitTimeout how long a mutation waits for a leader and a quorum
 * @param healing rebuild window, limits and timings
 */
public record ServerConfig(
    Path dataDir,
    String memberId,
    Map<String, String> peers,
    String bindHost,
    int grpcPort,
    int raftPort,
    int restPort,
    HealthConfig health,
    long snapshotEvery,
    Duration submitTimeout,
    io.hyperblock.server.healing.HealingConfig healing) {

  public static final String DEFAULT_MEMBER_ID = "n1";
  public static final String DEFAULT_BIND = "127.0.0.1";
  public static final int DEFAULT_GRPC_PORT = 9200;
  public static final int DEFAULT_RAFT_PORT = 9201;
  public static final int DEFAULT_REST_PORT = 8080;

  public ServerConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(memberId, "memberId");
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(healing, "healing");
    peers = new TreeMap<>(peers);
    checkPort("gRPC", grpcPort);
    checkPort("Raft", raftPort);
    checkPort("REST", restPort);
    if (!peers.isEmpty() && !peers.containsKey(memberId)) {
      throw new IllegalArgumentException(
          "--id " + memberId + " is not one of the --peers " + peers.keySet());
    }
  }

  /** A single member with every default but the data directory. */
  public static ServerConfig defaults(Path dataDir) {
    return new ServerConfig(
        dataDir,
        DEFAULT_MEMBER_ID,
        Map.of(),
        DEFAULT_BIND,
        DEFAULT_GRPC_PORT,
        DEFAULT_RAFT_PORT,
        DEFAULT_REST_PORT,
        HealthConfig.DEFAULTS,
        RaftMemberConfig.DEFAULT_SNAPSHOT_EVERY,
        RaftMemberConfig.DEFAULT_SUBMIT_TIMEOUT,
        io.hyperblock.server.healing.HealingConfig.DEFAULTS);
  }

  /**
   * Parses {@code n1=127.0.0.1:9201,n2=127.0.0.1:9211}.
   *
   * @throws IllegalArgumentException naming the malformed entry
   */
  public static Map<String, String> parsePeers(String text) {
    Map<String, String> peers = new TreeMap<>();
    if (text == null || text.isBlank()) {
      return peers;
    }
    for (String entry : text.split(",")) {
      String[] kv = entry.trim().split("=", 2);
      if (kv.length != 2 || kv[0].isBlank() || !kv[1].matches(".+:[0-9]{1,5}")) {
        throw new IllegalArgumentException(
            "peer '" + entry + "' is not id=host:port, e.g. n1=127.0.0.1:9201");
      }
      if (peers.put(kv[0].trim(), kv[1].trim()) != null) {
        throw new IllegalArgumentException("peer id '" + kv[0] + "' appears twice in --peers");
      }
    }
    return peers;
  }

  private static void checkPort(String what, int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(what + " port must be 0..65535, got " + port);
    }
  }
}
