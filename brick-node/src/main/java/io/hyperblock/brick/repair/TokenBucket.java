package io.hyperblock.brick.repair;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket in bytes: {@link #acquire} takes {@code n} tokens and, when the bucket runs into
 * debt, pauses until the debt is paid back at {@code bytesPerSecond}. Bursts up to one second of
 * rate are allowed after an idle period. Time comes from an injected {@link Clock} and waiting from
 * an injected {@link Pause}, so tests run without real sleeps. Thread-safe.
 */
public final class TokenBucket {

  /** How the bucket waits; production parks the thread, tests advance a fake clock. */
  @FunctionalInterface
  public interface Pause {
    void pause(Duration d) throws InterruptedException;

    /** Sleeps the calling thread. */
    Pause SLEEP = d -> Thread.sleep(d);
  }

  private final long bytesPerSecond;
  private final Clock clock;
  private final Pause pause;
  private double tokens;
  private Instant last;

  /**
   * @param bytesPerSecond the sustained rate; 0 or less means unlimited
   */
  public TokenBucket(long bytesPerSecond, Clock clock, Pause pause) {
    this.bytesPerSecond = bytesPerSecond;
    this.clock = clock;
    this.pause = pause;
    this.last = clock.instant();
    this.tokens = 0;
  }

  /** An unlimited bucket: {@link #acquire} never waits. */
  public static TokenBucket unlimited() {
    return new TokenBucket(0, Clock.systemUTC(), Pause.SLEEP);
  }

  public boolean limited() {
    return bytesPerSecond > 0;
  }

  /**
   * Takes {@code n} bytes' worth of tokens, waiting first if the bucket is in debt.
   *
   * @throws InterruptedException if interrupted while waiting (the rebuild is being cancelled)
   */
  public void acquire(long n) throws InterruptedException {
    if (!limited() || n <= 0) {
      return;
    }
    Duration wait;
    synchronized (this) {
      refill();
      tokens -= n;
      wait =
          tokens >= 0
              ? Duration.ZERO
              : Duration.ofNanos((long) Math.ceil(-tokens * 1e9 / bytesPerSecond));
    }
    if (!wait.isZero()) {
      pause.pause(wait);
    }
  }

  private void refill() {
    Instant now = clock.instant();
    long nanos = Duration.between(last, now).toNanos();
    if (nanos > 0) {
      tokens = Math.min(bytesPerSecond, tokens + nanos * (double) bytesPerSecond / 1e9);
      last = now;
    }
  }
}
