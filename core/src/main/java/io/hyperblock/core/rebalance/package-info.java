/**
 * Rebalance planning: after bricks join or weights change, which units TopoHash now wants
 * elsewhere, the bytes that moves, and every brick's fill before and after ({@link
 * io.hyperblock.core.rebalance.RebalancePlanner}, {@link
 * io.hyperblock.core.rebalance.RebalancePlan}).
 *
 * <p>{@code rebalance plan} shows a plan without moving anything; {@code rebalance apply PLAN}
 * first calls {@link
 * io.hyperblock.core.rebalance.RebalancePlan#validateAgainst(io.hyperblock.core.cluster.ClusterSnapshot)}
 * so that a plan made for an older topology, or over a placement map committed since, is refused.
 * Throttling and progress tracking live in the server.
 *
 * <p>Pure: no I/O, clocks or threads.
 */
package io.hyperblock.core.rebalance;
