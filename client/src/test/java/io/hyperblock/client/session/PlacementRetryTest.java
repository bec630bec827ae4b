package io.hyperblock.client.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.client.VolumeFencedException;
import io.hyperblock.client.VolumeUnavailableException;
import io.hyperblock.client.brick.BrickFencedException;
import io.hyperblock.client.brick.BrickPlacementChangedException;
import io.hyperblock.client.concurrent.Futures;
import io.hyperblock.client.metadata.Placement;
import io.hyperblock.client.metadata.VolumeInfo;
import io.hyperblock.core.placement.ChunkGroup;
import io.hyperblock.core.placement.ChunkLocation;
import io.hyperblock.core.placement.PlacementMap;
import io.hyperblock.core.protection.Replicated;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The retry rule of ADR 0009 with a fake clock: backoff, bound, shared refresh. */
class PlacementRetryTest {

  private static final UUID BRICK = new UUID(0, 1);
  private final VolumeInfo volume =
      new VolumeInfo(UUID.randomUUID(), "v", 1 << 20, 1 << 16, Replicated.of(1), 4096);

  private Placement placement(long version) {
    List<ChunkGroup> groups = new ArrayList<>();
    for (long s = 0; s < 16; s++) {
      groups.add(
          new ChunkGroup(
              s,
              List.of(
                  new ChunkLocation(
                      ChunkLocation.replicaChunkId(volume.id(), s), List.of(BRICK)))));
    }
    return new Placement(new PlacementMap(volume.id(), version, groups), Map.of(BRICK, "mem:0"));
  }

  /** A session over the map at version 1 whose refreshes call {@code fetch}. */
  private VolumeSession sessionFetching(
      java.util.function.Supplier<CompletableFuture<Placement>> fetch) {
    return new VolumeSession(volume, 1, placement(1), (id, a) -> null, FailureReporter.NONE, fetch);
  }

  /** Time moves only when the code under test waits. */
  private static final class FakeClock implements PlacementRetry.Clock {
    final AtomicLong now = new AtomicLong();
    final List<Long> waits = new ArrayList<>();

    @Override
    public long nanoTime() {
      return now.get();
    }

    @Override
    public CompletableFuture<Void> after(long millis) {
      waits.add(millis);
      now.addAndGet(millis * 1_000_000);
      return CompletableFuture.completedFuture(null);
    }
  }

  private static CompletableFuture<Void> refused() {
    return CompletableFuture.failedFuture(
        new BrickPlacementChangedException(BRICK, "FAILED_PRECONDITION: frozen", null));
  }

  /**
   * Runs a write every attempt of which is refused for a placement change and costs {@code
   * attemptNanos} of the fake clock; returns the (unwrapped) failure it ends with.
   */
  private static Throwable refusedUntilTheBound(
      PlacementRetry retry, FakeClock clock, AtomicInteger attempts, long attemptNanos) {
    CompletableFuture<Object> f =
        retry.run(
            "write",
            r -> {
              attempts.incrementAndGet();
              clock.now.addAndGet(attemptNanos);
              return refused().thenApply(x -> null);
            });
    assertThat(f).isCompletedExceptionally();
    return Futures.unwrap(f.handle((v, e) -> e).join());
  }

  @Test
  void aMapThatDoesNotChangeIsRetriedWithDoublingBackoffUntilTheBound() {
    AtomicInteger fetches = new AtomicInteger();
    VolumeSession session =
        sessionFetching(
            () -> {
              fetches.incrementAndGet();
              return CompletableFuture.completedFuture(placement(1));
            });
    FakeClock clock = new FakeClock();
    PlacementRetry retry = new PlacementRetry(session, Duration.ofSeconds(5), clock);
    AtomicInteger attempts = new AtomicInteger();

    Throwable e = refusedUntilTheBound(retry, clock, attempts, 0);
    assertThat(e).isInstanceOf(VolumeUnavailableException.class);
    assertThat(e).hasMessageContaining("did not settle within 5000 ms");
    assertThat(e.getCause()).isInstanceOf(BrickPlacementChangedException.class);
    // 50+100+200+400+800+1000+1000+1000+450(clamped to the bound) = 5000 ms
    assertThat(clock.waits).containsExactly(50L, 100L, 200L, 400L, 800L, 1000L, 1000L, 1000L, 450L);
    assertThat(attempts.get()).isEqualTo(clock.waits.size() + 1);
    assertThat(fetches.get()).isEqualTo(clock.waits.size());
  }

