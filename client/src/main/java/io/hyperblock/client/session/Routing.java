package io.hyperblock.client.session;

import io.hyperblock.client.metadata.Placement;
import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.ChunkLocation;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One immutable placement map as the I/O code routes by. An operation takes one {@code Routing} and
 * uses it for every call of one attempt, so the bricks it talks to and the placement version its
 * mutations carry come from the same map (ADR 0009): a mutation must never carry a newer version
 * than the map that named its brick.
 */
public final class Routing {

  private final String volumeName;
  private final Placement placement;
  private final Map<Long, ChunkGroup> groups;

  Routing(String volumeName, Placement placement) {
    this.volumeName = volumeName;
    this.placement = placement;
    Map<Long, ChunkGroup> byStripe = new HashMap<>();
    for (ChunkGroup g : placement.map().groups()) {
      byStripe.put(g.stripeIndex(), g);
    }
    this.groups = byStripe;
  }

  /** The map's version: what every mutation routed by it carries as its placement version. */
  public long version() {
    return placement.map().version();
  }

  public Placement placement() {
    return placement;
  }

  /**
   * The bricks of location {@code location} of the stripe, in slot order: all replicas of a
   * replicated chunk (location 0), or the one brick of EC unit {@code location}.
   *
   * @throws IllegalStateException if the map has no such stripe or location
   */
  public List<UUID> bricks(long stripe, int location) {
    ChunkGroup g = groups.get(stripe);
    if (g == null || location >= g.locations().size()) {
      throw new IllegalStateException(
          "placement map v"
              + version()
              + " of volume "
              + volumeName
              + " has no location "
              + location
              + " for stripe "
              + stripe
              + "; refresh the placement map");
    }
    ChunkLocation loc = g.locations().get(location);
    return loc.brickIds();
  }

  /** The brick of EC unit {@code unit} of the stripe. */
  public UUID brick(long stripe, int unit) {
    return bricks(stripe, unit).getFirst();
  }

  /** Every brick the map names. */
  public Set<UUID> allBricks() {
    Set<UUID> all = new LinkedHashSet<>();
    for (ChunkGroup g : placement.map().groups()) {
      g.locations().forEach(l -> all.addAll(l.brickIds()));
    }
    return all;
  }

  /** The placement groups, in stripe order. */
  public List<ChunkGroup> groups() {
    return placement.map().groups();
  }

  /** The {@code host:port} of a brick the map names, or null. */
  String address(UUID brick) {
    return placement.brickAddresses().get(brick);
  }
}
