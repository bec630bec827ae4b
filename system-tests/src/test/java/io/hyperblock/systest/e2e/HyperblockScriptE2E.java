package io.hyperblock.systest.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code ./hyperblock} script as a new user runs it (issue 5): {@code up} starts
 * the server, 6 bricks and the NBD bridge; the printed example commands work ({@code hyperblock cli
 * volume create}, {@code qemu-img info nbd://...}); data copied in with qemu-img is intact after
 * {@code down} then {@code up}. It runs the distribution this build made ({@code HB_DIST}) with its
 * own data directory and free ports (the NBD port too), so it never touches {@code ./data} or an
 * appliance on the default ports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HyperblockScriptE2E {

  static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(4);
  static final long IMAGE_BYTES = 64L << 20;

  final Path script =
      Path.of(System.getProperty("hyperblock.repositoryRoot")).resolve("hyperblock");
  final Map<String, String> env = new HashMap<>();
  Path dir;
  int nbdPort;
  boolean up;

  @BeforeAll
  void unpackTheDistribution(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path tmp)
      throws IOException {
    ExternalTool.require("qemu-img", "qemu-utils");
    ExternalTool.require("nbdcopy", "libnbd-bin");
    dir = tmp;
    // The unpacked copy next to the tarball (installer/target*/hyperblock-VERSION/).
    Path dist =
        Path.of(System.getProperty("hyperblock.distribution").replaceFirst("\\.tar\\.gz$", ""));
    assertThat(dist.resolve("bin/hyperblock")).as("the distribution this build made").exists();
    env.put("HB_DIST", dist.toString());
    env.put("HB_DATA", dir.resolve("data").toString());
    int[] ports = freePorts(4);
    env.put("HB_REST_PORT", Integer.toString(ports[0]));
    env.put("HB_GRPC_PORT", Integer.toString(ports[1]));
    env.put("HB_RAFT_PORT", Integer.toString(ports[2]));
    nbdPort = ports[3];
    env.put("HB_NBD_PORT", Integer.toString(nbdPort));
    int base = freeRange(20);
    env.put("HB_BRICK_PORT_BASE", Integer.toString(base));
    env.put("HB_METRICS_PORT_BASE", Integer.toString(base + 10));
  }

  @AfterAll
  void down() {
    if (up) {
      hyperblock("down-final", "down");
    }
  }

  @Test
  void upServesVolumesOverNbdAndDataSurvivesDownThenUp() throws IOException {
    String started = hyperblock("up-1", "up").requireSuccess().output();
    up = true;
    String uri = "nbd://127.0.0.1:" + nbdPort + "/script-ec";
    assertThat(started).contains("nbd://127.0.0.1:" + nbdPort + "/").contains("qemu-img info");

    hyperblock(
            "create",
            "cli",
            "volume",
            "create",
            "--name",
            "script-ec",
            "--size",
            "64MiB",
            "--data-chunks",
            "4",
            "--parity-chunks",
            "2")
        .requireSuccess();
    String info = tool("qemu-img-info", "qemu-img", "info", uri).requireSuccess().output();
    assertThat(info).contains("virtual size: 64 MiB");

    Path image = dir.resolve("image.raw");
    byte[] bytes = new byte[(int) IMAGE_BYTES];
    new SplittableRandom(11).nextBytes(bytes);
    Files.write(image, bytes);
    tool("convert", "qemu-img", "convert", "-n", "-f", "raw", "-O", "raw", image.toString(), uri)
        .requireSuccess();

    hyperblock("down", "down").requireSuccess();
    up = false;
    assertThat(hyperblock("status-down", "status").output()).doesNotContain("running");
    hyperblock("up-2", "up").requireSuccess();
    up = true;

    Path back = dir.resolve("back.raw");
    tool("nbdcopy", "nbdcopy", uri, back.toString()).requireSuccess();
    assertThat(Files.mismatch(image, back)).as("first differing byte after down/up").isEqualTo(-1);
  }

  private ExternalTool.Result hyperblock(String log, String... args) {
    List<String> command = new ArrayList<>(List.of(script.toString()));
    command.addAll(List.of(args));
    return ExternalTool.start(dir.resolve("logs/hyperblock-" + log + ".log"), command, env)
        .await(SCRIPT_TIMEOUT);
  }

  private ExternalTool.Result tool(String log, String... command) {
    return ExternalTool.run(dir.resolve("logs/" + log + ".log"), Duration.ofMinutes(2), command);
  }

  private static int[] freePorts(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      sockets.forEach(HyperblockScriptE2E::closeQuietly);
    }
  }

  /** A base port such that base+1..base+count are all free now (the bricks' ports). */
  private static int freeRange(int count) {
    SplittableRandom random = new SplittableRandom();
    for (int attempt = 0; attempt < 50; attempt++) {
      // below Linux's ephemeral range (32768-60999), so outgoing connections of other tests and
      // processes never take these ports between this check and the bricks' binding them
      int base = 20000 + random.nextInt(12000);
      List<ServerSocket> held = new ArrayList<>();
      try {
        for (int p = base + 1; p <= base + count; p++) {
          held.add(new ServerSocket(p, 1, InetAddress.getLoopbackAddress()));
        }
        return base;
      } catch (IOException taken) {
        // try another range
      } finally {
        held.forEach(HyperblockScriptE2E::closeQuietly);
      }
    }
    throw new AssertionError("no range of " + count + " free ports on 127.0.0.1");
  }

  private static void closeQuietly(ServerSocket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // a socket we only held to reserve the port
    }
  }
}
