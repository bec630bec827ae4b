package io.hyperblock.client.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.client.VolumeClient;
import io.hyperblock.client.VolumeClientConfig;
import io.hyperblock.client.testing.TestCluster;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.core.protection.ProtectionPolicy;
import io.hyperblock.core.protection.Replicated;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model-based scenario: batches of concurrent, non-overlapping reads, writes and zeroings at random
 * unaligned offsets (crossing unit, row and chunk boundaries) are checked against a byte array
 * while up to the policy's tolerance of bricks is killed at random moments, mid-batch. EC runs also
 * revive bricks and then repair or re-attach (recovery must repair the stale units before more
 * bricks die); replicated runs revive a dead replica, which stays stale where it missed writes and
 * must not be read there. At the end every policy loses as many bricks as it still tolerates (EC:
 * after the dead ones returned and were repaired, and those last) and the whole volume is read.
 * Every read must equal the model and every write must succeed; a failure names its seed.
 */
public abstract class ModelScenarios {

  protected static final long CHUNK = 64 << 10;
  protected static final long SIZE = 3 * CHUNK + CHUNK / 2;

  /** The cluster binding. */
  protected abstract ClusterFactory clusters();

  /** Seeds per policy and rounds per seed: many in-memory, fewer against real bricks. */
  protected abstract int seeds();

  protected abstract int rounds();

