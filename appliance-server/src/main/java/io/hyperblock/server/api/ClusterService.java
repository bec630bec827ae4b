package io.hyperblock.server.api;

import io.hyperblock.core.topology.ClusterTopology;

/** Cluster-wide views. */
public interface ClusterService {

  ClusterStatus status();

  /** The current topology snapshot. */
  ClusterTopology topology();

  /** Brick maintenance (impact, removal, drain, rebalance); empty where the server has none. */
  default java.util.Optional<MaintenanceService> maintenance() {
    return java.util.Optional.empty();
  }

  /** Rebuild progress; empty where the server runs no rebuilds. */
  default java.util.Optional<RebuildService> rebuilds() {
    return java.util.Optional.empty();
  }
}
