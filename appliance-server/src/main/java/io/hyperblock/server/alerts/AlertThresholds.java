package io.hyperblock.server.alerts;

import java.time.Duration;
import java.util.Objects;

/**
 * When conditions become alerts.
 *
 * @param nearlyFullWarning used/capacity at or above which a brick is WARNING, default 0.85: leaves
 *     room to add capacity or rebalance before rebuilds have nowhere to go
 * @param nearlyFullCritical used/capacity at or above which it is CRITICAL, default 0.95: writes
 *     and rebuilds onto the brick may fail soon
 * @param rebuildStall a rebuild with no progress for this long is stalled, default 10 minutes
 *     (several heartbeat and scan periods, so a brief pause is not reported)
 */
public record AlertThresholds(
    double nearlyFullWarning, double nearlyFullCritical, Duration rebuildStall) {

  public static final AlertThresholds DEFAULTS =
      new AlertThresholds(0.85, 0.95, Duration.ofMinutes(10));

  public AlertThresholds {
    Objects.requireNonNull(rebuildStall, "rebuildStall");
    if (!(nearlyFullWarning > 0 && nearlyFullWarning <= nearlyFullCritical)
        || nearlyFullCritical > 1) {
      throw new IllegalArgumentException(
          "nearly-full thresholds must satisfy 0 < warning <= critical <= 1, got warning "
              + nearlyFullWarning
              + " and critical "
              + nearlyFullCritical);
    }
    if (rebuildStall.isNegative() || rebuildStall.isZero()) {
      throw new IllegalArgumentException(
          "rebuild stall threshold must be positive, got " + rebuildStall);
    }
  }
}
