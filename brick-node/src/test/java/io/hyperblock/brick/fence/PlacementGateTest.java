package io.hyperblock.brick.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The placement gate of ADR 0009: floors, freezes, leases, and waiting for in-flight mutations. */
@Timeout(20)
class PlacementGateTest {
  private static final UUID VOL = UUID.fromString("00000000-0000-4000-8000-0000000000f1");
  private static final UUID OTHER = UUID.fromString("00000000-0000-4000-8000-0000000000f2");
  private static final Duration LEASE = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final ManualClock clock = new ManualClock();

  private static final class ManualClock extends Clock {
    private volatile long millis = 1_000_000;

    void advance(Duration d) {
      millis += d.toMillis();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }
  }

  private static PlacementChangedException.Reason refusal(Runnable r) {
    try {
      r.run();
    } catch (PlacementChangedException e) {
      return e.reason();
    }
    return null;
  }

  private static void admit(PlacementGate gate, UUID volume, long stripe, long version) {
    gate.enter(volume, stripe, version).close();
  }

  @Test
  void floorSurvivesReopenAndIsNeverLowered() {
    PlacementGate gate = PlacementGate.open(dir, clock);
    assertThat(gate.raiseFloor(VOL, 7)).isEqualTo(7);
    assertThat(gate.raiseFloor(VOL, 3)).as("never lowered").isEqualTo(7);
    gate.raiseFloor(OTHER, 2);

    PlacementGate reopened = PlacementGate.open(dir, clock);

    assertThat(reopened.floor(VOL)).isEqualTo(7);
    assertThat(reopened.floor(OTHER)).isEqualTo(2);
    assertThat(refusal(() -> admit(reopened, VOL, 0, 6)))
        .isEqualTo(PlacementChangedException.Reason.BELOW_FLOOR);
    admit(reopened, VOL, 0, 7);
    admit(reopened, VOL, 0, 8);
    assertThat(Files.exists(dir.resolve("." + PlacementGate.FILE + ".tmp"))).isFalse();
  }

  @Test
  void damagedFloorFileStopsTheBrickInsteadOfForgettingFloors() throws Exception {
    Files.writeString(dir.resolve(PlacementGate.FILE), "not-a-uuid 5\n");
    assertThatThrownBy(() -> PlacementGate.open(dir, clock))
        .hasMessageContaining("line 1")
        .hasMessageContaining("damaged");
  }

  @Test
  void frozenStripeRefusesMutationsUntilReleasedWhileOtherStripesStayWritable() {
    PlacementGate gate = PlacementGate.open(dir, clock);
    gate.freeze(VOL, 4, "task-1", LEASE);

    assertThat(refusal(() -> admit(gate, VOL, 4, 0)))
        .isEqualTo(PlacementChangedException.Reason.FROZEN);
    admit(gate, VOL, 5, 0);
    admit(gate, OTHER, 4, 0);

    assertThat(gate.release(VOL, 4, "task-1")).isTrue();
    assertThat(gate.release(VOL, 4, "task-1")).as("idempotent").isFalse();
    admit(gate, VOL, 4, 0);
  }

  @Test
  void stripeStaysFrozenWhileAnyTokenIsHeld() {
    PlacementGate gate = PlacementGate.open(dir, clock);
    gate.freeze(VOL, 1, "a", LEASE);
    gate.freeze(VOL, 1, "b", LEASE);
    gate.freeze(VOL, 2, "a", LEASE);

    gate.release(VOL, 1, "a");
    assertThat(gate.isFrozen(VOL, 1)).as("b still holds it").isTrue();

    assertThat(gate.releaseTokens(VOL, List.of("b", "a"))).isEqualTo(2);
    assertThat(gate.isFrozen(VOL, 1)).isFalse();
    assertThat(gate.isFrozen(VOL, 2)).isFalse();
  }

  @Test
  void freezeLapsesWhenItsLeaseEndsAndRetakingExtendsIt() {
    PlacementGate gate = PlacementGate.open(dir, clock);
    gate.freeze(VOL, 0, "t", Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(8));
    gate.freeze(VOL, 0, "t", Duration.ofSeconds(10)); // idempotent per token: extends the lease
    clock.advance(Duration.ofSeconds(8));
    assertThat(gate.isFrozen(VOL, 0)).isTrue();

    clock.advance(Duration.ofSeconds(3));

    assertThat(gate.isFrozen(VOL, 0)).isFalse();
    admit(gate, VOL, 0, 0);
  }

  @Test
  void freezeSurvivesReopenUntilItsLeaseEnds() {
    PlacementGate gate = PlacementGate.open(dir, clock);
    gate.freeze(VOL, 4, "move-1", Duration.ofSeconds(30));
    gate.freeze(OTHER, 9, "token with spaces\nand a newline", Duration.ofSeconds(60));

    PlacementGate reopened = PlacementGate.open(dir, clock); // the brick restarted

    assertThat(reopened.isFrozen(VOL, 4)).isTrue();
    assertThat(refusal(() -> admit(reopened, VOL, 4, 0)))
        .isEqualTo(PlacementChangedException.Reason.FROZEN);
    admit(reopened, VOL, 5, 0);
    assertThat(reopened.isFrozen(OTHER, 9)).isTrue();
    clock.advance(Duration.ofSeconds(29));
    assertThat(PlacementGate.open(dir, clock).isFrozen(VOL, 4)).as("lease not over").isTrue();

    clock.advance(Duration.ofSeconds(2)); // VOL's lease ended, OTHER's has not

    assertThat(reopened.isFrozen(VOL, 4)).isFalse();
    PlacementGate later = PlacementGate.open(dir, clock);
    assertThat(later.isFrozen(VOL, 4)).as("lapsed while down: dropped at open").isFalse();
    admit(later, VOL, 4, 0);
    assertThat(later.isFrozen(OTHER, 9)).isTrue();
    assertThat(later.release(OTHER, 9, "token with spaces\nand a newline")).isTrue();
    assertThat(PlacementGate.open(dir, clock).isFrozen(OTHER, 9)).isFalse();
  }

