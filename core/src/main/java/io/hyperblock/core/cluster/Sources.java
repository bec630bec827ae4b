package io.hyperblock.core.cluster;

import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.Replicated;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Where the bytes of a unit that must be (re)created come from. */
public final class Sources {

  /**
   * How to obtain a unit, and from which bricks.
   *
   * @param kind copy or reconstruct
   * @param bricks the bricks to read, preferred first
   */
  public record Transfer(MoveKind kind, List<UUID> bricks) {
    public Transfer {
      bricks = List.copyOf(bricks);
    }
  }

  private Sources() {}

  /**
   * The transfer that recreates slot {@code slot} of a stripe whose units are on {@code slots}.
   *
   * <ul>
   *   <li>The unit itself is readable: {@link MoveKind#COPY} from its own brick first, then (for a
   *       replica) from every other readable replica.
   *   <li>Replicated, unit not readable: COPY from the readable replicas.
   *   <li>Erasure-coded, unit not readable: {@link MoveKind#RECONSTRUCT} from the readable other
   *       shards, if there are at least k.
   * </ul>
   *
   * @return empty if the unit cannot be recreated from what is readable (data unavailable)
   */
  public static Optional<Transfer> forSlot(
      ClusterSnapshot snapshot, VolumeLayout volume, long stripeIndex, List<UUID> slots, int slot) {
    List<UUID> readable = new ArrayList<>();
    for (int i = 0; i < slots.size(); i++) {
      if (i != slot && snapshot.unitReadable(volume.volumeId(), stripeIndex, slots.get(i))) {
        readable.add(slots.get(i));
      }
    }
    UUID own = slots.get(slot);
    boolean ownReadable = snapshot.unitReadable(volume.volumeId(), stripeIndex, own);
    return switch (volume.policy()) {
      case Replicated r -> {
        List<UUID> copies = new ArrayList<>();
        if (ownReadable) {
          copies.add(own);
        }
        copies.addAll(readable);
        yield copies.isEmpty()
            ? Optional.empty()
            : Optional.of(new Transfer(MoveKind.COPY, copies));
      }
      case ErasureCoded ec -> {
        if (ownReadable) {
          yield Optional.of(new Transfer(MoveKind.COPY, List.of(own)));
        }
        yield readable.size() >= ec.dataUnits()
            ? Optional.of(new Transfer(MoveKind.RECONSTRUCT, readable))
            : Optional.empty();
      }
    };
  }

  /** How many units of the stripe are readable. */
  public static int readableUnits(
      ClusterSnapshot snapshot, VolumeLayout volume, long stripeIndex, List<UUID> slots) {
    int n = 0;
    for (UUID b : slots) {
      if (snapshot.unitReadable(volume.volumeId(), stripeIndex, b)) {
        n++;
      }
    }
    return n;
  }
}
