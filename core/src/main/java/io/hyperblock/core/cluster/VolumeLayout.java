package io.hyperblock.core.cluster;

import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.ChunkLocation;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.placement.PlacementRule;
import io.hyperblock.core.placement.VolumePlacer;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.ProtectionPolicy;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.core.topology.ClusterTopology;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One volume as the planners see it: its protection, the size of one unit, the placement rule its
 * stripes follow and its current placement map.
 *
 * @param volumeId the volume
 * @param name operator-facing name, used in impact messages
 * @param policy replication or erasure coding
 * @param unitBytes bytes of one unit, at least 1: the chunk size for a replicated volume, the shard
 *     size (chunk size / k) for an erasure-coded one; the server knows it and passes it in
 * @param rule the placement rule of the volume's stripes
 * @param map where every stripe lives now; every group has the policy's shape (replicated: one
 *     location with {@code copies} bricks; k+m: k+m locations of one brick each, all distinct)
 * @throws InvalidSnapshotException if the map belongs to another volume or a group has the wrong
 *     shape
 */
public record VolumeLayout(
    UUID volumeId,
    String name,
    ProtectionPolicy policy,
    long unitBytes,
    PlacementRule rule,
    PlacementMap map) {

  public VolumeLayout {
    Objects.requireNonNull(volumeId, "volumeId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(map, "map");
    if (unitBytes < 1) {
      throw new InvalidSnapshotException(
          "volume " + name + " has unit size " + unitBytes + " B; a unit holds at least 1 byte");
    }
    if (!map.volumeId().equals(volumeId)) {
      throw new InvalidSnapshotException(
          "volume " + name + " (" + volumeId + ") carries the placement map of " + map.volumeId());
    }
    for (ChunkGroup g : map.groups()) {
      checkShape(name, policy, g);
    }
  }

  /**
   * A freshly placed volume with stripes {@code [0, stripes)} under the policy's default rule and a
   * map at version 0 (for tests and for servers creating a volume).
   */
  public static VolumeLayout placed(
      UUID volumeId,
      String name,
      ProtectionPolicy policy,
      long unitBytes,
      ClusterTopology topology,
      long stripes) {
    PlacementRule rule = VolumePlacer.defaultRule(policy);
    List<ChunkGroup> groups =
        VolumePlacer.placeStripes(volumeId, policy, 0, stripes, topology, rule);
    return new VolumeLayout(
        volumeId, name, policy, unitBytes, rule, new PlacementMap(volumeId, 0, groups));
  }

  /** The bricks of a stripe in slot order (replica order, or shard order). */
  public List<UUID> slots(ChunkGroup group) {
    return switch (policy) {
      case Replicated r -> group.locations().getFirst().brickIds();
      case ErasureCoded ec -> group.locations().stream().map(l -> l.brickIds().getFirst()).toList();
    };
  }

  /** The group of {@code stripeIndex} with its units on {@code slots} (distinct bricks). */
  public ChunkGroup group(long stripeIndex, List<UUID> slots) {
    return switch (policy) {
      case Replicated r ->
          new ChunkGroup(
              stripeIndex,
              List.of(
                  new ChunkLocation(ChunkLocation.replicaChunkId(volumeId, stripeIndex), slots)));
      case ErasureCoded ec -> {
        List<ChunkLocation> shards = new ArrayList<>(slots.size());
        for (int i = 0; i < slots.size(); i++) {
          shards.add(
              new ChunkLocation(
                  ChunkLocation.shardChunkId(volumeId, stripeIndex, i), List.of(slots.get(i))));
        }
        yield new ChunkGroup(stripeIndex, shards);
      }
    };
  }

  /**
   * The map at {@code version + 1} with the given stripes' groups replaced (the stripes must exist
   * in the map); other groups are kept as they are.
   */
  public PlacementMap nextMap(Map<Long, ChunkGroup> replaced) {
    List<ChunkGroup> groups = new ArrayList<>(map.groups().size());
    for (ChunkGroup g : map.groups()) {
      groups.add(replaced.getOrDefault(g.stripeIndex(), g));
    }
    return new PlacementMap(volumeId, map.version() + 1, groups);
  }

  /**
   * Units that can be lost before the stripe cannot be read or rebuilt at all: a replica needs one
   * readable copy, an erasure-coded stripe k readable shards.
   */
  public int unitsNeededToRead() {
    return switch (policy) {
      case Replicated r -> 1;
      case ErasureCoded ec -> ec.dataUnits();
    };
  }

  private static void checkShape(String name, ProtectionPolicy policy, ChunkGroup g) {
    int units = policy.unitsPerStripe();
    boolean ok =
        switch (policy) {
          case Replicated r ->
              g.locations().size() == 1 && g.locations().getFirst().brickIds().size() == units;
          case ErasureCoded ec -> {
            HashSet<UUID> seen = new HashSet<>();
            boolean shape = g.locations().size() == units;
            for (ChunkLocation l : g.locations()) {
              shape &= l.brickIds().size() == 1 && seen.add(l.brickIds().getFirst());
            }
            yield shape;
          }
        };
    if (!ok) {
      throw new InvalidSnapshotException(
          "stripe "
              + g.stripeIndex()
              + " of volume "
              + name
              + " does not have the shape of "
              + policy.displayName()
              + " ("
              + units
              + " units on distinct bricks): "
              + g.locations());
    }
  }
}
