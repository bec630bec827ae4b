package io.hyperblock.server.volume;

import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.ChunkLocation;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.core.topology.ClusterTopology;
import io.hyperblock.server.api.VolumeInfo;
import io.hyperblock.server.api.VolumeState;
import io.hyperblock.server.metadata.VolumeRecord;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/** Derived views of a volume: its API record and its health over the current topology. */
public final class VolumeViews {
  private VolumeViews() {}

  public static VolumeInfo info(VolumeRecord v, PlacementMap map, ClusterTopology topology) {
    return new VolumeInfo(
        v.id(),
        v.name(),
        v.sizeBytes(),
        v.chunkSizeBytes(),
        v.policy(),
        health(v, map, topology),
        v.placementEpoch(),
        v.attachEpoch(),
        v.attachedTo(),
        v.createdAt());
  }

  /**
   * HEALTHY when every unit sits on an UP brick; DEGRADED when some stripe lost units but every
   * stripe keeps a readable set (one replica; k of k+m shards); UNAVAILABLE otherwise.
   */
  public static VolumeState health(VolumeRecord v, PlacementMap map, ClusterTopology topology) {
    if (map == null) {
      return VolumeState.UNAVAILABLE;
    }
    int tolerable =
        switch (v.policy()) {
          case Replicated r -> r.copies() - 1;
          case ErasureCoded e -> e.parityUnits();
        };
    VolumeState worst = VolumeState.HEALTHY;
    for (ChunkGroup g : map.groups()) {
      int lost = 0;
      for (ChunkLocation l : g.locations()) {
        for (UUID brick : l.brickIds()) {
          if (topology.brick(brick).map(b -> b.state() != BrickState.UP).orElse(true)) {
            lost++;
          }
        }
      }
      if (lost > tolerable) {
        return VolumeState.UNAVAILABLE;
      }
      if (lost > 0) {
        worst = VolumeState.DEGRADED;
      }
    }
    return worst;
  }

  /** Every brick the map names, in first-use order. */
  public static Set<UUID> bricksOf(PlacementMap map) {
    Set<UUID> ids = new LinkedHashSet<>();
    for (ChunkGroup g : map.groups()) {
      for (ChunkLocation l : g.locations()) {
        ids.addAll(l.brickIds());
      }
    }
    return ids;
  }
}
