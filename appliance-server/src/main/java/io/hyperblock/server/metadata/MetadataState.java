package io.hyperblock.server.metadata;

import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.topology.ClusterTopology;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * An immutable snapshot of everything the metadata group agrees on. Edits return a new snapshot
 * (copy-on-write of the small maps; placement maps are shared, never copied), so readers on other
 * threads never see a half-applied command.
 *
 * <p>Iteration orders are fixed (sorted maps), so two members that applied the same log hold
 * snapshots that serialize to the same bytes.
 */
public final class MetadataState {

  /** At most this many brick transitions are kept; older ones are dropped first. */
  public static final int MAX_TRANSITIONS = 1000;

  /** At most this many replica failure reports are kept (until resync consumes them). */
  public static final int MAX_REPLICA_FAILURES = 10_000;

  /** At most this many finished rebuild tasks are kept; the oldest finished go first. */
  public static final int MAX_FINISHED_TASKS = 1000;

  private static final MetadataState EMPTY =
      new MetadataState(
          null,
          ClusterTopology.builder().build(),
          new TreeMap<>(),
          new TreeMap<>(),
          new TreeMap<>(),
          List.of(),
          List.of(),
          new TreeMap<>(),
          new TreeMap<>());

  private final UUID clusterId;
  private final ClusterTopology topology;
  private final NavigableMap<UUID, BrickRecord> bricks;
  private final NavigableMap<String, VolumeRecord> volumes;
  private final NavigableMap<UUID, PlacementMap> placements;
  private final List<BrickTransition> transitions;
  private final List<ReplicaFailure> replicaFailures;
  private final NavigableMap<String, MemberEndpoint> members;
  private final NavigableMap<String, RebuildTask> rebuildTasks;

  MetadataState(
      UUID clusterId,
      ClusterTopology topology,
      NavigableMap<UUID, BrickRecord> bricks,
      NavigableMap<String, VolumeRecord> volumes,
      NavigableMap<UUID, PlacementMap> placements,
      List<BrickTransition> transitions,
      List<ReplicaFailure> replicaFailures,
      NavigableMap<String, MemberEndpoint> members) {
    this(
        clusterId,
        topology,
        bricks,
        volumes,
        placements,
        transitions,
        replicaFailures,
        members,
        new TreeMap<>());
  }

  MetadataState(
      UUID clusterId,
      ClusterTopology topology,
      NavigableMap<UUID, BrickRecord> bricks,
      NavigableMap<String, VolumeRecord> volumes,
      NavigableMap<UUID, PlacementMap> placements,
      List<BrickTransition> transitions,
      List<ReplicaFailure> replicaFailures,
      NavigableMap<String, MemberEndpoint> members,
      NavigableMap<String, RebuildTask> rebuildTasks) {
    this.clusterId = clusterId;
    this.topology = Objects.requireNonNull(topology, "topology");
    this.bricks = Collections.unmodifiableNavigableMap(bricks);
    this.volumes = Collections.unmodifiableNavigableMap(volumes);
    this.placements = Collections.unmodifiableNavigableMap(placements);
    this.transitions = List.copyOf(transitions);
    this.replicaFailures = List.copyOf(replicaFailures);
    this.members = Collections.unmodifiableNavigableMap(members);
    this.rebuildTasks = Collections.unmodifiableNavigableMap(rebuildTasks);
  }

  /** The state of a fresh group: no cluster id, no bricks, no volumes. */
  public static MetadataState empty() {
    return EMPTY;
  }

  /** The cluster id, or empty until the first leader committed InitCluster. */
  public Optional<UUID> clusterId() {
    return Optional.ofNullable(clusterId);
  }

  public ClusterTopology topology() {
    return topology;
  }

  /** Registration details by brick id. Every brick in the topology has one. */
  public NavigableMap<UUID, BrickRecord> bricks() {
    return bricks;
  }

  /** Volumes by name. */
  public NavigableMap<String, VolumeRecord> volumes() {
    return volumes;
  }

  public Optional<VolumeRecord> volume(String name) {
    return Optional.ofNullable(volumes.get(name));
  }