  @Test
  void releaseIsDurable() {
    PlacementGate gate = PlacementGate.open(dir, clock);
    gate.freeze(VOL, 1, "a", LEASE);
    gate.freeze(VOL, 2, "a", LEASE);
    gate.freeze(VOL, 3, "b", LEASE);
    gate.freeze(OTHER, 1, "a", LEASE);

    assertThat(gate.release(VOL, 1, "a")).isTrue();
    assertThat(gate.releaseTokens(OTHER, List.of("a"))).isEqualTo(1);

    PlacementGate reopened = PlacementGate.open(dir, clock);
    assertThat(reopened.isFrozen(VOL, 1)).isFalse();
    assertThat(reopened.isFrozen(OTHER, 1)).isFalse();
    assertThat(reopened.isFrozen(VOL, 2)).isTrue();
    assertThat(reopened.isFrozen(VOL, 3)).isTrue();

    assertThat(reopened.releaseTokens(VOL, List.of("a", "b"))).isEqualTo(2);
    PlacementGate again = PlacementGate.open(dir, clock);
    assertThat(again.isFrozen(VOL, 2)).isFalse();
    assertThat(again.isFrozen(VOL, 3)).isFalse();
    admit(again, VOL, 2, 0);
    assertThat(Files.exists(dir.resolve("." + PlacementGate.FREEZES_FILE + ".tmp"))).isFalse();
  }

  @Test
  void retakingAFreezeAfterReopenExtendsThePersistedLease() {
    PlacementGate gate = PlacementGate.open(dir, clock);
    gate.freeze(VOL, 0, "t", Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(8));
    PlacementGate.open(dir, clock).freeze(VOL, 0, "t", Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(8));

    assertThat(PlacementGate.open(dir, clock).isFrozen(VOL, 0)).isTrue();
    clock.advance(Duration.ofSeconds(3));
    assertThat(PlacementGate.open(dir, clock).isFrozen(VOL, 0)).isFalse();
  }

  @Test
  void damagedFreezeFileStopsTheBrickInsteadOfForgettingFreezes() throws Exception {
    Files.writeString(dir.resolve(PlacementGate.FREEZES_FILE), VOL + " 3 not-a-number t\n");
    assertThatThrownBy(() -> PlacementGate.open(dir, clock))
        .hasMessageContaining("line 1")
        .hasMessageContaining("damaged");
  }

  @Test
  void inMemoryGateWritesNoFiles() throws Exception {
    PlacementGate gate = PlacementGate.inMemory(clock);
    gate.freeze(VOL, 0, "t", LEASE);
    gate.release(VOL, 0, "t");
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void leaseOutsideOneSecondToTenMinutesIsRejected() {
    PlacementGate gate = PlacementGate.inMemory(clock);
    assertThatThrownBy(() -> gate.freeze(VOL, 0, "t", Duration.ofMillis(999)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1000..600000");
    assertThatThrownBy(() -> gate.freeze(VOL, 0, "t", Duration.ofMinutes(11)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(gate.isFrozen(VOL, 0)).isFalse();
  }

  @Test
  void freezeReturnsOnlyAfterTheMutationInFlightFinished() throws Exception {
    PlacementGate gate = PlacementGate.open(dir, clock);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    CompletableFuture<Void> mutation =
        CompletableFuture.runAsync(
            () -> {
              try (PlacementGate.Permit p = gate.enter(VOL, 3, 0)) {
                entered.countDown();
                finish.await();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> freeze =
        CompletableFuture.runAsync(() -> gate.freeze(VOL, 3, "t", LEASE));
    assertThatThrownBy(() -> freeze.get(300, TimeUnit.MILLISECONDS))
        .as("freeze waits while the mutation runs")
        .isInstanceOf(TimeoutException.class);

    finish.countDown();
    mutation.get(5, TimeUnit.SECONDS);
    freeze.get(5, TimeUnit.SECONDS);
    assertThat(gate.isFrozen(VOL, 3)).isTrue();
  }

  @Test
  void floorRaiseWaitsForTheMutationInFlight() throws Exception {
    PlacementGate gate = PlacementGate.open(dir, clock);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    CompletableFuture<Void> mutation =
        CompletableFuture.runAsync(
            () -> {
              try (PlacementGate.Permit p = gate.enter(VOL, 0, 1)) {
                entered.countDown();
                finish.await();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Long> raise = CompletableFuture.supplyAsync(() -> gate.raiseFloor(VOL, 2));
    assertThatThrownBy(() -> raise.get(300, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);

    finish.countDown();
    mutation.get(5, TimeUnit.SECONDS);
    assertThat(raise.get(5, TimeUnit.SECONDS)).isEqualTo(2);
  }
}
