/**
 * Self-healing planning: which units a failed brick took with it, where they are rebuilt ({@link
 * io.hyperblock.core.healing.RebuildPlanner}), and how healthy each volume is ({@link
 * io.hyperblock.core.healing.VolumeHealthEvaluator}).
 *
 * <p>The appliance server's health monitor marks a brick DOWN, takes a {@link
 * io.hyperblock.core.cluster.ClusterSnapshot}, asks for a {@link
 * io.hyperblock.core.healing.RebuildPlan}, has bricks execute its tasks (replica copy or EC
 * reconstruction), then commits the plan's new placement maps (version + 1). Stale units on UP
 * bricks are not moved here: the brick catches up by delta resync; they are only never used as a
 * source.
 *
 * <p>Pure: no I/O, clocks or threads.
 */
package io.hyperblock.core.healing;
