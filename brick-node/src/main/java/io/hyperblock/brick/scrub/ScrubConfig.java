package io.hyperblock.brick.scrub;

import io.hyperblock.core.units.DataSize;
import io.hyperblock.core.units.DurationParser;
import java.time.Duration;
import java.util.Objects;

/**
 * Scrub settings, with the defaults a brick gets.
 *
 * @param rate bytes per second one pass may read (default 32 MiB/s: a full pass of a 1 TiB brick
 *     takes about 9 hours and leaves the disk's bandwidth to client I/O)
 * @param interval time from the start of one pass to the start of the next (default 7 days, the
 *     usual deep-scrub period); a pass that takes longer is followed at once by the next
 * @param firstDelay time after start-up before the first pass (default 1 hour: a restarting brick
 *     first catches up with its peers)
 * @param readBytes bytes read per store call (default 1 MiB, a multiple of 4096)
 */
public record ScrubConfig(DataSize rate, Duration interval, Duration firstDelay, int readBytes) {

  public static final ScrubConfig DEFAULTS =
      new ScrubConfig(
          DataSize.ofBytes(32 * DataSize.MIB), Duration.ofDays(7), Duration.ofHours(1), 1 << 20);

  /** System properties read by {@link #fromSystemProperties()}. */
  public static final String RATE_PROPERTY = "hyperblock.scrub.rate";

  public static final String INTERVAL_PROPERTY = "hyperblock.scrub.interval";

  public static final String FIRST_DELAY_PROPERTY = "hyperblock.scrub.firstDelay";

  public ScrubConfig {
    Objects.requireNonNull(rate, "rate");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(firstDelay, "firstDelay");
    if (rate.bytes() <= 0) {
      throw new IllegalArgumentException(
          "scrub rate must be positive, got " + rate + "; a scrub that never reads finds nothing");
    }
    if (interval.isZero() || interval.isNegative() || firstDelay.isNegative()) {
      throw new IllegalArgumentException(
          "scrub interval must be positive and the first delay not negative, got "
              + interval
              + " and "
              + firstDelay);
    }
    if (readBytes < 4096 || readBytes % 4096 != 0) {
      throw new IllegalArgumentException(
          "scrub read size must be a positive multiple of 4096 bytes (the checksum block), got "
              + readBytes);
    }
  }

  /**
   * The defaults with {@value #RATE_PROPERTY} (e.g. {@code 64MiB}), {@value #INTERVAL_PROPERTY} and
   * {@value #FIRST_DELAY_PROPERTY} (e.g. {@code 24h}, {@code 500ms}) applied when set.
   */
  public static ScrubConfig fromSystemProperties() {
    String rate = System.getProperty(RATE_PROPERTY);
    String interval = System.getProperty(INTERVAL_PROPERTY);
    String first = System.getProperty(FIRST_DELAY_PROPERTY);
    return new ScrubConfig(
        rate == null ? DEFAULTS.rate : DataSize.parse(rate),
        interval == null ? DEFAULTS.interval : DurationParser.parse(interval),
        first == null ? DEFAULTS.firstDelay : DurationParser.parse(first),
        DEFAULTS.readBytes);
  }
}
