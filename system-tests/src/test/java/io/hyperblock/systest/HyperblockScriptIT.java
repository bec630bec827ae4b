package io.hyperblock.systest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code ./hyperblock} script as an operator uses it: {@code up} starts the
 * all-in-one appliance (1 server and, through {@code HB_BRICKS}, 3 bricks) from the distribution,
 * {@code cli} reaches it, {@code status} and {@code down} work, and the data survives {@code
 * down}/{@code up}. Runs on free ports with its data in a temporary directory, from the
 * distribution this build made ({@code HB_DIST}).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HyperblockScriptIT {

  private static final long STEP_TIMEOUT_SECONDS = 180;

  @Test
  void upCliStatusDownThenUpAgainKeepsTheVolumes(
      @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
    Path repo = Path.of(System.getProperty("hyperblock.repositoryRoot")); // set by the pom
    Path script = repo.resolve("hyperblock");
    Map<String, String> env = environment(dir);
    try {
      Run up = run(script, env, "up");
      assertThat(up.exitCode()).as("%s", up).isZero();
      assertThat(up.output())
          .contains("3 bricks UP")
          .contains("http://127.0.0.1:" + env.get("HB_REST_PORT") + "/api/v1")
          .contains(dir.resolve("data/server/admin.token").toString());

      Run create =
          run(
              script,
              env,
              "cli",
              "volume",
              "create",
              "--name",
              "postgres-r3",
              "--size",
              "50GiB",
              "--replicas",
              "3");
      assertThat(create.exitCode()).as("%s", create).isZero();
      Run status = run(script, env, "status");
      assertThat(status.exitCode()).as("%s", status).isZero();
      assertThat(status.output()).contains("Bricks UP: 3 of 3").doesNotContain("stopped");

      Run down = run(script, env, "down");
      assertThat(down.exitCode()).as("%s", down).isZero();
      assertThat(dir.resolve("data/run/server.pid")).doesNotExist();
      assertThat(run(script, env, "status").output()).contains("Nothing runs");

      Run again = run(script, env, "up");
      assertThat(again.exitCode()).as("%s", again).isZero();
      Run list = run(script, env, "cli", "volume", "list");
      assertThat(list.exitCode()).as("%s", list).isZero();
      assertThat(list.output()).as("the volume survived down/up").contains("postgres-r3");
    } finally {
      Run last = run(script, env, "down");
      assertThat(last.exitCode()).as("%s", last).isZero();
    }
  }

  /** Free ports, data under {@code dir}, and the distribution this build assembled. */
  private static Map<String, String> environment(Path dir) {
    String tarball = System.getProperty("hyperblock.distribution");
    int[] server = FreePorts.pick(4);
    Map<String, String> env = new HashMap<>();
    env.put("HB_DIST", tarball.replaceFirst("\\.tar\\.gz$", ""));
    env.put("HB_DATA", dir.resolve("data").toString());
    env.put("HB_REST_PORT", Integer.toString(server[0]));
    env.put("HB_GRPC_PORT", Integer.toString(server[1]));
    env.put("HB_RAFT_PORT", Integer.toString(server[2]));
    env.put("HB_NBD_PORT", Integer.toString(server[3])); // the script starts the NBD bridge too
    // Three bricks, one per rack, keep this test short; the default six are started by every
    // manual `./hyperblock up` and by HyperblockScriptE2E.
    env.put("HB_BRICKS", "b1:dc1:rack1:host1 b2:dc1:rack2:host2 b3:dc1:rack3:host3");
    env.put("HB_BRICK_PORT_BASE", Integer.toString(freeRun(3)));
    env.put("HB_METRICS_PORT_BASE", Integer.toString(freeRun(3)));
    env.put("HB_JAVA_OPTS", "-Xmx160m -XX:TieredStopAtLevel=1");
    env.put("JAVA_HOME", System.getProperty("java.home"));
    return env;
  }

  /** A base port b such that b+1 .. b+count are free now (the script numbers bricks from 1). */
  private static int freeRun(int count) {
    Random random = new Random();
    for (int attempt = 0; attempt < 100; attempt++) {
      int base = 20_000 + random.nextInt(20_000);
      if (allFree(base + 1, count)) {
        return base;
      }
    }
    throw new IllegalStateException("no run of " + count + " free ports found");
  }

  private static boolean allFree(int first, int count) {
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int p = first; p < first + count; p++) {
        held.add(new ServerSocket(p, 1, InetAddress.getLoopbackAddress()));
      }
      return true;
    } catch (IOException taken) {
      return false;
    } finally {
      for (ServerSocket s : held) {
        try {
          s.close();
        } catch (IOException ignored) {
          // our own listening socket
        }
      }
    }
  }

  record Run(List<String> command, int exitCode, String output) {
    @Override
    public String toString() {
      return String.join(" ", command) + " -> exit " + exitCode + "\n" + output;
    }
  }

  private static Run run(Path script, Map<String, String> env, String... args)
      throws InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("hyperblock-script-", ".out");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.environment().putAll(env);
      Process p = builder.start();
      if (!p.waitFor(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError(command + " did not finish within " + STEP_TIMEOUT_SECONDS + "s");
      }
      String output = Files.readString(out);
      Files.delete(out);
      return new Run(command, p.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    }
  }
}
