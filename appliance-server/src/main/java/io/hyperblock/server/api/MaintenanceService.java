package io.hyperblock.server.api;

import io.hyperblock.core.impact.RemovalImpact;
import io.hyperblock.core.impact.VolumeDependency;
import io.hyperblock.core.rebalance.RebalancePlan;
import java.util.List;

/**
 * Operator maintenance of the cluster's bricks: what depends on a failure domain, what losing it
 * would do, removing a brick, draining it, rebalancing, and following the data movements these
 * start (migrations). Every method reads or changes the replicated metadata only: unit copies run
 * in the background on the leader and are followed through {@link #migrations()}.
 *
 * <p>A domain is a path with 1 to 4 segments ({@code dc1}, {@code dc1/rackA}, {@code
 * dc1/rackA/host3}, {@code dc1/rackA/host3/<brick uuid>}) or a brick id (full UUID or an 8+
 * character prefix).
 */
public interface MaintenanceService {

  /**
   * The volumes, stripes and units on the bricks of {@code domain}, in volume order.
   *
   * @throws NotFoundException the domain matches no brick
   * @throws ValidationException a brick id prefix is too short or ambiguous
   */
  List<VolumeDependency> dependencies(String domain);

  /**
   * What losing every unit in {@code domain} now would do to each volume with units there.
   *
   * @throws NotFoundException the domain matches no brick
   * @throws ValidationException a brick id prefix is too short or ambiguous
   */
  RemovalImpact impact(String domain);

  /**
   * Removes a brick from the cluster: it goes REMOVED (kept for history, takes no placements, its
   * registrations are ignored). A DRAINED brick, or one holding no unit, is removed at once. Any
   * other brick is refused while units still live on it, with the removal impact in the message,
   * unless {@code force}: then its units count as lost and are rebuilt from their redundancy.
   *
   * @return the brick after the change
   * @throws NotFoundException no such brick
   * @throws BrickRemovalRefusedException the brick still holds units and {@code force} is false
   * @throws UnavailableException the metadata group has no quorum; retry
   */
  BrickInfo remove(String brickId, boolean force);

  /**
   * Starts draining a brick: marks it DRAINING (it keeps serving reads, takes no new placements),
   * plans where each of its units goes and records the moves; they run in the background and the
   * brick ends DRAINED holding nothing. Draining a DRAINING brick returns its current migration.
   *
   * @return the drain's migration
   * @throws ConflictException the brick is DOWN, DRAINED or REMOVED, or some unit has no brick to
   *     go to (the message lists the stripes; add a brick first)
   * @throws NotFoundException no such brick
   */
  MigrationInfo drain(String brickId);

  /** Drains and rebalances, running first, then the most recent first. */
  List<MigrationInfo> migrations();

  /**
   * Stops a running migration: moves not started are dropped, units already moved stay where they
   * are now. A cancelled drain puts its brick back UP.
   *
   * @return the migration after the change
   * @throws NotFoundException no migration has this id
   * @throws ConflictException the migration has already finished
   */
  MigrationInfo cancel(String migrationId);

  /**
   * The rebalance the current topology calls for; nothing moves. The plan's id is what {@link
   * #applyRebalance} takes.
   */
  RebalancePlan rebalancePlan();

  /**
   * Starts the moves of a rebalance plan made by {@link #rebalancePlan()}.
   *
   * @return the rebalance's migration
   * @throws ConflictException the plan was made for an older topology or placement (make a new
   *     plan), or moves nothing
   */
  MigrationInfo applyRebalance(String planId);
}
