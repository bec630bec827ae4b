package io.hyperblock.server.healing;

import io.hyperblock.core.topology.ClusterTopology;
import io.hyperblock.server.api.ClusterService;
import io.hyperblock.server.api.ClusterStatus;
import io.hyperblock.server.api.MaintenanceService;
import io.hyperblock.server.api.RebuildService;
import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.metadata.MetadataStore;
import io.hyperblock.server.metadata.RebuildTask;
import io.hyperblock.server.metadata.VolumeRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link RebuildService} over the replicated rebuild tasks, with the leader's live byte counts
 * merged in when this member leads.
 */
public final class MetadataRebuildService implements RebuildService {

  private final MetadataStore store;
  private final Supplier<Map<String, Long>> live;

  /**
   * @param live bytes done of running tasks by id (the coordinator's {@link
   *     RebuildCoordinator#liveProgress()}), empty on a follower
   */
  public MetadataRebuildService(MetadataStore store, Supplier<Map<String, Long>> live) {
    this.store = store;
    this.live = live;
  }

  @Override
  public Report report() {
    MetadataState state = store.state();
    Map<String, Long> running = live.get();
    List<Task> tasks = new ArrayList<>();
    Map<String, long[]> perVolume = new LinkedHashMap<>();
    List<RebuildTask> sorted =
        state.rebuildTasks().values().stream()
            .sorted(
                Comparator.comparing(RebuildTask::createdAt)
                    .reversed()
                    .thenComparing(RebuildTask::taskId))
            .toList();
    for (RebuildTask t : sorted) {
      String volume =
          state.volumeById(t.volumeId()).map(VolumeRecord::name).orElse(t.volumeId().toString());
      long done = Math.max(t.bytesDone(), running.getOrDefault(t.taskId(), 0L));
      tasks.add(
          new Task(
              t.taskId(),
              volume,
              t.stripeIndex(),
              t.slot(),
              t.fromBrick().toString(),
              t.toBrick().toString(),
              t.kind().name(),
              t.state().name(),
              t.bytes(),
              done,
              t.attempts(),
              t.lastError(),
              t.createdAt(),
              t.updatedAt()));
      long[] v = perVolume.computeIfAbsent(volume, n -> new long[4]);
      v[0]++;
      v[1] += t.state().finished() ? 0 : 1;
      v[2] += t.bytes();
      v[3] += t.state() == RebuildTask.State.CANCELLED ? 0 : done;
    }
    List<VolumeProgress> volumes = new ArrayList<>();
    perVolume.forEach(
        (name, v) -> volumes.add(new VolumeProgress(name, (int) v[0], (int) v[1], v[2], v[3])));
    return new Report(tasks, volumes);
  }

  /** {@code base} with this rebuild service as its {@link ClusterService#rebuilds()}. */
  public ClusterService attachTo(ClusterService base) {
    RebuildService self = this;
    return new ClusterService() {
      @Override
      public ClusterStatus status() {
        return base.status();
      }

      @Override
      public ClusterTopology topology() {
        return base.topology();
      }

      @Override
      public Optional<MaintenanceService> maintenance() {
        return base.maintenance();
      }

      @Override
      public Optional<RebuildService> rebuilds() {
        return Optional.of(self);
      }
    };
  }
}
