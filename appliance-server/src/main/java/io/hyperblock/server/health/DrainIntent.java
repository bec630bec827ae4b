package io.hyperblock.server.health;

import io.hyperblock.core.cluster.MoveKind;
import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.server.metadata.BrickTransition;
import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.metadata.RebuildTask;
import io.hyperblock.server.metadata.VolumeRecord;
import io.hyperblock.server.migration.Migrations;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The drain intent of a brick that failed while draining. Liveness wins over the drain: a DRAINING
 * brick that stops heartbeating goes DOWN like any other (alerts, volume health and rebuild
 * planning all treat DOWN as failed), and the intent is kept in the recorded transition history
 * rather than in a second state: the brick is <em>draining-when-down</em> when its latest
 * transition into DOWN came from DRAINING and no operator cancelled a drain of it since. Pure
 * functions of the replicated state, so every member and every new leader reads the same intent.
 *
 * <p>The history keeps the last {@link MetadataState#MAX_TRANSITIONS} transitions of the whole
 * cluster; a brick DOWN for longer than that many other transitions loses its intent and comes back
 * UP instead of DRAINING (drain it again).
 */
public final class DrainIntent {

  /** Why the health monitor cancels a drain move stranded by its DOWN source. */
  static final String STRANDED = "its source brick went DOWN during the drain";

  private DrainIntent() {}

  /** Whether the brick is DOWN and was DRAINING when it went DOWN. */
  public static boolean drainingWhenDown(MetadataState state, UUID brick) {
    return stateOf(state, brick) == BrickState.DOWN && lastDownFromDraining(state, brick);
  }

  /**
   * Whether the brick is UP only because it registered again (a restart) at or after {@code since}
   * while DOWN with a drain intent: registration turns any DOWN brick UP, and the registration
   * service puts it back to DRAINING at once ({@link HealthMonitor#onRegistered}); the health
   * monitor's scan does it if that proposal was lost. Bounded by {@code since} so that a drain the
   * operator cancelled long ago is never resumed once the cancelled tasks have aged out of the
   * state.
   */
  public static boolean upAfterDownWhileDraining(MetadataState state, UUID brick, Instant since) {
    if (stateOf(state, brick) != BrickState.UP) {
      return false;
    }
    BrickTransition last = null;
    for (BrickTransition t : state.transitions()) {
      if (t.brickId().equals(brick)) {
        last = t;
      }
    }
    return last != null
        && last.from() == BrickState.DOWN
        && last.to() == BrickState.UP
        && BrickTransition.REGISTERED.equals(last.reason())
        && !last.at().isBefore(since)
        && lastDownFromDraining(state, brick);
  }

  private static boolean lastDownFromDraining(MetadataState state, UUID brick) {
    BrickTransition down = null;
    for (BrickTransition t : state.transitions()) {
      if (t.brickId().equals(brick) && t.to() == BrickState.DOWN) {
        down = t;
      }
    }
    if (down == null || down.from() != BrickState.DRAINING) {
      return false;
    }
    Instant since = down.at();
    return state.rebuildTasks().values().stream()
        .noneMatch(
            t ->
                t.fromBrick().equals(brick)
                    && t.planId().startsWith(Migrations.DRAIN_PREFIX)
                    && Migrations.CANCELLED_BY_OPERATOR.equals(t.lastError())
                    && !t.updatedAt().isBefore(since));
  }

  /**
   * Open drain moves away from the (DOWN) brick that cannot run without it: fewer of their sources
   * other than the brick are UP or DRAINING than the move needs (an erasure-coded shard drained by
   * copying has the leaving brick as its only source). Left alone they would wait for the brick
   * forever and keep the rebuild planner off their units.
   */
  static List<RebuildTask> strandedMoves(MetadataState state, UUID brick) {
    List<RebuildTask> out = new ArrayList<>();
    for (RebuildTask t : state.rebuildTasks().values()) {
      if ((t.state() != RebuildTask.State.PENDING && t.state() != RebuildTask.State.RUNNING)
          || !t.fromBrick().equals(brick)
          || !t.planId().startsWith(Migrations.DRAIN_PREFIX)) {
        continue;
      }
      VolumeRecord v = state.volumeById(t.volumeId()).orElse(null);
      if (v == null) {
        continue; // the coordinator cancels it
      }
      int needed =
          v.policy() instanceof ErasureCoded ec && t.kind() == MoveKind.RECONSTRUCT
              ? ec.dataUnits()
              : 1;
      long usable =
          t.sources().stream()
              .filter(s -> !s.equals(brick))
              .map(s -> stateOf(state, s))
              .filter(s -> s == BrickState.UP || s == BrickState.DRAINING)
              .count();
      if (usable < needed) {
        out.add(t);
      }
    }
    return out;
  }

  /** How many units the placement maps still put on the brick. */
  static int unitsOn(MetadataState state, UUID brick) {
    int n = 0;
    for (PlacementMap map : state.placements().values()) {
      for (ChunkGroup g : map.groups()) {
        for (var location : g.locations()) {
          if (location.brickIds().contains(brick)) {
            n++;
          }
        }
      }
    }
    return n;
  }

  /** Whether an unfinished task still moves a unit away from the brick. */
  static boolean movingAway(MetadataState state, UUID brick) {
    return state.rebuildTasks().values().stream()
        .anyMatch(t -> !t.state().finished() && t.fromBrick().equals(brick));
  }

  private static BrickState stateOf(MetadataState state, UUID brick) {
    return state.topology().brick(brick).map(Brick::state).orElse(null);
  }
}
