package io.hyperblock.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A management server in its own JVM (small heap, the Ratis flags), started from the test
 * classpath. stderr goes to {@code <logDir>/<name>.err} (appended across restarts); stdout is
 * watched for the {@code SERVER READY} line.
 */
public final class ServerProcess implements AutoCloseable {
  private static final Pattern READY =
      Pattern.compile("SERVER READY id=(\\S+) grpc=(\\d+) rest=(\\d+) raft=(\\d+)");

  /** The ports the server printed. */
  public record Ready(String id, int grpcPort, int restPort, int raftPort) {}

  private final Process process;
  private final CompletableFuture<Ready> ready = new CompletableFuture<>();
  private final Path dataDir;

  private ServerProcess(Process process, Path dataDir) {
    this.process = process;
    this.dataDir = dataDir;
    Thread.ofVirtual()
        .start(
            () -> {
              try (var in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  Matcher m = READY.matcher(line);
                  if (m.find()) {
                    ready.complete(
                        new Ready(
                            m.group(1),
                            Integer.parseInt(m.group(2)),
                            Integer.parseInt(m.group(3)),
                            Integer.parseInt(m.group(4))));
                  }
                }
              } catch (IOException e) {
                // process died; awaitReady reports it
              }
              ready.completeExceptionally(new IllegalStateException("server exited before READY"));
            });
  }

  /**
   * Starts {@code hyperblock server --data-dir <dataDir> <args>}.
   *
   * @param name names the log file
   */
  public static ServerProcess start(String name, Path dataDir, Path logDir, List<String> args)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
            java,
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow",
            "-cp",
            System.getProperty("java.class.path"),
            "io.hyperblock.server.ServerMain",
            "--data-dir",
            dataDir.toString()));
    cmd.addAll(args);
    Files.createDirectories(logDir);
    Process p =
        new ProcessBuilder(cmd)
            .redirectError(ProcessBuilder.Redirect.appendTo(logDir.resolve(name + ".err").toFile()))
            .start();
    return new ServerProcess(p, dataDir);
  }

  /** Waits for the READY line. */
  public Ready awaitReady(Duration timeout) throws Exception {
    return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public Path dataDir() {
    return dataDir;
  }

  public long pid() {
    return process.pid();
  }

  /** SIGKILL, and wait until the process is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM (graceful shutdown hook), then SIGKILL if it hangs. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
