/**
 * The failure-domain tree root -> datacenter -> rack -> host -> brick, as immutable versioned
 * snapshots ({@link io.hyperblock.core.topology.ClusterTopology}) with weights that roll up.
 * Domains are named by path ({@code "dc1/rackA/host3"}); validation errors are {@link
 * io.hyperblock.core.topology.TopologyException}s naming the offending brick and field.
 */
package io.hyperblock.core.topology;
