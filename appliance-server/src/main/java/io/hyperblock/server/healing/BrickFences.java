package io.hyperblock.server.healing;

import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.server.metadata.BrickRecord;
import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.metadata.VolumeRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every brick, once per UP period, the fencing epoch and the placement floor of every volume
 * ({@code ObserveEpoch}, {@code SetPlacementFloor}; ADR 0009): also of volumes it no longer holds a
 * unit of, since a unit moved away while the brick was down (the only old holder of an R1 unit)
 * must refuse writers of the old map when it returns. A brick that was away while a volume was
 * attached again otherwise still accepts the fenced writer. Failed pushes are retried at the next
 * round; a new leader pushes again to every brick.
 */
final class BrickFences {
  private static final Logger LOG = LoggerFactory.getLogger(BrickFences.class);

  private final RepairClient bricks;
  private final Set<UUID> done = ConcurrentHashMap.newKeySet();
  private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();

  BrickFences(RepairClient bricks) {
    this.bricks = bricks;
  }

  void forgetAll() {
    done.clear();
  }

  /** Pushes to every UP brick not yet told since it came UP. Never blocks. */
  void refresh(MetadataState state) {
    for (Brick b : state.topology().bricks()) {
      if (b.state() != BrickState.UP && b.state() != BrickState.DRAINING) {
        done.remove(b.id());
        continue;
      }
      BrickRecord r = state.bricks().get(b.id());
      if (r == null || done.contains(b.id()) || !inFlight.add(b.id())) {
        continue;
      }
      List<CompletableFuture<?>> calls = new ArrayList<>();
      for (VolumeRecord v : state.volumes().values()) {
        PlacementMap map = state.placements().get(v.id());
        if (map == null) {
          continue;
        }
        calls.add(bricks.setPlacementFloor(r.address(), v.id(), map.version(), List.of()));
        if (v.attachEpoch() > 0) {
          calls.add(bricks.observeEpoch(r.address(), v.id(), v.attachEpoch()));
        }
      }
      CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
          .whenComplete(
              (x, e) -> {
                inFlight.remove(b.id());
                if (e == null) {
                  done.add(b.id());
                } else {
                  LOG.warn(
                      "cannot tell brick {} its volumes' fences yet: {}", b.id(), e.toString());
                }
              });
    }
  }
}
