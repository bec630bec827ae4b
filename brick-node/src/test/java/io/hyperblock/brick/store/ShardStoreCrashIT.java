package io.hyperblock.brick.store;

import static io.hyperblock.brick.store.CrashWriterMain.FLUSHED_WRITES;
import static io.hyperblock.brick.store.CrashWriterMain.OVERWRITTEN;
import static io.hyperblock.brick.store.CrashWriterMain.SHARDS;
import static io.hyperblock.brick.store.CrashWriterMain.STRIDE;
import static io.hyperblock.brick.store.CrashWriterMain.WRITE_LENGTH;
import static io.hyperblock.brick.store.CrashWriterMain.flushedSeed;
import static io.hyperblock.brick.store.CrashWriterMain.shard;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a real brick-store process in the middle of unflushed writes, three times over the
 * same directory: after each kill every write flushed in any round reads back exactly, nothing
 * anywhere reads as CORRUPT, and the journal replay ran.
 */
@Timeout(180)
class ShardStoreCrashIT {
  private static final int ROUNDS = 3;
  private static final long UNFLUSHED_BEFORE_KILL = 300;

  @TempDir Path dir;
  @TempDir Path logs;

  @Test
  void flushedWritesSurviveRepeatedKillDashNineAndNothingReadsCorrupt() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      killWriterMidStream(round);
      long openStart = System.nanoTime();
      try (ExtentShardStore store = TestData.open(dir, 1L << 30)) {
        long openMillis = (System.nanoTime() - openStart) / 1_000_000;
        RecoveryReport report = store.lastRecovery();
        System.out.printf("round %d: open after kill took %d ms, %s%n", round, openMillis, report);
        assertThat(report.replayed()).as("journal replay ran").isTrue();
        assertThat(report.blocksChecked()).isPositive();
        assertThat(report.blocksTorn()).isZero();
        for (int r = 0; r <= round; r++) {
          assertFlushedWritesOfRound(store, r);
        }
        readEverything(store);
      }
    }
  }

  private void killWriterMidStream(int round) throws Exception {
    Process child = startWriter(round);
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      long unflushed = -1;
      while (unflushed < UNFLUSHED_BEFORE_KILL && (line = out.readLine()) != null) {
        if (line.startsWith("UNFLUSHED ")) {
          unflushed = Long.parseLong(line.substring("UNFLUSHED ".length()));
        }
      }
      assertThat(unflushed)
          .as("writer reached the unflushed phase; see %s", logs)
          .isEqualTo(UNFLUSHED_BEFORE_KILL);
      child.destroyForcibly(); // SIGKILL while it keeps writing
      assertThat(child.waitFor()).isEqualTo(137);
    } finally {
      child.destroyForcibly();
    }
  }

  private static void assertFlushedWritesOfRound(ExtentShardStore store, int round) {
    for (int s = 0; s < SHARDS; s++) {
      for (int i = 0; i < FLUSHED_WRITES; i++) {
        if (s == 0 && i < OVERWRITTEN) {
          continue; // overwritten later without a flush: old or new bytes are both correct
        }
        assertThat(TestData.read(store, shard(round, s), (long) i * STRIDE, WRITE_LENGTH))
            .as("flushed write %d of shard %d in round %d", i, s, round)
            .isEqualTo(TestData.payload(flushedSeed(round, s, i), WRITE_LENGTH).array());
      }
    }
  }

  private static void readEverything(ExtentShardStore store) {
    for (ShardInfo info : store.list(null)) {
      for (long off = 0; off < info.sizeBytes(); off += 1 << 20) {
        int len = (int) Math.min(1 << 20, info.sizeBytes() - off);
        TestData.read(store, info.key(), off, len); // throws CorruptBlockException if any
      }
    }
  }

  private Process startWriter(int round) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-")
          || arg.startsWith("--enable-native-access")
          || arg.startsWith("--sun-misc")
          || arg.startsWith("-Dchronicle")) {
        cmd.add(arg);
      }
    }
    cmd.addAll(
        List.of(
            "-Xmx128m",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            CrashWriterMain.class.getName(),
            dir.toString(),
            Integer.toString(round)));
    return new ProcessBuilder(cmd)
        .redirectError(logs.resolve("writer-" + round + ".err").toFile())
        .start();
  }
}
