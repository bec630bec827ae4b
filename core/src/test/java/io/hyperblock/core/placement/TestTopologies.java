package io.hyperblock.core.placement;

import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.core.topology.ClusterTopology;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Small topology fixtures with stable, readable brick ids. */
final class TestTopologies {
  private TestTopologies() {}

  /** A stable UUID derived from a readable name. */
  static UUID id(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
  }

  static Brick up(String name, String dc, String rack, String host, long weight) {
    return new Brick(id(name), dc, rack, host, weight, BrickState.UP, "/data/" + name);
  }

  /** {@code racks} racks rK in dc1, each with {@code perRack} bricks on their own hosts. */
  static ClusterTopology racks(int racks, int perRack, long weight) {
    ClusterTopology.Builder b = ClusterTopology.builder().version(1);
    for (int r = 0; r < racks; r++) {
      for (int i = 0; i < perRack; i++) {
        String name = "r" + r + ".b" + i;
        b.addBrick(up(name, "dc1", "r" + r, "h" + r + "." + i, weight));
      }
    }
    return b.build();
  }
}
