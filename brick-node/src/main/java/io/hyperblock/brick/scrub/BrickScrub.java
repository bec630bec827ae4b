package io.hyperblock.brick.scrub;

import io.grpc.ManagedChannel;
import io.hyperblock.brick.repair.SourceChannels;
import io.hyperblock.brick.repair.TokenBucket;
import io.hyperblock.brick.store.ShardStore;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * A brick's scrub, wired: a {@link Scrubber} reading at {@link ScrubConfig#rate()} on the brick's
 * clock, repairing through {@link PeerBlockRepairer}, counting into the brick's metrics registry,
 * scheduled on a daemon thread of its own.
 */
public final class BrickScrub implements AutoCloseable {
  private final Scrubber scrubber;
  private final ScrubStats stats;
  private final ScheduledExecutorService executor;

  private BrickScrub(Scrubber scrubber, ScrubStats stats, ScheduledExecutorService executor) {
    this.scrubber = scrubber;
    this.stats = stats;
    this.executor = executor;
  }

  /**
   * Starts scrubbing {@code store}: the first pass after {@link ScrubConfig#firstDelay()}, then
   * every {@link ScrubConfig#interval()}.
   *
   * @param server channel to the management server (placement maps, failure reports)
   * @param self this brick's id once registered
   * @param peers channels to other bricks
   * @param rpcTimeout deadline of each call to the server or a peer
   */
  public static BrickScrub start(
      ShardStore store,
      ManagedChannel server,
      Supplier<Optional<UUID>> self,
      SourceChannels peers,
      Clock clock,
      ScrubConfig config,
      PrometheusRegistry registry,
      Duration rpcTimeout) {
    ScrubStats stats = new ScrubStats();
    stats.register(registry);
    Scrubber scrubber =
        new Scrubber(
            store,
            new PeerBlockRepairer(store, server, self, peers, rpcTimeout),
            new TokenBucket(config.rate().bytes(), clock, TokenBucket.Pause.SLEEP),
            config.readBytes(),
            stats);
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("brick-scrub").daemon().factory());
    scrubber.start(executor, config.firstDelay(), config.interval());
    return new BrickScrub(scrubber, stats, executor);
  }

  /** The scrubber, e.g. to run a pass now ({@link Scrubber#scanOnce()}). */
  public Scrubber scrubber() {
    return scrubber;
  }

  public ScrubStats stats() {
    return stats;
  }

  /** Stops scrubbing; a running pass stops at its next read. Idempotent. */
  @Override
  public void close() {
    scrubber.close();
    executor.shutdownNow();
  }
}
