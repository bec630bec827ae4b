/**
 * Dependencies and removal impact: which volumes, stripes and units depend on a failure domain
 * ({@link io.hyperblock.core.impact.DependencyIndex}), and what removing or losing that domain does
 * to each volume's fault tolerance ({@link io.hyperblock.core.impact.RemovalImpact}).
 *
 * <p>A domain is named by its path as in {@link io.hyperblock.core.topology.ClusterTopology}
 * ({@code dc1}, {@code dc1/rackA}, {@code dc1/rackA/host3}, {@code dc1/rackA/host3/<uuid>}) or by a
 * bare brick uuid ({@link io.hyperblock.core.impact.Domain#resolve}). Fault tolerance is the
 * policy's ({@link io.hyperblock.core.protection.ProtectionPolicy#faultTolerance()}: replicas above
 * the write quorum, or m parity shards) minus the units a stripe has already lost.
 *
 * <p>Pure: no I/O, clocks or threads.
 */
package io.hyperblock.core.impact;
