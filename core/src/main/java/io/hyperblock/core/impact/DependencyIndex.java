package io.hyperblock.core.impact;

import io.hyperblock.core.cluster.ClusterSnapshot;
import io.hyperblock.core.cluster.VolumeLayout;
import io.hyperblock.core.placement.ChunkGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Answers "which volumes, stripes and units depend on brick, host, rack or datacenter X" for one
 * snapshot. Build once per snapshot ({@code O(units)}), then query any number of domains.
 */
public final class DependencyIndex {
  private final ClusterSnapshot snapshot;
  private final Map<UUID, List<DependentUnit>> byBrick;

  private DependencyIndex(ClusterSnapshot snapshot, Map<UUID, List<DependentUnit>> byBrick) {
    this.snapshot = snapshot;
    this.byBrick = byBrick;
  }

  /** Indexes every unit of every volume of the snapshot by its brick. */
  public static DependencyIndex build(ClusterSnapshot snapshot) {
    Map<UUID, List<DependentUnit>> byBrick = new HashMap<>();
    for (VolumeLayout v : snapshot.volumes()) {
      for (ChunkGroup g : v.map().groups()) {
        List<UUID> slots = v.slots(g);
        for (int i = 0; i < slots.size(); i++) {
          byBrick
              .computeIfAbsent(slots.get(i), k -> new ArrayList<>())
              .add(new DependentUnit(v.volumeId(), g.stripeIndex(), i, slots.get(i)));
        }
      }
    }
    return new DependencyIndex(snapshot, byBrick);
  }

  /** The units on one brick, by volume (snapshot order), stripe and slot; empty if none. */
  public List<DependentUnit> unitsOn(UUID brickId) {
    return List.copyOf(byBrick.getOrDefault(brickId, List.of()));
  }

  /**
   * The volumes with units in {@code domain} (a path or a brick uuid, see {@link Domain#resolve}),
   * in snapshot order; volumes without one are left out.
   *
   * @throws UnknownDomainException if the domain matches no brick
   */
  public List<VolumeDependency> dependents(String domain) {
    return dependents(Domain.resolve(snapshot.topology(), domain));
  }

  /** As {@link #dependents(String)} for a resolved domain. */
  public List<VolumeDependency> dependents(Domain domain) {
    Map<UUID, List<DependentUnit>> byVolume = new HashMap<>();
    for (UUID brick : domain.bricks()) {
      for (DependentUnit u : byBrick.getOrDefault(brick, List.of())) {
        byVolume.computeIfAbsent(u.volumeId(), k -> new ArrayList<>()).add(u);
      }
    }
    Map<UUID, VolumeDependency> out = new LinkedHashMap<>();
    for (VolumeLayout v : snapshot.volumes()) {
      List<DependentUnit> units = byVolume.get(v.volumeId());
      if (units == null) {
        continue;
      }
      units.sort(
          (a, b) ->
              a.stripeIndex() != b.stripeIndex()
                  ? Long.compare(a.stripeIndex(), b.stripeIndex())
                  : Integer.compare(a.slot(), b.slot()));
      TreeSet<Long> stripes = new TreeSet<>();
      units.forEach(u -> stripes.add(u.stripeIndex()));
      out.put(
          v.volumeId(), new VolumeDependency(v.volumeId(), v.name(), List.copyOf(stripes), units));
    }
    return List.copyOf(out.values());
  }
}
