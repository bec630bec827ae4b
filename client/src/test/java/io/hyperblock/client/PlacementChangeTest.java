package io.hyperblock.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperblock.client.brick.UnitRef;
import io.hyperblock.client.concurrent.Futures;
import io.hyperblock.client.testing.InMemoryBrick;
import io.hyperblock.client.testing.InMemoryCluster;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.Replicated;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ADR 0009 on in-memory bricks: writes refused because their stripe is frozen for a unit move or
 * below the placement floor are retried whole under the refreshed map, never counted as brick
 * failures, and give up as unavailable after the configured bound; fencing still fences.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PlacementChangeTest {

  private static final int CHUNK = 1 << 16;
  private static final int UNIT = 4096;
  private static final int ROW = 4 * UNIT;

  private final Random rnd = new Random(42);

  private byte[] random(int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  private static CompletableFuture<Void> write(VolumeClient c, long off, byte[] data) {
    return c.write(off, ByteBuffer.allocateDirect(data.length).put(data).flip());
  }

  private static byte[] read(VolumeClient c, long off, int len) {
    ByteBuffer dst = ByteBuffer.allocate(len);
    c.read(off, dst).join();
    return dst.array();
  }

  private static byte[] raw(InMemoryCluster cluster, int brick, long stripe, int shard, int len) {
    ByteBuffer b = cluster.readShard(brick, stripe, shard, 0, len).join();
    byte[] out = new byte[len];
    b.duplicate().get(out);
    return out;
  }

  /**
   * Polls a condition the test is waiting for (with a deadline); not a sleep standing in for it.
   */
  private static void await(String what, BooleanSupplier condition) {
    Instant deadline = Instant.now().plusSeconds(20);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("not within 20 s: " + what);
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static int refusals(InMemoryCluster cluster, int... bricks) {
    int n = 0;
    for (int b : bricks) {
      n += cluster.bricks.get(b).placementRefusals();
    }
    return n;
  }

  /** Raises the floor on every brick (old and new holders), releasing their freezes. */
  private static void settle(InMemoryCluster cluster, long version) {
    for (int i = 0; i < cluster.brickCount(); i++) {
      cluster.setPlacementFloor(i, version);
    }
  }

  private static void overlay(byte[] model, long off, byte[] data) {
    System.arraycopy(data, 0, model, (int) off, data.length);
  }

  // (a) -----------------------------------------------------------------------------------------

  @Test
  void replicatedWriteHeldByAFreezeLandsOnTheNewMapsReplicas() {
    try (InMemoryCluster cluster = new InMemoryCluster(Replicated.of(3), 1 << 20, CHUNK, UNIT)) {
      int spare = cluster.addBrick();
      VolumeClient c = cluster.open(VolumeClientConfig.defaults("a"));
      byte[] model = new byte[CHUNK];
      byte[] first = random(CHUNK);
      write(c, 0, first).join();
      overlay(model, 0, first);
      byte[] before = model.clone();

      int[] old = {cluster.brickOf(0, 0), cluster.brickOf(0, 1), cluster.brickOf(0, 2)};
      for (int b : old) {
        cluster.freezeStripe(b, 0);
      }
      byte[] next = random(10_000);
      CompletableFuture<Void> w = write(c, 1000, next);
      await("every replica refused the write", () -> refusals(cluster, old) >= 3);
      assertThat(w).isNotDone();

      long v2 = cluster.moveUnit(0, 1, spare); // replica slot 1 moves to the spare brick
      settle(cluster, v2);
      w.join();
      overlay(model, 1000, next);

      assertThat(c.suspectUnits()).isZero();
      assertThat(cluster.reports).isEmpty();
      for (int slot = 0; slot < 3; slot++) {
        int b = cluster.brickOf(0, slot);
        assertThat(raw(cluster, b, 0, 0, CHUNK)).as("replica slot %d", slot).isEqualTo(model);
      }
      assertThat(cluster.brickOf(0, 1)).isEqualTo(spare);
      // the replaced replica never got it: the write went by the new map only
      assertThat(raw(cluster, old[1], 0, 0, CHUNK)).isEqualTo(before);
      assertThat(read(c, 0, CHUNK)).isEqualTo(model);

      // an old-map client (attached before, never refreshed) is refused by the floor, refreshes
      // and writes the new replicas too
      c.close();
    }
  }

  @Test
  void replicatedTrimBelowTheFloorIsRetriedUnderTheNewMap() {
    try (InMemoryCluster cluster = new InMemoryCluster(Replicated.of(3), 1 << 20, CHUNK, UNIT)) {
      int spare = cluster.addBrick();
      VolumeClient c = cluster.open(VolumeClientConfig.defaults("a"));
      byte[] data = random(CHUNK);
      write(c, 0, data).join();
      long v2 = cluster.moveUnit(0, 2, spare); // the client still holds v1
      settle(cluster, v2);
      c.trim(0, 8192).join();
      Arrays.fill(data, 0, 8192, (byte) 0);
      assertThat(c.suspectUnits()).isZero();
      for (int slot = 0; slot < 3; slot++) {
        assertThat(raw(cluster, cluster.brickOf(0, slot), 0, 0, CHUNK)).isEqualTo(data);
      }
      c.close();
    }
  }

  // (b) -----------------------------------------------------------------------------------------

  /** Every read equals the model, also with any two bricks of stripe 0 down (reconstruction). */
  private static void assertEcModel(InMemoryCluster cluster, byte[] model) {
    VolumeClient fresh = cluster.open(VolumeClientConfig.defaults("check"));
    assertThat(read(fresh, 0, model.length)).isEqualTo(model);
    fresh.close();
    for (int a = 0; a < 6; a++) {
      int x = cluster.brickOf(0, a);
      int y = cluster.brickOf(0, (a + 1) % 6);
      cluster.kill(x);
      cluster.kill(y);
      try {
        VolumeClient c = cluster.open(VolumeClientConfig.defaults("check-" + a));
        assertThat(read(c, 0, model.length))
            .as("units %d and %d down", a, (a + 1) % 6)
            .isEqualTo(model);
        c.close();
      } finally {
        cluster.revive(x);
        cluster.revive(y);
      }
    }
  }

  @Test
  void ecPartialWriteTornByAFreezeOnOneParityIsRetriedAfterTheMove() {
    try (InMemoryCluster cluster = new InMemoryCluster(ErasureCoded.EC_4_2, 1 << 20, CHUNK, UNIT)) {
      int spare = cluster.addBrick();
      VolumeClient c = cluster.open(VolumeClientConfig.defaults("a"));
      byte[] model = new byte[CHUNK];
      byte[] first = random(CHUNK);
      write(c, 0, first).join();
      overlay(model, 0, first);

      int d0 = cluster.brickOf(0, 0);
      int p1 = cluster.brickOf(0, 5);
      cluster.freezeStripe(p1, 0); // the freeze has reached P1's brick only
      UnitRef d0Row0 = new UnitRef(cluster.volume.id(), 0, 0, 0, UNIT);
      long genBefore = cluster.meta(d0, d0Row0).generation();
      byte[] next = random(500);
      CompletableFuture<Void> w = write(c, 100, next); // RMW of d0, P0, P1 in row 0
      await("P1 refused the write", () -> refusals(cluster, p1) >= 1);
      assertThat(w).isNotDone();
      // the first attempt was applied by d0 (and P0): a torn row
      assertThat(cluster.meta(d0, d0Row0).generation()).isNotEqualTo(genBefore);

      long v2 = cluster.moveUnit(0, 5, spare); // P1 moves; its copy holds the older version
      settle(cluster, v2);
      w.join();
      overlay(model, 100, next);

      assertThat(c.suspectUnits()).isZero();
      assertThat(cluster.reports).isEmpty();
      assertThat(read(c, 0, CHUNK)).isEqualTo(model);
      UnitRef p1Row0 = new UnitRef(cluster.volume.id(), 0, 5, 0, UNIT);
      assertThat(cluster.meta(spare, p1Row0).unitMarks()).isZero();
      c.close();
      assertEcModel(cluster, model);
    }
  }

  @Test
  void ecPartialWriteOverThreeDataUnitsWithBothParitiesFrozenIsRolledBackAndRetried() {
    try (InMemoryCluster cluster = new InMemoryCluster(ErasureCoded.EC_4_2, 1 << 20, CHUNK, UNIT)) {
      int spare = cluster.addBrick();
      VolumeClient c = cluster.open(VolumeClientConfig.defaults("a"));
      byte[] model = new byte[CHUNK];
      byte[] first = random(CHUNK);
      write(c, 0, first).join();
      overlay(model, 0, first);

      int p0 = cluster.brickOf(0, 4);
      int p1 = cluster.brickOf(0, 5);
      cluster.freezeStripe(p0, 0);
      cluster.freezeStripe(p1, 0);
      // d0 partly, d1 whole, d2 partly: the data units apply it, both parities refuse, so the
      // torn row has fewer than k units of either version until the data units are rolled back
      byte[] next = random(2 * UNIT);
      long off = ROW + 100; // row 1
      CompletableFuture<Void> w = write(c, off, next);
      await("the parities refused the write twice", () -> refusals(cluster, p0, p1) >= 4);
      assertThat(w).isNotDone();

      long v2 = cluster.moveUnit(0, 4, spare);
      settle(cluster, v2);
      w.join();
      overlay(model, off, next);

      assertThat(c.suspectUnits()).isZero();
      assertThat(cluster.reports).isEmpty();
      assertThat(read(c, 0, CHUNK)).isEqualTo(model);
      c.close();
      assertEcModel(cluster, model);
    }
  }

  @Test
  void ecFullRowWriteTornByAPartialFreezeLandsOnTheNewMap() {
    try (InMemoryCluster cluster = new InMemoryCluster(ErasureCoded.EC_4_2, 1 << 20, CHUNK, UNIT)) {
      int spare = cluster.addBrick();
      VolumeClient c = cluster.open(VolumeClientConfig.defaults("a"));
      byte[] model = new byte[CHUNK];
      byte[] first = random(CHUNK);
      write(c, 0, first).join();
      overlay(model, 0, first);

      int[] frozen = {cluster.brickOf(0, 3), cluster.brickOf(0, 4), cluster.brickOf(0, 5)};
      for (int b : frozen) {
        cluster.freezeStripe(b, 0);
      }
      byte[] row = random(ROW);
      long off = 2L * ROW;
      CompletableFuture<Void> w = write(c, off, row); // a full row: d0..d2 apply it, the rest not
      await("three units refused the write", () -> refusals(cluster, frozen) >= 3);
      assertThat(w).isNotDone();
      // and a second client write queued behind it on the same row keeps its order
      byte[] later = random(300);
      CompletableFuture<Void> w2 = write(c, off + 50, later);

      long v2 = cluster.moveUnit(0, 3, spare); // d3 moves
      settle(cluster, v2);
      w.join();
      w2.join();
      overlay(model, off, row);
      overlay(model, off + 50, later);

      assertThat(c.suspectUnits()).isZero();
      assertThat(cluster.reports).isEmpty();
      assertThat(read(c, 0, CHUNK)).isEqualTo(model);
      c.close();
      assertEcModel(cluster, model);
    }
  }

  // (c) -----------------------------------------------------------------------------------------

  @Test
  void aRefusalThatNeverClearsFailsAsUnavailableAfterTheBound() {
    for (String profile : new String[] {"R3", "EC_4_2"}) {
      boolean ec = profile.startsWith("EC");
      try (InMemoryCluster cluster =
          new InMemoryCluster(ec ? ErasureCoded.EC_4_2 : Replicated.of(3), 1 << 20, CHUNK, UNIT)) {
        VolumeClient c =
            cluster.open(
                VolumeClientConfig.defaults("a").withPlacementSettle(Duration.ofMillis(300)));
        int frozen = cluster.brickOf(0, ec ? 5 : 1);
        cluster.freezeStripe(frozen, 0);
        long start = System.nanoTime();
        assertThatThrownBy(() -> write(c, 100, random(500)).join())
            .satisfies(
                e -> {
                  Throwable t = Futures.unwrap(e);
                  assertThat(t).isInstanceOf(VolumeUnavailableException.class);
                  assertThat(t).hasMessageContaining("placement did not settle");
                });
        assertThat(System.nanoTime() - start)
            .as(profile)
            .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
        InMemoryBrick b = cluster.bricks.get(frozen);
        // backoff (50, 100, 200 ms...), not a hot loop: a handful of attempts within the bound
        assertThat(b.placementRefusals()).as(profile).isBetween(2, 10);
        assertThat(c.suspectUnits()).isZero();
        assertThat(cluster.reports).isEmpty();

        // once the stripe is released, writes succeed again
        cluster.releaseStripe(frozen, 0);
        byte[] data = random(500);
        write(c, 100, data).join();
        assertThat(read(c, 100, 500)).isEqualTo(data);
        c.close();
      }
    }
  }

  // (d) -----------------------------------------------------------------------------------------

  @Test
  void aFencingRefusalStillFencesWithoutRetry() {
    for (String profile : new String[] {"R3", "EC_4_2"}) {
      boolean ec = profile.startsWith("EC");
      try (InMemoryCluster cluster =
          new InMemoryCluster(ec ? ErasureCoded.EC_4_2 : Replicated.of(3), 1 << 20, CHUNK, UNIT)) {
        VolumeClient a = cluster.open(VolumeClientConfig.defaults("a"));
        write(a, 0, random(ROW)).join();
        VolumeClient b = cluster.open(VolumeClientConfig.defaults("b"));
        int[] before = cluster.bricks.stream().mapToInt(InMemoryBrick::mutations).toArray();
        assertThatThrownBy(() -> write(a, 0, random(ROW)).join())
            .satisfies(
                e -> assertThat(Futures.unwrap(e)).isInstanceOf(VolumeFencedException.class));
        int sent = 0;
        for (int i = 0; i < cluster.bricks.size(); i++) {
          sent += cluster.bricks.get(i).mutations() - before[i];
        }
        assertThat(sent).as(profile).isEqualTo(ec ? 6 : 3); // one attempt, no retry
        b.close();
      }
    }
  }
}