  static Stream<Arguments> policies() {
    return Stream.of(
        Arguments.of("R1", new Replicated(1, 1, 1), 4096, 0),
        Arguments.of("R3 wq2 rq1", new Replicated(3, 2, 1), 4096, 1),
        Arguments.of("R3 wq2 rq2", new Replicated(3, 2, 2), 4096, 1),
        Arguments.of("EC 4+2", ErasureCoded.EC_4_2, 4096, 2),
        Arguments.of("EC 8+3", ErasureCoded.EC_8_3, 4096, 3));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policies")
  void readsAlwaysEqualTheModelWhileBricksDie(
      String name, ProtectionPolicy policy, int stripeUnit, int tolerance) {
    long first = Long.getLong("hb.model.seed", 1); // -Dhb.model.seed=N replays seed N first
    for (long seed = first; seed < first + seeds(); seed++) {
      long started = System.nanoTime();
      Story story = new Story();
      try {
        run(policy, stripeUnit, tolerance, seed, story);
      } catch (RuntimeException | Error e) {
        throw new AssertionError(
            name
                + " failed with seed "
                + seed
                + " (replay: -Dhb.model.seed="
                + seed
                + ") after "
                + story
                + ": "
                + e,
            e);
      }
      System.out.printf(
          "model %s seed %d: %s in %d ms%n",
          name, seed, story, (System.nanoTime() - started) / 1_000_000);
    }
  }

  /** What a run did, for the log and the failure message. */
  private static final class Story {
    int ops;
    int kills;
    int revives;
    int repairs;
    int reopens;
    int finalKills;
    long reviveMillis;

    @Override
    public String toString() {
      return ops
          + " ops, "
          + kills
          + " kills mid-batch, "
          + revives
          + " revives ("
          + reviveMillis
          + " ms), "
          + repairs
          + " repairs, "
          + reopens
          + " re-attaches, "
          + finalKills
          + " kills before the last read";
    }
  }

  private void run(ProtectionPolicy policy, int stripeUnit, int tolerance, long seed, Story story) {
    Random rnd = new Random(seed);
    boolean ec = policy instanceof ErasureCoded;
    byte[] model = new byte[(int) SIZE];
    try (TestCluster cluster = clusters().create(policy, SIZE, CHUNK, stripeUnit)) {
      VolumeClient client = cluster.open(VolumeClientConfig.defaults("model-" + seed));
      int lost = 0;
      for (int round = 0; round < rounds(); round++) {
        List<long[]> ranges = new ArrayList<>();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        List<Runnable> checks = new ArrayList<>();
        int ops = 1 + rnd.nextInt(8);
        for (int i = 0; i < ops; i++) {
          int len = 1 + rnd.nextInt(rnd.nextBoolean() ? 300 : 40 << 10);
          long off = (long) (rnd.nextDouble() * (SIZE - len));
          if (overlaps(ranges, off, len)) {
            continue;
          }
          ranges.add(new long[] {off, len});
          story.ops++;
          int kind = rnd.nextInt(10);
          if (kind < 5) {
            byte[] data = Io.random(rnd, len);
            System.arraycopy(data, 0, model, (int) off, len);
            writes.add(client.write(off, ByteBuffer.allocateDirect(len).put(data).flip()));
          } else if (kind < 6) {
            Arrays.fill(model, (int) off, (int) off + len, (byte) 0);
            writes.add(client.writeZeroes(off, len));
          } else {
            byte[] expected = Arrays.copyOfRange(model, (int) off, (int) off + len);
            ByteBuffer dst = ByteBuffer.allocate(len);
            CompletableFuture<Void> f = client.read(off, dst);
            checks.add(
                () -> {
                  f.join();
                  assertThat(dst.array()).as("read at %d len %d", off, len).isEqualTo(expected);
                });
          }
          if (lost < tolerance && rnd.nextInt(12) == 0) {
            int victim = rnd.nextInt(cluster.brickCount());
            if (!cluster.isDown(victim)) {
              cluster.kill(victim); // while this batch's requests are in flight
              lost++;
              story.kills++;
            }
          }
        }
        writes.forEach(CompletableFuture::join);
        checks.forEach(Runnable::run);
        if (rnd.nextInt(10) == 0) {
          client.flush().join();
        }
        if (ec && lost > 0 && rnd.nextInt(8) == 0) {
          reviveAll(cluster, story);
          lost = 0;
          if (rnd.nextBoolean()) {
            repair(client, story);
          } else {
            client.close();
            client = cluster.open(VolumeClientConfig.defaults("model-" + seed + "-" + round));
            story.reopens++;
          }
        } else if (!ec && lost > 0 && rnd.nextInt(8) == 0) {
          // A replica returns holding none of the writes it missed: this client must keep reading
          // around it (resyncing it is the management server's job), so the budget stays spent.
          reviveAll(cluster, story);
          client.refreshPlacement().join();
        }
      }
      assertThat(Io.read(client, 0, model.length)).as("whole volume").isEqualTo(model);
      // EC: the dead bricks return and are repaired; then, for every policy, as many bricks as it
      // still tolerates die at once, the repaired ones last: every byte must still be readable.
      List<Integer> revived = ec ? reviveAll(cluster, story) : List.of();
      if (!revived.isEmpty()) {
        repair(client, story);
        lost = 0;
      }
      List<Integer> victims = new ArrayList<>();
      for (int b = 0; b < cluster.brickCount(); b++) {
        if (!cluster.isDown(b) && !revived.contains(b)) {
          victims.add(b);
        }
      }
      Collections.shuffle(victims, rnd);
      victims.addAll(revived);
      for (int b : victims.subList(0, tolerance - lost)) {
        cluster.kill(b);
        story.finalKills++;
      }
      assertThat(Io.read(client, 0, model.length))
          .as("whole volume after %d more kills", tolerance - lost)
          .isEqualTo(model);
      client.close();
    }
  }

  /** Brings every dead brick back, all at once (a brick process takes seconds to start). */
  private static List<Integer> reviveAll(TestCluster cluster, Story story) {
    List<Integer> down = new ArrayList<>();
    for (int b = 0; b < cluster.brickCount(); b++) {
      if (cluster.isDown(b)) {
        down.add(b);
      }
    }
    long t0 = System.nanoTime();
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> started = new ArrayList<>();
      for (int b : down) {
        started.add(ex.submit(() -> cluster.revive(b)));
      }
      for (Future<?> f : started) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw new AssertionError("a brick did not come back", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted reviving bricks", e);
    }
    story.revives += down.size();
    story.reviveMillis += (System.nanoTime() - t0) / 1_000_000;
    return down;
  }

  /** Re-reads the map (a returning brick may have a new address) and repairs the volume. */
  private static void repair(VolumeClient client, Story story) {
    client.refreshPlacement().join();
    assertThat(client.repair().join().rowsUnresolved()).as("rows left unresolved").isZero();
    story.repairs++;
  }

  private static boolean overlaps(List<long[]> ranges, long off, int len) {
    for (long[] r : ranges) {
      if (off < r[0] + r[1] && r[0] < off + len) {
        return true;
      }
    }
    return false;
  }
}
