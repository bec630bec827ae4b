package io.hyperblock.server.api;

import java.util.List;

/**
 * One-screen summary of the cluster.
 *
 * @param leader id of the metadata leader, or null while there is none
 * @param members ids of the metadata group's members
 */
public record ClusterStatus(
    String clusterId,
    String leader,
    List<String> members,
    long topologyVersion,
    int bricksTotal,
    int bricksUp,
    int volumes,
    long capacityBytes,
    long usedBytes) {}
