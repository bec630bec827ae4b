package io.hyperblock.server.healing;

import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.metadata.RebuildTask;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Chooses where lost units are rebuilt: a pure function of the metadata state, so the coordinator
 * can be tested with any strategy. The production strategy is {@link PlannerRebuildPlanning}.
 */
@FunctionalInterface
public interface RebuildPlanning {

  /**
   * New PENDING tasks that recreate, elsewhere, every unit that lives on one of {@code replaced}.
   * Units on other bricks never move. A unit that cannot be rebuilt (too few readable units, no
   * brick to put it on) gets no task.
   *
   * @param replaced DOWN bricks whose units are to be rebuilt now
   * @param at the proposer's time, recorded in the tasks
   */
  List<RebuildTask> plan(MetadataState state, Set<UUID> replaced, Instant at);
}
