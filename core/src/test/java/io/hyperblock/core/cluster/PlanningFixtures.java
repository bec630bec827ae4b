package io.hyperblock.core.cluster;

import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.protection.ProtectionPolicy;
import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.core.topology.ClusterTopology;
import io.hyperblock.core.topology.DomainLevel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Topologies and volumes with readable names, shared by the planner tests. */
public final class PlanningFixtures {
  public static final long MIB = 1L << 20;

  private PlanningFixtures() {}

  /** A stable UUID derived from a readable name. */
  public static UUID id(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
  }

  /** An UP brick {@code name} on its own host {@code h-<name>} in {@code dc1/<rack>}. */
  public static Brick brick(String name, String rack, long weight) {
    return new Brick(id(name), "dc1", rack, "h-" + name, weight, BrickState.UP, "/data/" + name);
  }

  /**
   * {@code racks} racks {@code rack0..} in dc1, each with {@code perRack} bricks {@code rR.bI} on
   * their own hosts, weight 100, topology version 1.
   */
  public static ClusterTopology racks(int racks, int perRack) {
    ClusterTopology.Builder b = ClusterTopology.builder().version(1);
    for (int r = 0; r < racks; r++) {
      for (int i = 0; i < perRack; i++) {
        b.addBrick(brick("r" + r + ".b" + i, "rack" + r, 100));
      }
    }
    return b.build();
  }

  /** The id of brick {@code rR.bI} of {@link #racks}. */
  public static UUID brickId(int rack, int index) {
    return id("r" + rack + ".b" + index);
  }

  /** A volume named {@code name} with {@code stripes} stripes placed on {@code topology}. */
  public static VolumeLayout volume(
      String name, ProtectionPolicy policy, long unitBytes, ClusterTopology topology, int stripes) {
    return VolumeLayout.placed(id(name), name, policy, unitBytes, topology, stripes);
  }

  /** The bricks of every stripe of a map, by stripe index. */
  public static Map<Long, List<UUID>> slotsByStripe(VolumeLayout volume, PlacementMap map) {
    Map<Long, List<UUID>> out = new HashMap<>();
    for (ChunkGroup g : map.groups()) {
      out.put(g.stripeIndex(), volume.slots(g));
    }
    return out;
  }

  /** How many of {@code bricks} are in each rack, the largest count. */
  public static int maxPerRack(ClusterTopology topology, List<UUID> bricks) {
    Map<String, Integer> perRack = new HashMap<>();
    for (UUID b : bricks) {
      perRack.merge(topology.brick(b).orElseThrow().domainPath(DomainLevel.RACK), 1, Integer::sum);
    }
    return perRack.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }
}
