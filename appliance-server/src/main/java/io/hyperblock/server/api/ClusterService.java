package io.hyperblock.server.api;

import io.hyperblock.core.topology.ClusterTopology;

/** Cluster-wide views. */
public interface ClusterService {

  ClusterStatus status();

  /** The current topology snapshot. */
  ClusterTopology topology();
}