  @Test
  void aWaitNeverEndsJustBeforeTheBoundAndRetriesWithoutBackoff() {
    // each attempt takes 0.3 ms, so the time left before the bound is never whole milliseconds; a
    // wait rounded down woke 0.1 ms before the bound and then retried with no wait at all (seen in
    // CI as 23 refusals within a 300 ms bound instead of a handful)
    VolumeSession session = sessionFetching(() -> CompletableFuture.completedFuture(placement(1)));
    FakeClock clock = new FakeClock();
    PlacementRetry retry = new PlacementRetry(session, Duration.ofMillis(300), clock);
    AtomicInteger attempts = new AtomicInteger();

    assertThat(refusedUntilTheBound(retry, clock, attempts, 300_000))
        .isInstanceOf(VolumeUnavailableException.class);
    // 0.3 -> wait 50 -> 50.6 -> wait 100 -> 150.9 -> wait 149.4 ms rounded up to 150 -> past the
    // bound of 300.3 ms: four attempts, every retry after a wait
    assertThat(clock.waits).containsExactly(50L, 100L, 150L);
    assertThat(attempts.get()).isEqualTo(clock.waits.size() + 1);
  }

  @Test
  void aNewerMapIsRetriedAtOnceAndTheAttemptUsesIt() {
    AtomicLong serverVersion = new AtomicLong(1);
    VolumeSession session =
        sessionFetching(() -> CompletableFuture.completedFuture(placement(serverVersion.get())));
    FakeClock clock = new FakeClock();
    PlacementRetry retry = new PlacementRetry(session, Duration.ofSeconds(60), clock);
    List<Long> versions = new ArrayList<>();
    serverVersion.set(2);
    String out =
        retry
            .run(
                "write",
                r -> {
                  versions.add(r.version());
                  return r.version() < 2
                      ? CompletableFuture.failedFuture(
                          new BrickPlacementChangedException(BRICK, "below floor", null))
                      : CompletableFuture.completedFuture("ok");
                })
            .join();
    assertThat(out).isEqualTo("ok");
    assertThat(versions).containsExactly(1L, 2L);
    assertThat(clock.waits).isEmpty();
  }

  @Test
  void otherFailuresAreNotRetried() {
    VolumeSession session =
        new VolumeSession(volume, 1, placement(1), (id, a) -> null, FailureReporter.NONE);
    FakeClock clock = new FakeClock();
    PlacementRetry retry = new PlacementRetry(session, Duration.ofSeconds(60), clock);
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(
            () ->
                retry
                    .run(
                        "write",
                        r -> {
                          attempts.incrementAndGet();
                          return CompletableFuture.failedFuture(
                              new VolumeFencedException(
                                  "fenced", new BrickFencedException(BRICK, "epoch", null)));
                        })
                    .join())
        .satisfies(e -> assertThat(Futures.unwrap(e)).isInstanceOf(VolumeFencedException.class));
    assertThat(attempts.get()).isEqualTo(1);
  }

  @Test
  void concurrentRefreshesShareOneFetch() {
    AtomicInteger fetches = new AtomicInteger();
    CompletableFuture<Placement> fetch = new CompletableFuture<>();
    VolumeSession session =
        sessionFetching(
            () -> {
              fetches.incrementAndGet();
              return fetch;
            });
    CompletableFuture<Long> a = session.refreshPlacement();
    CompletableFuture<Long> b = session.refreshPlacement();
    assertThat(b).isSameAs(a);
    assertThat(fetches.get()).isEqualTo(1);
    fetch.complete(placement(3));
    assertThat(a.join()).isEqualTo(3);
    assertThat(session.placementVersion()).isEqualTo(3);
    // the next refresh after completion fetches again
    session.refreshPlacement();
    assertThat(fetches.get()).isEqualTo(2);
  }
}
