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
 * kill -9 of a real brick-store process in the middle of unflushed writes: every flushed write
 * reads back exactly, nothing anywhere reads as CORRUPT, and the journal replay ran.
 */
@Timeout(120)
class ShardStoreCrashIT {
  @TempDir Path dir;
  @TempDir Path logs;

  @Test
  void flushedWritesSurviveKillDashNineAndNothingReadsCorrupt() throws Exception {
    Process child = startWriter();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      long unflushed = -1;
      while ((line = out.readLine()) != null && unflushed < 300) {
        if (line.startsWith("UNFLUSHED ")) {
          unflushed = Long.parseLong(line.substring("UNFLUSHED ".length()));
        }
      }
      assertThat(unflushed).as("writer reached the unflushed phase; see %s", logs).isEqualTo(300);
      child.destroyForcibly(); // SIGKILL while it keeps writing
      assertThat(child.waitFor()).isEqualTo(137);
    } finally {
      child.destroyForcibly();
    }

    try (ExtentShardStore store = TestData.open(dir, 1L << 30)) {
      assertThat(store.lastRecovery().replayed()).as("journal replay ran").isTrue();
      assertThat(store.lastRecovery().blocksChecked()).isPositive();
      assertThat(store.lastRecovery().blocksTorn()).isZero();
      for (int s = 0; s < SHARDS; s++) {
        for (int i = 0; i < FLUSHED_WRITES; i++) {
          byte[] got = TestData.read(store, shard(s), (long) i * STRIDE, WRITE_LENGTH);
          if (s != 0 || i >= OVERWRITTEN) {
            assertThat(got)
                .as("flushed write %d of shard %d", i, s)
                .isEqualTo(TestData.payload(flushedSeed(s, i), WRITE_LENGTH).array());
          }
        }
      }
      for (ShardInfo info : store.list(null)) { // every byte of every shard reads without CORRUPT
        for (long off = 0; off < info.sizeBytes(); off += 1 << 20) {
          int len = (int) Math.min(1 << 20, info.sizeBytes() - off);
          TestData.read(store, info.key(), off, len);
        }
      }
    }
  }

  private Process startWriter() throws Exception {
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
            dir.toString()));
    return new ProcessBuilder(cmd).redirectError(logs.resolve("writer.err").toFile()).start();
  }
}
