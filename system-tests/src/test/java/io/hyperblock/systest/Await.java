package io.hyperblock.systest;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes; the only way these tests wait. */
final class Await {

  /** Short against heartbeat and monitor periods of 200 ms, long against a REST round trip. */
  private static final long POLL_MILLIS = 50;

  /** Longest excerpt of the last probed value in a failure message. */
  private static final int MAX_SHOWN = 2000;

  private Await() {}

  private static String abbreviate(String s) {
    return s.length() <= MAX_SHOWN
        ? s
        : s.substring(0, MAX_SHOWN) + "... (" + s.length() + " characters)";
  }

  /**
   * Probes until {@code done} accepts the probed value and returns that value.
   *
   * @param what the awaited condition, for the failure message ("brick b2 DOWN")
   * @throws AssertionError at the deadline, naming the condition and the last value seen
   */
  static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    RuntimeException lastError = null;
    while (true) {
      try {
        last = probe.get();
        lastError = null;
        if (done.test(last)) {
          return last;
        }
      } catch (RuntimeException e) { // e.g. the REST server is not listening yet
        lastError = e;
      }
      if (System.nanoTime() > deadline) {
        AssertionError failure =
            new AssertionError(
                "timed out after "
                    + timeout
                    + " waiting for "
                    + what
                    + "; last seen: "
                    + abbreviate(String.valueOf(last)));
        if (lastError != null) {
          failure.initCause(lastError);
        }
        throw failure;
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
