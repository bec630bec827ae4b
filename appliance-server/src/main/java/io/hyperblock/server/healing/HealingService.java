package io.hyperblock.server.healing;

import io.hyperblock.server.metadata.MetadataStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rebuild machinery of one management server: a {@link RebuildCoordinator} ticking on its own
 * thread (so a slow brick or Raft round never delays the health monitor), over a {@link
 * GrpcRepairClient}. Every member runs one; only the leader's does anything.
 */
public final class HealingService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HealingService.class);

  /** Deadline of list/reclaim calls to a brick. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  /** Deadline of one unit rebuild: a 128 MiB unit at a throttled 1 MiB/s fits comfortably. */
  static final Duration REBUILD_TIMEOUT = Duration.ofHours(6);

  private final GrpcRepairClient client;
  private final RebuildCoordinator coordinator;
  private final ScheduledExecutorService thread;

  private HealingService(
      GrpcRepairClient client, RebuildCoordinator coordinator, ScheduledExecutorService thread) {
    this.client = client;
    this.coordinator = coordinator;
    this.thread = thread;
  }

  /**
   * Starts ticking.
   *
   * @param ready false until this member has recovered its state (ticks are skipped until then)
   */
  public static HealingService start(
      MetadataStore store, BooleanSupplier ready, Clock clock, HealingConfig config) {
    GrpcRepairClient client = new GrpcRepairClient(CALL_TIMEOUT, REBUILD_TIMEOUT);
    RebuildCoordinator coordinator =
        new RebuildCoordinator(store, client, new PlannerRebuildPlanning(), clock, config);
    ScheduledExecutorService thread =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("rebuild-coordinator").daemon().factory());
    long ms = config.tickInterval().toMillis();
    thread.scheduleWithFixedDelay(
        () -> {
          if (!ready.getAsBoolean()) {
            return;
          }
          try {
            coordinator.tick();
          } catch (RuntimeException e) {
            LOG.warn("rebuild round failed; retrying next tick", e);
          }
        },
        ms,
        ms,
        TimeUnit.MILLISECONDS);
    LOG.info(
        "rebuild coordinator started: wait-before-replace {}, {} concurrent task(s)",
        config.waitBeforeReplace(),
        config.maxConcurrentTasks());
    return new HealingService(client, coordinator, thread);
  }

  public RebuildCoordinator coordinator() {
    return coordinator;
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
  }
}
