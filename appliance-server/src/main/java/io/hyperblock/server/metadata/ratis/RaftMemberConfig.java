package io.hyperblock.server.metadata.ratis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How one member joins the metadata group.
 *
 * @param memberId this member's id; must be a key of {@code peers}
 * @param peers every member's Raft address ({@code host:port}) by id, this one included; all
 *     members must be started with the same map
 * @param storageDir where the Raft log and snapshots live (created if missing)
 * @param snapshotEvery take a snapshot after this many log entries since the last one, so a restart
 *     replays at most this many entries
 * @param submitTimeout how long a proposal may wait for a leader and a quorum before the caller
 *     gets UnavailableException
 */
public record RaftMemberConfig(
    String memberId,
    Map<String, String> peers,
    Path storageDir,
    long snapshotEvery,
    Duration submitTimeout) {

  /** Default snapshot threshold: small entries, so 10k of them replay in well under a second. */
  public static final long DEFAULT_SNAPSHOT_EVERY = 10_000;

  /** Default proposal timeout: covers an election (~0.4 s measured) with a wide margin. */
  public static final Duration DEFAULT_SUBMIT_TIMEOUT = Duration.ofSeconds(8);

  public RaftMemberConfig {
    Objects.requireNonNull(memberId, "memberId");
    Objects.requireNonNull(storageDir, "storageDir");
    peers = new TreeMap<>(peers);
    if (!peers.containsKey(memberId)) {
      throw new IllegalArgumentException(
          "member id '" + memberId + "' is not in the peer list " + peers.keySet());
    }
    if (snapshotEvery < 1) {
      throw new IllegalArgumentException("snapshot threshold must be at least 1");
    }
  }

  /** A single-member group listening on {@code raftAddress}. */
  public static RaftMemberConfig single(String memberId, String raftAddress, Path storageDir) {
    return new RaftMemberConfig(
        memberId,
        Map.of(memberId, raftAddress),
        storageDir,
        DEFAULT_SNAPSHOT_EVERY,
        DEFAULT_SUBMIT_TIMEOUT);
  }

  /** The port of this member's Raft address. */
  int raftPort() {
    String address = peers.get(memberId);
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }
}
