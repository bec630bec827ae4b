package io.hyperblock.server.rest;

import io.hyperblock.server.api.BrickService;
import io.hyperblock.server.api.ClusterService;
import io.hyperblock.server.api.VolumeService;

/**
 * The services a contract suite runs against, plus how to release them.
 *
 * <p>What every binding must provide: a cluster with at least 6 UP bricks spread over at least 3
 * racks and at most 7 bricks in all (so 8 replicas and EC 8+3 do not fit), no volumes, and a
 * maximum volume size below 7000PiB.
 */
public record ApiServices(
    VolumeService volumes, BrickService bricks, ClusterService cluster, AutoCloseable closer)
    implements AutoCloseable {

  @Override
  public void close() throws Exception {
    closer.close();
  }
}
