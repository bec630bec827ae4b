package io.hyperblock.server.healing;

import io.hyperblock.core.units.DataSize;
import java.time.Duration;
import java.util.Objects;

/**
 * Rebuild settings, with the defaults an operator gets.
 *
 * @param waitBeforeReplace how long a brick may stay DOWN before its units are rebuilt elsewhere
 *     (default 10 min: a reboot or short network cut should not trigger a full copy)
 * @param maxConcurrentTasks rebuild tasks running at once in the cluster (default 4)
 * @param perBrickRate bytes per second one target brick may rebuild (default 100 MiB/s)
 * @param globalRate bytes per second all rebuilds together may move (default 400 MiB/s)
 * @param tickInterval how often the leader plans, dispatches and records progress (default 1 s)
 * @param progressInterval how often progress of running tasks is written to the Raft log (default 5
 *     s: a few hundred commits per second is the log's budget, see DESIGN.md)
 * @param maxAttempts failed attempts after which a task is cancelled and re-planned (default 5)
 * @param stripeUnit EC stripe unit of volumes (the server does not record one per volume yet;
 *     clients use the same 64 KiB default)
 * @param fenceLease how long a stripe frozen for a unit move stays frozen on its bricks unless the
 *     server releases it first (ADR 0009; default 30 s). The server commits a move only while less
 *     than half of it has passed, so writes to the stripe stall for at most this long.
 */
public record HealingConfig(
    Duration waitBeforeReplace,
    int maxConcurrentTasks,
    DataSize perBrickRate,
    DataSize globalRate,
    Duration tickInterval,
    Duration progressInterval,
    int maxAttempts,
    int stripeUnit,
    Duration fenceLease) {

  public static final HealingConfig DEFAULTS =
      new HealingConfig(
          Duration.ofMinutes(10),
          4,
          DataSize.ofBytes(100 * DataSize.MIB),
          DataSize.ofBytes(400 * DataSize.MIB),
          Duration.ofSeconds(1),
          Duration.ofSeconds(5),
          5,
          64 << 10,
          Duration.ofSeconds(30));

  /** The settings with the default fence lease. */
  public HealingConfig(
      Duration waitBeforeReplace,
      int maxConcurrentTasks,
      DataSize perBrickRate,
      DataSize globalRate,
      Duration tickInterval,
      Duration progressInterval,
      int maxAttempts,
      int stripeUnit) {
    this(
        waitBeforeReplace,
        maxConcurrentTasks,
        perBrickRate,
        globalRate,
        tickInterval,
        progressInterval,
        maxAttempts,
        stripeUnit,
        Duration.ofSeconds(30));
  }

  /** System properties read by {@link #fromSystemProperties()} (tests shorten the window). */
  public static final String WAIT_PROPERTY = "hyperblock.healing.waitBeforeReplace";

  public static final String TICK_PROPERTY = "hyperblock.healing.tick";

  public static final String FENCE_LEASE_PROPERTY = "hyperblock.healing.fenceLease";

  public static final String RESYNC_MARGIN_PROPERTY = "hyperblock.healing.resyncMargin";

  public static final String PER_BRICK_RATE_PROPERTY = "hyperblock.healing.perBrickRate";

  public static final String RECLAIM_AFTER_PROPERTY = "hyperblock.healing.reclaimAfter";

  /**
   * How long after a move finished the unit it left is kept before it is reclaimed: {@value
   * #RECLAIM_AFTER_PROPERTY}, default 90 s, longer than the clients' 30 s placement refresh, so a
   * client that only reads (and so is never refused and told to refresh) never reads a reclaimed
   * unit by its cached map.
   */
  public static Duration reclaimAfter() {
    String after = System.getProperty(RECLAIM_AFTER_PROPERTY);
    return after == null ? Duration.ofSeconds(90) : parse(after);
  }

  /**
   * How far before a task's planning (or a brick's DOWN mark) catch-ups and resyncs look for
   * changes: {@value #RESYNC_MARGIN_PROPERTY}, default 1 min (see RebuildCoordinator).
   */
  static Duration resyncMargin() {
    String margin = System.getProperty(RESYNC_MARGIN_PROPERTY);
    return margin == null ? Duration.ofMinutes(1) : parse(margin);
  }

  public HealingConfig {
    Objects.requireNonNull(waitBeforeReplace, "waitBeforeReplace");
    Objects.requireNonNull(perBrickRate, "perBrickRate");
    Objects.requireNonNull(globalRate, "globalRate");
    Objects.requireNonNull(tickInterval, "tickInterval");
    Objects.requireNonNull(progressInterval, "progressInterval");
    Objects.requireNonNull(fenceLease, "fenceLease");
    if (fenceLease.compareTo(Duration.ofSeconds(2)) < 0
        || fenceLease.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException("fence lease must be between 2 s and 10 min");
    }
    if (waitBeforeReplace.isNegative()) {
      throw new IllegalArgumentException("wait-before-replace must not be negative");
    }
    if (maxConcurrentTasks < 1) {
      throw new IllegalArgumentException(
          "max concurrent rebuild tasks must be at least 1, got " + maxConcurrentTasks);
    }
    if (tickInterval.isZero() || tickInterval.isNegative()) {
      throw new IllegalArgumentException("rebuild tick interval must be positive");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max attempts must be at least 1, got " + maxAttempts);
    }
    if (stripeUnit <= 0 || Integer.bitCount(stripeUnit) != 1) {
      throw new IllegalArgumentException("stripe unit must be a power of two, got " + stripeUnit);
    }
  }

  /**
   * The defaults, with {@value #WAIT_PROPERTY}, {@value #TICK_PROPERTY}, {@value
   * #FENCE_LEASE_PROPERTY} and {@value #PER_BRICK_RATE_PROPERTY} (a size per second, e.g. {@code
   * 100MiB}) applied when set (durations like {@code 500ms}, {@code 10m}) applied when set.
   */
  public static HealingConfig fromSystemProperties() {
    HealingConfig c = DEFAULTS;
    String wait = System.getProperty(WAIT_PROPERTY);
    String tick = System.getProperty(TICK_PROPERTY);
    String lease = System.getProperty(FENCE_LEASE_PROPERTY);
    String rate = System.getProperty(PER_BRICK_RATE_PROPERTY);
    return new HealingConfig(
        wait == null ? c.waitBeforeReplace : parse(wait),
        c.maxConcurrentTasks,
        rate == null ? c.perBrickRate : DataSize.parse(rate),
        c.globalRate,
        tick == null ? c.tickInterval : parse(tick),
        tick == null ? c.progressInterval : parse(tick).multipliedBy(2),
        c.maxAttempts,
        c.stripeUnit,
        lease == null ? c.fenceLease : parse(lease));
  }

  private static Duration parse(String text) {
    return io.hyperblock.core.units.DurationParser.parse(text);
  }

  /** This config with another wait-before-replace window. */
  public HealingConfig withWaitBeforeReplace(Duration wait) {
    return new HealingConfig(
        wait,
        maxConcurrentTasks,
        perBrickRate,
        globalRate,
        tickInterval,
        progressInterval,
        maxAttempts,
        stripeUnit,
        fenceLease);
  }
}
