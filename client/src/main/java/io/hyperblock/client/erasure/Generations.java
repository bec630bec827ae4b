package io.hyperblock.client.erasure;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Allocates row generations: {@code epoch << 40 | sequence}. Generations are unique and increasing
 * across writers, because a later writer attaches with a higher fencing epoch; so a generation that
 * was rolled back is never reused and a stale unit can never look current (ADR 0003).
 */
final class Generations {

  /** Epochs must fit the 23 bits above the sequence so generations stay positive longs. */
  static final long MAX_EPOCH = (1L << 23) - 1;

  private static final long MAX_SEQUENCE = (1L << 40) - 1;

  private final long base;
  private final AtomicLong sequence = new AtomicLong();

  Generations(long epoch) {
    if (epoch < 1 || epoch > MAX_EPOCH) {
      throw new IllegalArgumentException(
          "fencing epoch " + epoch + " is outside [1, " + MAX_EPOCH + "] that generations encode");
    }
    this.base = epoch << 40;
  }

  long next() {
    long s = sequence.incrementAndGet();
    if (s > MAX_SEQUENCE) {
      // 2^40 writes in one attachment; re-attaching starts a new epoch.
      throw new IllegalStateException("row generation sequence exhausted; re-attach the volume");
    }
    return base | s;
  }
}
