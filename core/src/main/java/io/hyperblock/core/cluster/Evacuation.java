package io.hyperblock.core.cluster;

import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.TopoHash;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Moves the units of one stripe off the bricks they must leave (failed ones for a rebuild, the
 * draining one for a drain) and leaves every other unit in its slot. Shared by the rebuild and
 * drain planners.
 */
public final class Evacuation {

  /**
   * What happens to one stripe.
   *
   * @param stripeIndex the stripe
   * @param moves one move per leaving unit that can be recreated and has a target, in slot order
   * @param newSlots the stripe's bricks after the moves (unmoved units keep their brick)
   * @param leavingUnits how many units had to leave
   * @param unrecoverableUnits leaving units that cannot be recreated from readable units
   * @param unplacedUnits recreatable leaving units for which the topology has no free brick
   * @param readableUnits units of the stripe readable now
   */
  public record StripeResult(
      long stripeIndex,
      List<UnitMove> moves,
      List<UUID> newSlots,
      int leavingUnits,
      int unrecoverableUnits,
      int unplacedUnits,
      int readableUnits) {
    public StripeResult {
      moves = List.copyOf(moves);
      newSlots = List.copyOf(newSlots);
    }
  }

  private Evacuation() {}

  /**
   * Plans the stripe's moves.
   *
   * @param snapshot the cluster; the leaving bricks must not take placements in its topology
   * @param volume the stripe's volume
   * @param group the stripe
   * @param mustLeave which bricks the stripe's units must leave
   * @return empty if no unit of the stripe is on a leaving brick
   */
  public static Optional<StripeResult> stripe(
      ClusterSnapshot snapshot, VolumeLayout volume, ChunkGroup group, Predicate<UUID> mustLeave) {
    long stripe = group.stripeIndex();
    List<UUID> slots = volume.slots(group);
    List<Integer> leavingSlots = new ArrayList<>();
    List<UUID> staying = new ArrayList<>();
    List<UUID> leaving = new ArrayList<>();
    for (int i = 0; i < slots.size(); i++) {
      if (mustLeave.test(slots.get(i))) {
        leavingSlots.add(i);
        leaving.add(slots.get(i));
      } else {
        staying.add(slots.get(i));
      }
    }
    if (leavingSlots.isEmpty()) {
      return Optional.empty();
    }
    List<Integer> recoverable = new ArrayList<>();
    List<Sources.Transfer> transfers = new ArrayList<>();
    for (int slot : leavingSlots) {
      Optional<Sources.Transfer> t = Sources.forSlot(snapshot, volume, stripe, slots, slot);
      if (t.isPresent()) {
        recoverable.add(slot);
        transfers.add(t.get());
      }
    }
    List<UUID> targets =
        Replacements.choose(
            snapshot.topology(),
            volume.rule(),
            TopoHash.pgId(volume.volumeId(), stripe),
            staying,
            leaving,
            recoverable.size());
    List<UUID> newSlots = new ArrayList<>(slots);
    List<UnitMove> moves = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      int slot = recoverable.get(i);
      Sources.Transfer t = transfers.get(i);
      newSlots.set(slot, targets.get(i));
      moves.add(
          new UnitMove(
              volume.volumeId(),
              stripe,
              slot,
              slots.get(slot),
              targets.get(i),
              t.bricks(),
              t.kind(),
              volume.unitBytes()));
    }
    return Optional.of(
        new StripeResult(
            stripe,
            moves,
            newSlots,
            leavingSlots.size(),
            leavingSlots.size() - recoverable.size(),
            recoverable.size() - targets.size(),
            Sources.readableUnits(snapshot, volume, stripe, slots)));
  }
}
