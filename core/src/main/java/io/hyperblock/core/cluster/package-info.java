/**
 * The input every planner shares: a {@link io.hyperblock.core.cluster.ClusterSnapshot} (topology,
 * volumes with their policy, unit size and placement map, stale units) and the building blocks of
 * plans: {@link io.hyperblock.core.cluster.UnitMove}, replacement choice ({@link
 * io.hyperblock.core.cluster.Replacements}), transfer sources ({@link
 * io.hyperblock.core.cluster.Sources}), deterministic plan ids and the planning exceptions.
 *
 * <p><b>Units and slots.</b> A stripe of a volume has {@code policy.unitsPerStripe()} units, each
 * on its own brick. Slot {@code i} is replica {@code i} of a replicated stripe's only chunk
 * location, or shard {@code i} (location {@code i}) of an erasure-coded stripe.
 *
 * <p><b>Readable units.</b> A unit can serve reads, and so be a transfer source, when its brick is
 * UP or DRAINING and the unit is not listed as stale. DOWN, DRAINED, REMOVED or unknown bricks hold
 * no readable unit.
 *
 * <p>Pure: no I/O, clocks or threads; every result depends only on the arguments.
 */
package io.hyperblock.core.cluster;
