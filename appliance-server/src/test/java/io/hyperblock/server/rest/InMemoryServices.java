package io.hyperblock.server.rest;

import io.hyperblock.server.rest.fake.InMemoryCluster;

/** Binds the contract suites to the in-memory services: 6 UP bricks in 3 racks. */
final class InMemoryServices {

  private InMemoryServices() {}

  static ApiServices start() {
    InMemoryCluster cluster = InMemoryCluster.withBricks(6, 3);
    return new ApiServices(cluster.volumes(), cluster, cluster, () -> {});
  }
}
