package io.hyperblock.core.cluster;

import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.core.topology.ClusterTopology;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Everything a planner needs, frozen at one moment: the topology, every volume with its placement
 * map, and the units known to be stale (a replica that missed writes, a shard awaiting resync).
 * Planners are functions of a snapshot; the server builds one from its metadata and carries out the
 * resulting plan.
 *
 * @param topology the cluster topology; its version is recorded in every plan
 * @param volumes the volumes, each at most once, in the order plans list them
 * @param staleUnits units that exist on their brick but must not be read (empty: none)
 * @throws InvalidSnapshotException if a volume appears twice
 */
public record ClusterSnapshot(
    ClusterTopology topology, List<VolumeLayout> volumes, Set<UnitKey> staleUnits) {

  public ClusterSnapshot {
    Objects.requireNonNull(topology, "topology");
    volumes = List.copyOf(volumes);
    staleUnits = Set.copyOf(staleUnits);
    Set<UUID> seen = new HashSet<>();
    for (VolumeLayout v : volumes) {
      if (!seen.add(v.volumeId())) {
        throw new InvalidSnapshotException(
            "volume " + v.name() + " (" + v.volumeId() + ") appears twice in the snapshot");
      }
    }
  }

  /** A snapshot without stale units. */
  public static ClusterSnapshot of(ClusterTopology topology, List<VolumeLayout> volumes) {
    return new ClusterSnapshot(topology, volumes, Set.of());
  }

  /** This snapshot with another topology (same volumes and stale units). */
  public ClusterSnapshot withTopology(ClusterTopology newTopology) {
    return new ClusterSnapshot(newTopology, volumes, staleUnits);
  }

  /** The volume with this id, or empty. */
  public Optional<VolumeLayout> volume(UUID volumeId) {
    return volumes.stream().filter(v -> v.volumeId().equals(volumeId)).findFirst();
  }

  /** Whether the brick serves reads: it exists and is UP or DRAINING. */
  public boolean brickServes(UUID brickId) {
    return topology
        .brick(brickId)
        .map(Brick::state)
        .map(s -> s == BrickState.UP || s == BrickState.DRAINING)
        .orElse(false);
  }

  /** Whether the unit of this stripe on this brick can be read: the brick serves it, not stale. */
  public boolean unitReadable(UUID volumeId, long stripeIndex, UUID brickId) {
    return brickServes(brickId)
        && !staleUnits.contains(new UnitKey(volumeId, stripeIndex, brickId));
  }
}
