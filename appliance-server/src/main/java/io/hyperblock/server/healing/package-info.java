/**
 * Rebuild execution on the management server. The leader's {@link
 * io.hyperblock.server.healing.RebuildCoordinator} waits until a DOWN brick has been away longer
 * than the wait-before-replace window, has core's {@link io.hyperblock.core.healing.RebuildPlanner}
 * choose replacement bricks, records the tasks in the Raft state ({@code PlanRebuild}), dispatches
 * them to target bricks ({@code RepairService.RebuildUnit}) under concurrency and rate limits,
 * records progress in batches, and commits each volume's new placement map once its units are
 * copied ({@code CompleteRebuild}). Because tasks live in the Raft state, a new leader or a
 * restarted server resumes the unfinished ones. When a brick registers again, units it no longer
 * holds per placement are reclaimed ({@code RepairService.ReclaimUnits}).
 */
package io.hyperblock.server.healing;
