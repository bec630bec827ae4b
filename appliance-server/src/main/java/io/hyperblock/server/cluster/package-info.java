/**
 * Cluster-wide concerns: the {@link io.hyperblock.server.api.ClusterService} summary, and {@link
 * io.hyperblock.server.cluster.ClusterBootstrap}, which gives a fresh group its cluster id and
 * publishes this member's endpoints.
 */
package io.hyperblock.server.cluster;
