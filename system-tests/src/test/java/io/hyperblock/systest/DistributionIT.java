package io.hyperblock.systest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball the installer module builds is a working appliance on its own: unpacked, its launcher
 * starts a server and a brick from {@code lib/} with {@code conf/jvm.options} (no Maven classpath),
 * its CLI talks to them, and SIGTERM stops both cleanly with exit code 0.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@ExtendWith(PrintLogsOnFailure.class)
class DistributionIT {

  private static final Duration READY = ProcessCluster.READY_TIMEOUT;
  private static final Duration STOP = Duration.ofSeconds(30);

  /**
   * A JVM stopped by SIGTERM runs its shutdown hooks (the brick closes its store, the server its
   * Raft member) and then exits with 128 + 15, unless a hook halts with 0 itself; SIGKILL would
   * give 137, and a crash during shutdown something else.
   */
  private static final List<Integer> STOPPED_BY_SIGTERM = List.of(0, 143);

  @Test
  void unpackedTarballRunsServerBrickAndCliAndStopsThemGracefully(
      @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
    Path home = unpack(dir);
    assertThat(home.resolve("bin/hyperblock")).isExecutable();
    assertThat(home.resolve("bin/hyperblock-cli")).isExecutable();
    assertThat(home.resolve("systemd/hyperblock-server.service")).isRegularFile();
    assertThat(home.resolve("systemd/hyperblock-brick@.service")).isRegularFile();
    assertThat(home.resolve("conf/jvm.options"))
        .hasSameTextualContentAs(Path.of(System.getProperty(JvmFlags.PROPERTY)));
    try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
      assertThat(jars.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("hyperblock-appliance-server-"))
          .anyMatch(n -> n.startsWith("hyperblock-brick-node-"))
          .anyMatch(n -> n.startsWith("hyperblock-cli-"));
    }
    // The launcher's own Java lookup takes JAVA_HOME first; small heaps as in every test here.
    Map<String, String> env =
        Map.of(
            "JAVA_HOME",
            System.getProperty("java.home"),
            "HB_JAVA_OPTS",
            "-Xmx192m -XX:TieredStopAtLevel=1");
    String launcher = home.resolve("bin/hyperblock").toString();

    try (JvmProcess server =
        new JvmProcess(
            "dist-server",
            List.of(
                launcher,
                "server",
                "--data-dir",
                dir.resolve("server").toString(),
                "--grpc-port",
                "0",
                "--raft-port",
                "0",
                "--rest-port",
                "0"),
            env,
            dir.resolve("logs/server.log"))) {
      Matcher ready =
          server
              .start()
              .waitForLine(Pattern.compile("SERVER READY .* grpc=(\\d+) rest=(\\d+)"), READY);
      String url = "http://127.0.0.1:" + ready.group(2);
      try (JvmProcess brick =
          new JvmProcess(
              "dist-brick",
              List.of(
                  launcher,
                  "brick",
                  "--data-dir",
                  dir.resolve("brick").toString(),
                  "--server",
                  "127.0.0.1:" + ready.group(1),
                  "--port",
                  "0",
                  "--metrics-port",
                  "-1"),
              env,
              dir.resolve("logs/brick.log"))) {
        String brickId =
            brick.start().waitForLine(Pattern.compile("BRICK READY id=(\\S+)"), READY).group(1);

        Cli.Result list =
            new Cli(url, dir.resolve("server/admin.token"), dir.resolve("cli"))
                .runExecutable(home.resolve("bin/hyperblock-cli"), env, "brick", "list");
        assertThat(list.exitCode()).as("%s", list).isZero();
        assertThat(list.stdout()).contains(brickId);
        assertThat(list.stderr()).as("no JVM warnings on a CLI call").isEmpty();

        assertThat(brick.stop(STOP)).as("brick exit code after SIGTERM").isIn(STOPPED_BY_SIGTERM);
      }
      assertThat(server.stop(STOP)).as("server exit code after SIGTERM").isIn(STOPPED_BY_SIGTERM);
    }
  }

  private static Path unpack(Path dir) throws IOException, InterruptedException {
    Path tarball = Path.of(System.getProperty("hyperblock.distribution"));
    assertThat(tarball).as("built by the installer module").isRegularFile();
    Process tar =
        new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", dir.toString())
            .inheritIO()
            .start();
    assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(tar.exitValue()).isZero();
    String name = tarball.getFileName().toString().replaceFirst("\\.tar\\.gz$", "");
    return dir.resolve(name);
  }
}
