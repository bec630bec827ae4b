package io.hyperblock.core.placement;

import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.ProtectionPolicy;
import io.hyperblock.core.protection.Replicated;
import io.hyperblock.core.topology.ClusterTopology;
import io.hyperblock.core.topology.DomainLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Turns TopoHash placements into the chunk groups of a volume's {@link PlacementMap}. */
public final class VolumePlacer {

  /**
   * A planner asking for more stripes at once than this is almost certainly passing a byte count
   * where a stripe count belongs; the groups of one call must also fit in one list.
   */
  public static final long MAX_STRIPES_PER_CALL = 1L << 24;

  private VolumePlacer() {}

  /** The seed's default rule for a policy: its units on distinct racks, then any unique bricks. */
  public static PlacementRule defaultRule(ProtectionPolicy policy) {
    return PlacementRule.spreadAcross(DomainLevel.RACK, policy.unitsPerStripe());
  }

  /**
   * Places stripes {@code [fromStripe, toStripeExclusive)} of a volume.
   *
   * <p>Replicated: one {@link ChunkLocation} per stripe, id {@code <volume>/<stripe>}, with {@code
   * copies} bricks in slot order. Erasure-coded k+m: k+m locations per stripe, location i = shard i
   * with id {@code <volume>/<stripe>/<i>} on the brick of slot i.
   *
   * @return one group per stripe, in stripe order (empty if the range is empty)
   * @throws PlacementException if the topology has fewer placeable bricks than units per stripe
   * @throws IllegalArgumentException if {@code fromStripe < 0}, the range is reversed, or it holds
   *     more than {@link #MAX_STRIPES_PER_CALL} stripes
   */
  public static List<ChunkGroup> placeStripes(
      UUID volumeId,
      ProtectionPolicy policy,
      long fromStripe,
      long toStripeExclusive,
      ClusterTopology topology,
      PlacementRule rule) {
    Objects.requireNonNull(volumeId, "volumeId");
    Objects.requireNonNull(policy, "policy");
    if (fromStripe < 0 || toStripeExclusive < fromStripe) {
      throw new IllegalArgumentException(
          "stripe range ["
              + fromStripe
              + ", "
              + toStripeExclusive
              + ") is invalid; need 0 <= from <= to");
    }
    if (toStripeExclusive - fromStripe > MAX_STRIPES_PER_CALL) {
      throw new IllegalArgumentException(
          "stripe range ["
              + fromStripe
              + ", "
              + toStripeExclusive
              + ") holds more than "
              + MAX_STRIPES_PER_CALL
              + " stripes; place it in batches");
    }
    int units = policy.unitsPerStripe();
    List<ChunkGroup> groups = new ArrayList<>((int) (toStripeExclusive - fromStripe));
    for (long stripe = fromStripe; stripe < toStripeExclusive; stripe++) {
      List<UUID> bricks = TopoHash.place(topology, rule, TopoHash.pgId(volumeId, stripe), units);
      groups.add(new ChunkGroup(stripe, locations(volumeId, policy, stripe, bricks)));
    }
    return groups;
  }

  private static List<ChunkLocation> locations(
      UUID volumeId, ProtectionPolicy policy, long stripe, List<UUID> bricks) {
    return switch (policy) {
      case Replicated r ->
          List.of(new ChunkLocation(ChunkLocation.replicaChunkId(volumeId, stripe), bricks));
      case ErasureCoded ec -> {
        List<ChunkLocation> shards = new ArrayList<>(ec.unitsPerStripe());
        for (int i = 0; i < bricks.size(); i++) {
          shards.add(
              new ChunkLocation(
                  ChunkLocation.shardChunkId(volumeId, stripe, i), List.of(bricks.get(i))));
        }
        yield shards;
      }
    };
  }
}
