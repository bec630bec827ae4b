/**
 * Drain and rebalance execution on the management server, and the operator views around them
 * (dependencies, removal impact, brick removal).
 *
 * <p>A drain or a rebalance is a <em>migration</em>: core's {@link
 * io.hyperblock.core.drain.DrainPlanner} or {@link io.hyperblock.core.rebalance.RebalancePlanner}
 * computes the unit moves over a snapshot of the metadata, and each move is recorded in the Raft
 * state as a {@link io.hyperblock.server.metadata.RebuildTask} whose plan id names the migration
 * ({@code drain-...}, {@code rebalance-...}). The healing package's coordinator executes these
 * tasks exactly like rebuild tasks (the target brick pulls the unit with {@code
 * RepairService.RebuildUnit}, then {@code CompleteRebuild} switches the placement map), so there is
 * one executor, one rate limit and one restart story for every kind of unit move. This package adds
 * what is specific to migrations: planning and refusals ({@link
 * io.hyperblock.server.migration.MetadataMaintenanceService}), progress and ETA derived from the
 * tasks ({@link io.hyperblock.server.migration.Migrations}), and the leader's follow-up ({@link
 * io.hyperblock.server.migration.MigrationFinisher}): a DRAINING brick whose units have all moved
 * has its shards reclaimed and goes DRAINED; a unit a rebalance moved away is reclaimed on the
 * brick it left.
 *
 * <p>Everything a migration is lives in the Raft state (brick state + tasks), so a new leader or a
 * restarted server carries on without any local bookkeeping.
 */
package io.hyperblock.server.migration;
