package io.hyperblock.server.rest;

import io.hyperblock.server.api.BrickService;
import io.hyperblock.server.brick.BrickGateway;
import io.hyperblock.server.brick.MetadataBrickService;
import io.hyperblock.server.cluster.MetadataClusterService;
import io.hyperblock.server.health.HeartbeatTracker;
import io.hyperblock.server.metadata.InMemoryMetadataStore;
import io.hyperblock.server.testing.Fixtures;
import io.hyperblock.server.volume.MetadataVolumeService;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.UUID;

/**
 * Binds the contract suites to the server's real application services (validation, TopoHash
 * placement, state machine) over the in-memory metadata store instead of Ratis: 6 bricks in 3 racks
 * registered through real commands; brick calls go nowhere.
 */
final class MetadataServices {

  private MetadataServices() {}

  static ApiServices start() {
    InMemoryMetadataStore store = new InMemoryMetadataStore();
    Fixtures.cluster(store, 3, 2);
    BrickService bricks = new MetadataBrickService(store, new HeartbeatTracker());
    MetadataVolumeService volumes =
        new MetadataVolumeService(
            store, new NoBricks(), Clock.fixed(Fixtures.T0, ZoneOffset.UTC), UUID::randomUUID);
    return new ApiServices(volumes, bricks, new MetadataClusterService(store, bricks), store);
  }

  /** Bricks that acknowledge nothing: these suites never read or write data. */
  private static final class NoBricks implements BrickGateway {
    @Override
    public void deleteVolume(Collection<String> brickAddresses, UUID volumeId, long epoch) {}

    @Override
    public int observeEpoch(Collection<String> brickAddresses, UUID volumeId, long epoch) {
      return 0;
    }

    @Override
    public void close() {}
  }
}
