package io.hyperblock.core.impact;

import io.hyperblock.core.cluster.ClusterSnapshot;
import io.hyperblock.core.cluster.VolumeLayout;
import io.hyperblock.core.placement.ChunkGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The impact of removing (or losing) a whole domain: for every volume with units in it, the fault
 * tolerance left, as a status and a sentence such as "removing rack dc1/rackA leaves volume pg with
 * fault tolerance 0 (was 1)" or "removing host dc1/r1/h1 makes data of volume an unavailable
 * (stripe 17 loses 3 of 6 units, tolerates 2)".
 *
 * <p>The server refuses to remove a brick that is not drained when the impact is not {@link
 * #safe()}, listing {@link #messages()}, unless the operator forces it.
 *
 * @param domain the resolved domain
 * @param volumes one entry per volume with units in the domain, in snapshot order
 */
public record RemovalImpact(Domain domain, List<VolumeImpact> volumes) {

  public RemovalImpact {
    Objects.requireNonNull(domain, "domain");
    volumes = List.copyOf(volumes);
  }

  /**
   * Computes the impact of losing every unit in {@code domain} (a path or a brick uuid).
   *
   * @throws UnknownDomainException if the domain matches no brick
   */
  public static RemovalImpact of(ClusterSnapshot snapshot, String domain) {
    return of(snapshot, Domain.resolve(snapshot.topology(), domain));
  }

  /** As {@link #of(ClusterSnapshot, String)} for a resolved domain. */
  public static RemovalImpact of(ClusterSnapshot snapshot, Domain domain) {
    List<VolumeImpact> out = new ArrayList<>();
    for (VolumeLayout v : snapshot.volumes()) {
      VolumeImpact impact = volume(snapshot, v, domain);
      if (impact != null) {
        out.add(impact);
      }
    }
    return new RemovalImpact(domain, out);
  }

  /** Whether every affected volume keeps its fault tolerance. */
  public boolean safe() {
    return volumes.stream().allMatch(v -> v.status() == ImpactStatus.OK);
  }

  /** Whether some volume's data would become unavailable. */
  public boolean makesDataUnavailable() {
    return volumes.stream().anyMatch(v -> v.status() == ImpactStatus.UNAVAILABLE);
  }

  /** One sentence per affected volume. */
  public List<String> messages() {
    return volumes.stream().map(VolumeImpact::message).toList();
  }

  private static VolumeImpact volume(ClusterSnapshot snapshot, VolumeLayout v, Domain domain) {
    Set<UUID> gone = domain.bricks();
    int f = v.policy().faultTolerance();
    int units = v.policy().unitsPerStripe();
    int before = Integer.MAX_VALUE;
    int after = Integer.MAX_VALUE;
    long worst = -1;
    int worstLost = 0;
    boolean touched = false;
    for (ChunkGroup g : v.map().groups()) {
      int lostNow = 0;
      int lostThen = 0;
      for (UUID b : v.slots(g)) {
        boolean readable = snapshot.unitReadable(v.volumeId(), g.stripeIndex(), b);
        touched |= gone.contains(b);
        lostNow += readable ? 0 : 1;
        lostThen += readable && !gone.contains(b) ? 0 : 1;
      }
      before = Math.min(before, f - lostNow);
      if (f - lostThen < after) {
        after = f - lostThen;
        worst = g.stripeIndex();
        worstLost = lostThen;
      }
    }
    if (!touched) {
      return null;
    }
    ImpactStatus status =
        after < 0
            ? ImpactStatus.UNAVAILABLE
            : after < before ? ImpactStatus.REDUCED : ImpactStatus.OK;
    String removing = "removing " + domain.describe();
    String message =
        switch (status) {
          case UNAVAILABLE ->
              removing
                  + " makes data of volume "
                  + v.name()
                  + " unavailable (stripe "
                  + worst
                  + " loses "
                  + worstLost
                  + " of "
                  + units
                  + " units, tolerates "
                  + f
                  + ")";
          case REDUCED ->
              removing
                  + " leaves volume "
                  + v.name()
                  + " with fault tolerance "
                  + after
                  + " (was "
                  + before
                  + ")";
          case OK ->
              removing
                  + " leaves volume "
                  + v.name()
                  + " with fault tolerance "
                  + after
                  + " (unchanged)";
        };
    return new VolumeImpact(
        v.volumeId(), v.name(), status, before, after, worst, worstLost, units, f, message);
  }
}
