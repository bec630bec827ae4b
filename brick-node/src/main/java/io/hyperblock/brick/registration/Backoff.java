package io.hyperblock.brick.registration;

import java.time.Duration;

/** Exponential backoff between {@code min} and {@code max}: min, 2 min, 4 min, ..., max, max. */
final class Backoff {
  private final Duration min;
  private final Duration max;
  private Duration current;

  Backoff(Duration min, Duration max) {
    this.min = min;
    this.max = max;
    this.current = min;
  }

  /** The delay before the next attempt; doubles the one after. */
  Duration next() {
    Duration d = current;
    Duration doubled = current.multipliedBy(2);
    current = doubled.compareTo(max) > 0 ? max : doubled;
    return d;
  }

  void reset() {
    current = min;
  }
}