  public Optional<VolumeRecord> volumeById(UUID id) {
    return volumes.values().stream().filter(v -> v.id().equals(id)).findFirst();
  }

  /** Placement maps by volume id; every volume has one. */
  public NavigableMap<UUID, PlacementMap> placements() {
    return placements;
  }

  /** Brick state transitions, oldest first, at most {@link #MAX_TRANSITIONS}. */
  public List<BrickTransition> transitions() {
    return transitions;
  }

  /**
   * Units reported stale, oldest first, one entry per (volume, stripe, shard, brick), at most
   * {@link #MAX_REPLICA_FAILURES}.
   */
  public List<ReplicaFailure> replicaFailures() {
    return replicaFailures;
  }

  /** Group members' client endpoints by member id. */
  public NavigableMap<String, MemberEndpoint> members() {
    return members;
  }

  /**
   * Rebuild tasks by task id: every unfinished one, and the most recent finished ones (at most
   * {@link #MAX_FINISHED_TASKS}) for progress reports.
   */
  public NavigableMap<String, RebuildTask> rebuildTasks() {
    return rebuildTasks;
  }

  Builder toBuilder() {
    return new Builder(this);
  }

  @Override
  public String toString() {
    return "MetadataState[cluster="
        + clusterId
        + ", topology v"
        + topology.version()
        + ", bricks="
        + bricks.size()
        + ", volumes="
        + volumes.size()
        + "]";
  }

  /** Copy-on-write editor used by {@link CommandApplier} and the snapshot codec. */
  static final class Builder {
    UUID clusterId;
    ClusterTopology topology;
    final TreeMap<UUID, BrickRecord> bricks;
    final TreeMap<String, VolumeRecord> volumes;
    final TreeMap<UUID, PlacementMap> placements;
    List<BrickTransition> transitions;
    List<ReplicaFailure> replicaFailures;
    final TreeMap<String, MemberEndpoint> members;
    final TreeMap<String, RebuildTask> rebuildTasks;

    Builder(MetadataState s) {
      clusterId = s.clusterId;
      topology = s.topology;
      bricks = new TreeMap<>(s.bricks);
      volumes = new TreeMap<>(s.volumes);
      placements = new TreeMap<>(s.placements);
      transitions = s.transitions;
      replicaFailures = s.replicaFailures;
      members = new TreeMap<>(s.members);
      rebuildTasks = new TreeMap<>(s.rebuildTasks);
    }

    void addTransition(BrickTransition t) {
      transitions = appendCapped(transitions, t, MAX_TRANSITIONS);
    }

    /** Adds reports of units not already reported stale (same volume, stripe, shard, brick). */
    void addReplicaFailures(List<ReplicaFailure> failures) {
      var known = new java.util.HashSet<List<Object>>();
      replicaFailures.forEach(f -> known.add(key(f)));
      var list = new java.util.ArrayList<>(replicaFailures);
      for (ReplicaFailure f : failures) {
        if (known.add(key(f))) {
          list.add(f);
        }
      }
      replicaFailures =
          list.size() > MAX_REPLICA_FAILURES
              ? list.subList(list.size() - MAX_REPLICA_FAILURES, list.size())
              : list;
    }

    /** Drops the failures matching {@code which}; returns how many. */
    int removeReplicaFailures(java.util.function.Predicate<ReplicaFailure> which) {
      var kept = replicaFailures.stream().filter(which.negate()).toList();
      int removed = replicaFailures.size() - kept.size();
      replicaFailures = kept;
      return removed;
    }

    private static List<Object> key(ReplicaFailure f) {
      return List.of(f.volumeId(), f.stripeIndex(), f.shardIndex(), f.brickId());
    }

    private static <T> List<T> appendCapped(List<T> list, T item, int cap) {
      var copy = new java.util.ArrayList<T>(list.size() + 1);
      copy.addAll(list.size() >= cap ? list.subList(list.size() - cap + 1, list.size()) : list);
      copy.add(item);
      return copy;
    }

    MetadataState build() {
      return new MetadataState(
          clusterId,
          topology,
          bricks,
          volumes,
          placements,
          transitions,
          replicaFailures,
          members,
          rebuildTasks);
    }
  }
}
