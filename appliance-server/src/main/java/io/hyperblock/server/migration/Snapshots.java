package io.hyperblock.server.migration;

import io.hyperblock.core.cluster.ClusterSnapshot;
import io.hyperblock.core.cluster.UnitKey;
import io.hyperblock.core.cluster.VolumeLayout;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.placement.VolumePlacer;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.metadata.ReplicaFailure;
import io.hyperblock.server.metadata.VolumeRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The planners' view ({@link ClusterSnapshot}) of the replicated metadata. */
public final class Snapshots {

  private Snapshots() {}

  /**
   * Every volume with its policy, unit size (chunk size, or chunk size / k for erasure coding),
   * default placement rule and map; units reported stale by clients are marked stale.
   */
  public static ClusterSnapshot of(MetadataState state) {
    List<VolumeLayout> volumes = new ArrayList<>();
    for (VolumeRecord v : state.volumes().values()) {
      PlacementMap map = state.placements().get(v.id());
      volumes.add(
          new VolumeLayout(
              v.id(),
              v.name(),
              v.policy(),
              unitBytes(v),
              VolumePlacer.defaultRule(v.policy()),
              map));
    }
    Set<UnitKey> stale = new HashSet<>();
    for (ReplicaFailure f : state.replicaFailures()) {
      stale.add(new UnitKey(f.volumeId(), f.stripeIndex(), f.brickId()));
    }
    return new ClusterSnapshot(state.topology(), volumes, stale);
  }

  /** Bytes of one unit of the volume: its chunk size, or chunk size / k for erasure coding. */
  public static long unitBytes(VolumeRecord v) {
    return v.policy() instanceof ErasureCoded ec
        ? v.chunkSizeBytes() / ec.dataUnits()
        : v.chunkSizeBytes();
  }
}
