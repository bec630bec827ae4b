package io.hyperblock.core.healing;

import io.hyperblock.core.cluster.ClusterSnapshot;
import io.hyperblock.core.cluster.Sources;
import io.hyperblock.core.cluster.VolumeLayout;
import io.hyperblock.core.placement.ChunkGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * Derives volume health from a snapshot: a unit counts as lost when its brick does not serve it
 * (DOWN, DRAINED, REMOVED, unknown) or it is listed as stale. A stripe is HEALTHY without lost
 * units, DEGRADED with up to {@code policy.faultTolerance()} lost, UNAVAILABLE beyond.
 */
public final class VolumeHealthEvaluator {

  private VolumeHealthEvaluator() {}

  /** The health of every volume of the snapshot, in snapshot order. */
  public static List<VolumeHealth> evaluate(ClusterSnapshot snapshot) {
    List<VolumeHealth> out = new ArrayList<>(snapshot.volumes().size());
    for (VolumeLayout v : snapshot.volumes()) {
      out.add(evaluate(snapshot, v));
    }
    return out;
  }

  /** The health of one volume of the snapshot. */
  public static VolumeHealth evaluate(ClusterSnapshot snapshot, VolumeLayout volume) {
    int units = volume.policy().unitsPerStripe();
    int tolerance = volume.policy().faultTolerance();
    long degraded = 0;
    long unavailable = 0;
    for (ChunkGroup g : volume.map().groups()) {
      int lost = units - Sources.readableUnits(snapshot, volume, g.stripeIndex(), volume.slots(g));
      if (lost > tolerance) {
        unavailable++;
      } else if (lost > 0) {
        degraded++;
      }
    }
    HealthStatus status =
        unavailable > 0
            ? HealthStatus.UNAVAILABLE
            : degraded > 0 ? HealthStatus.DEGRADED : HealthStatus.HEALTHY;
    return new VolumeHealth(
        volume.volumeId(),
        volume.name(),
        status,
        volume.map().groups().size(),
        degraded,
        unavailable);
  }
}
