package io.hyperblock.client.session;

import io.hyperblock.client.VolumeUnavailableException;
import io.hyperblock.client.brick.GenerationConflictException;
import io.hyperblock.client.concurrent.Futures;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Retries a whole operation while bricks refuse it because its placement is changing (ADR 0009).
 *
 * <p>An attempt is routed by one {@link Routing} (the session's cached map when it starts). When it
 * fails with {@link io.hyperblock.client.brick.BrickPlacementChangedException} (or, for EC row ops,
 * a {@link GenerationConflictException}: the row changed under the op, re-read it), the session's
 * map is refreshed (one shared fetch for all concurrent callers) and the attempt runs again under
 * the map then cached: at once if the refresh brought a newer map, else after a backoff (50 ms
 * doubling to 1 s), so a map that stays the same while a stripe is frozen never spins hot. After
 * {@code bound} since the first refusal the operation fails with {@link VolumeUnavailableException}
 * ("the placement did not settle"). Every other failure ends the operation as it is. The caller
 * keeps holding its serialization (the retries run inside its future), so ordering against its own
 * later operations is kept.
 */
public final class PlacementRetry {

  /** The first backoff when a refresh brought no newer map. */
  public static final Duration FIRST_BACKOFF = Duration.ofMillis(50);

  /** The longest backoff. */
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

  /** Time and delays, replaceable in tests. */
  public interface Clock {
    long nanoTime();

    /** Completes after {@code millis} (never on the caller's thread when {@code millis > 0}). */
    CompletableFuture<Void> after(long millis);

    Clock SYSTEM =
        new Clock() {
          @Override
          public long nanoTime() {
            return System.nanoTime();
          }

          @Override
          public CompletableFuture<Void> after(long millis) {
            return millis <= 0
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(
                    () -> {}, CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
          }
        };
  }

  private final VolumeSession session;
  private final Duration bound;
  private final Clock clock;

  public PlacementRetry(VolumeSession session, Duration bound) {
    this(session, bound, Clock.SYSTEM);
  }

  public PlacementRetry(VolumeSession session, Duration bound, Clock clock) {
    this.session = Objects.requireNonNull(session, "session");
    this.bound = Objects.requireNonNull(bound, "bound");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The longest an operation keeps retrying after its first refusal. */
  public Duration bound() {
    return bound;
  }

  /** Whether a failure asks for a retry of the whole operation under a fresh map. */
  public static boolean isRetryable(Throwable t) {
    Throwable c = Futures.unwrap(t);
    return Failures.isPlacementChanged(c) || c instanceof GenerationConflictException;
  }

  private static final class State {
    long deadline;
    boolean started;
    long backoffMs = FIRST_BACKOFF.toMillis();
    int attempts = 1;
  }

  /**
   * Runs {@code attempt} under the session's cached map, again under fresher maps while it fails
   * retryably (see the class comment).
   *
   * @param what the operation, for the error message ("write of stripe 3")
   */
  public <T> CompletableFuture<T> run(
      String what, Function<Routing, CompletableFuture<T>> attempt) {
    return loop(what, attempt, new State());
  }

  private <T> CompletableFuture<T> loop(
      String what, Function<Routing, CompletableFuture<T>> attempt, State st) {
    Routing r = session.routing();
    CompletableFuture<T> f;
    try {
      f = attempt.apply(r);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    return f.handle(
            (v, e) -> {
              if (e == null) {
                return CompletableFuture.completedFuture(v);
              }
              Throwable c = Futures.unwrap(e);
              if (!isRetryable(c)) {
                return CompletableFuture.<T>failedFuture(c);
              }
              return retryAfter(what, attempt, st, r.version(), c);
            })
        .thenCompose(x -> x);
  }

  private <T> CompletableFuture<T> retryAfter(
      String what,
      Function<Routing, CompletableFuture<T>> attempt,
      State st,
      long triedVersion,
      Throwable cause) {
    long now = clock.nanoTime();
    if (!st.started) {
      st.started = true;
      st.deadline = now + bound.toNanos();
    }
    if (now - st.deadline >= 0) {
      return CompletableFuture.failedFuture(
          new VolumeUnavailableException(
              what
                  + ": the placement did not settle within "
                  + bound.toMillis()
                  + " ms ("
                  + st.attempts
                  + " attempts, last under placement map v"
                  + triedVersion
                  + "; the bricks kept refusing it as PLACEMENT_CHANGED); retry later",
              cause));
    }
    try {
      session.checkWritable(); // fenced or crashed meanwhile: stop
    } catch (RuntimeException stop) {
      return CompletableFuture.failedFuture(stop);
    }
    return session
        .refreshPlacement()
        .handle((v, e) -> v == null ? triedVersion : v) // a failed fetch: back off, try again
        .thenCompose(
            version -> {
              long delay = 0;
              if (version <= triedVersion) {
                // what is left of the bound after the refresh, rounded up: rounded down, a wait
                // woke just before the deadline with "0 ms" left and retried without any wait
                // until the deadline passed (a hot loop); past it, one last attempt at once
                long left = st.deadline - clock.nanoTime();
                delay = left <= 0 ? 0 : Math.min(st.backoffMs, Math.ceilDiv(left, 1_000_000L));
                st.backoffMs = Math.min(st.backoffMs * 2, MAX_BACKOFF.toMillis());
              }
              st.attempts++;
              if (delay == 0) {
                return loop(what, attempt, st);
              }
              return clock.after(delay).thenCompose(x -> loop(what, attempt, st));
            });
  }
}
