package io.hyperblock.client.testing;

import io.hyperblock.client.metadata.Placement;
import io.hyperblock.client.metadata.VolumeInfo;
import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.ChunkLocation;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.protection.ErasureCoded;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test placements: every stripe on every brick, rotated by stripe index. */
public final class Placements {
  private Placements() {}

  public static Placement rotated(VolumeInfo volume, List<UUID> bricks, Map<UUID, String> addr) {
    int n = volume.policy().unitsPerStripe();
    long stripes = (volume.sizeBytes() + volume.chunkSize() - 1) / volume.chunkSize();
    List<ChunkGroup> groups = new ArrayList<>();
    for (long s = 0; s < stripes; s++) {
      List<UUID> order = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        order.add(bricks.get((int) ((i + s) % n)));
      }
      List<ChunkLocation> locs = new ArrayList<>();
      if (volume.policy() instanceof ErasureCoded) {
        for (int i = 0; i < n; i++) {
          locs.add(
              new ChunkLocation(
                  ChunkLocation.shardChunkId(volume.id(), s, i), List.of(order.get(i))));
        }
      } else {
        locs.add(new ChunkLocation(ChunkLocation.replicaChunkId(volume.id(), s), order));
      }
      groups.add(new ChunkGroup(s, locs));
    }
    return new Placement(new PlacementMap(volume.id(), 1, groups), addr);
  }

  /** The index in {@code bricks} of the brick holding unit or replica slot {@code unit}. */
  public static int holder(Placement p, List<UUID> bricks, long stripe, int unit) {
    ChunkGroup g = p.map().groups().get((int) stripe);
    UUID id =
        g.locations().size() > 1
            ? g.locations().get(unit).brickIds().getFirst()
            : g.locations().getFirst().brickIds().get(unit);
    return bricks.indexOf(id);
  }
}
