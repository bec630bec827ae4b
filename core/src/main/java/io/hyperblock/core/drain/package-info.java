/**
 * Drain planning: a deterministic plan that moves every unit off one brick ({@link
 * io.hyperblock.core.drain.DrainPlanner}, {@link io.hyperblock.core.drain.DrainPlan}), so that it
 * ends DRAINED holding nothing and can be removed.
 *
 * <p>The server marks the brick DRAINING (it keeps serving reads and takes no new placements),
 * plans, copies each unit from the draining brick itself to its target, commits the new placement
 * maps and finally marks the brick DRAINED. Execution, progress, ETA and cancellation live in the
 * server; a cancelled drain simply stops before committing the remaining maps.
 *
 * <p>Pure: no I/O, clocks or threads.
 */
package io.hyperblock.core.drain;
