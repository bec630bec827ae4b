package io.hyperblock.server.cluster;

import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.core.topology.ClusterTopology;
import io.hyperblock.server.api.BrickInfo;
import io.hyperblock.server.api.BrickService;
import io.hyperblock.server.api.ClusterService;
import io.hyperblock.server.api.ClusterStatus;
import io.hyperblock.server.api.MaintenanceService;
import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.metadata.MetadataStore;
import io.hyperblock.server.migration.MetadataMaintenanceService;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/** {@link ClusterService} over the replicated metadata. */
public final class MetadataClusterService implements ClusterService {

  private final MetadataStore store;
  private final BrickService bricks;
  private final MaintenanceService maintenance;

  /** With brick maintenance on the system clock. */
  public MetadataClusterService(MetadataStore store, BrickService bricks) {
    this(store, bricks, new MetadataMaintenanceService(store, bricks, Clock.systemUTC()));
  }

  public MetadataClusterService(
      MetadataStore store, BrickService bricks, MaintenanceService maintenance) {
    this.store = store;
    this.bricks = bricks;
    this.maintenance = maintenance;
  }

  @Override
  public Optional<MaintenanceService> maintenance() {
    return Optional.of(maintenance);
  }

  @Override
  public ClusterStatus status() {
    MetadataState state = store.state();
    ClusterTopology topology = state.topology();
    long capacity = 0;
    long used = 0;
    for (BrickInfo b : bricks.list()) {
      if (b.brick().inLayout()) {
        capacity += b.capacityBytes();
        used += b.usedBytes();
      }
    }
    return new ClusterStatus(
        state.clusterId().map(UUID::toString).orElse(null),
        store.leaderId().orElse(null),
        store.memberIds(),
        topology.version(),
        topology.bricks().size(),
        (int) topology.bricks().stream().map(Brick::state).filter(BrickState.UP::equals).count(),
        state.volumes().size(),
        capacity,
        used);
  }

  @Override
  public ClusterTopology topology() {
    return store.state().topology();
  }
}
