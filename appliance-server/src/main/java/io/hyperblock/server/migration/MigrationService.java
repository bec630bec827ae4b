package io.hyperblock.server.migration;

import io.hyperblock.server.healing.GrpcRepairClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drain follow-up of one management server: a {@link MigrationFinisher} ticking on the given
 * scheduler over a gRPC repair client of its own. Every member runs one; only the leader's acts.
 */
public final class MigrationService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MigrationService.class);

  /** Deadline of list/reclaim calls to a brick. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final GrpcRepairClient client;
  private final ScheduledFuture<?> ticks;

  private MigrationService(GrpcRepairClient client, ScheduledFuture<?> ticks) {
    this.client = client;
    this.ticks = ticks;
  }

  /**
   * Starts ticking every {@code interval} on {@code scheduler}.
   *
   * @param settle how long after its last move a drained brick's shards are reclaimed
   * @param ready false until this member has recovered its state (ticks are skipped until then)
   */
  public static MigrationService start(
      io.hyperblock.server.metadata.MetadataStore store,
      BooleanSupplier ready,
      Clock clock,
      Duration interval,
      Duration settle,
      ScheduledExecutorService scheduler) {
    GrpcRepairClient client = new GrpcRepairClient(CALL_TIMEOUT, CALL_TIMEOUT);
    MigrationFinisher finisher = new MigrationFinisher(store, client, clock, settle);
    ScheduledFuture<?> ticks =
        scheduler.scheduleWithFixedDelay(
            () -> {
              if (!ready.getAsBoolean()) {
                return;
              }
              try {
                finisher.tick();
              } catch (RuntimeException e) {
                LOG.warn("drain follow-up failed; retrying next tick", e);
              }
            },
            interval.toMillis(),
            interval.toMillis(),
            TimeUnit.MILLISECONDS);
    return new MigrationService(client, ticks);
  }

  @Override
  public void close() {
    ticks.cancel(true);
    client.close();
  }
}
