package io.hyperblock.client.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A brick as its own JVM ({@code io.hyperblock.brick.BrickMain}, 128 MiB heap), started on an
 * ephemeral port and ready once it prints its READY line; {@link #kill9()} is {@code kill -9}.
 */
final class BrickProcess {
  private static final Pattern READY =
      Pattern.compile("BRICK READY id=([0-9a-f-]{36}) grpc=(\\d+) metrics=(-?\\d+)");

  final Process process;
  final UUID id;
  final int port;

  private BrickProcess(Process process, UUID id, int port) {
    this.process = process;
    this.id = id;
    this.port = port;
  }

  String address() {
    return "127.0.0.1:" + port;
  }

  static BrickProcess spawn(Path dataDir, String server) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-Xmx128m"); // eleven of them for EC 8+3
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1"); // start fast: many JVMs share two cores
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-")
          || arg.startsWith("--enable-native-access")
          || arg.startsWith("--sun-misc")
          || arg.startsWith("-Dchronicle")) {
        cmd.add(arg); // the flags Chronicle needs, as the pom gave them to this JVM
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.hyperblock.brick.BrickMain");
    cmd.addAll(
        List.of(
            "--data-dir", dataDir.toString(),
            "--server", server,
            "--port", "0",
            "--metrics-port", "-1",
            "--capacity", "1GiB",
            "--heartbeat-interval", "200ms"));
    java.nio.file.Files.createDirectories(dataDir);
    Process p =
        new ProcessBuilder(cmd)
            .redirectError(ProcessBuilder.Redirect.appendTo(dataDir.resolve("stderr.log").toFile()))
            .start();
    CompletableFuture<Matcher> ready = new CompletableFuture<>();
    List<String> stdout = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                  stdout.add(line);
                  Matcher m = READY.matcher(line);
                  if (m.find()) {
                    ready.complete(m);
                  }
                }
              } catch (IOException e) {
                ready.completeExceptionally(e);
              }
              ready.completeExceptionally(new AssertionError("brick exited before READY"));
            });
    try {
      Matcher m = ready.get(120, TimeUnit.SECONDS);
      return new BrickProcess(p, UUID.fromString(m.group(1)), Integer.parseInt(m.group(2)));
    } catch (Exception e) {
      p.destroyForcibly();
      String log;
      try {
        List<String> lines = java.nio.file.Files.readAllLines(dataDir.resolve("stderr.log"));
        log = String.join("\n", lines.stream().filter(l -> !l.startsWith("\tat ")).toList());
      } catch (IOException io) {
        log = "(no stderr.log: " + io + ")";
      }
      throw new AssertionError(
          "brick did not print its READY line: "
              + e
              + "\nexit "
              + (p.isAlive() ? "alive" : String.valueOf(p.exitValue()))
              + "\nstdout "
              + stdout
              + "\nstderr "
              + log,
          e);
    }
  }

  void kill9() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("brick " + id + " still runs 60 s after SIGKILL");
    }
  }
}
