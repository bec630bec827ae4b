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
 * A Java main class in its own JVM, started from the test classpath with a small heap. stderr is
 * appended to {@code <logDir>/<name>.err}; stdout is scanned for a readiness line.
 */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final CompletableFuture<Matcher> ready = new CompletableFuture<>();

  private ChildJvm(Process process, Pattern readyLine) {
    this.process = process;
    Thread.ofVirtual()
        .start(
            () -> {
              try (var in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  Matcher m = readyLine.matcher(line);
                  if (m.find()) {
                    ready.complete(m);
                  }
                }
              } catch (IOException e) {
                // the process died; awaitReady reports it
              }
              ready.completeExceptionally(
                  new IllegalStateException("process exited before printing its ready line"));
            });
  }

  /**
   * @param jvmArgs flags before the class path (heap, module access)
   * @param readyLine the stdout line that means "serving"
   */
  public static ChildJvm start(
      String name,
      Path logDir,
      List<String> jvmArgs,
      String mainClass,
      List<String> args,
      Pattern readyLine)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    cmd.addAll(args);
    Files.createDirectories(logDir);
    Process p =
        new ProcessBuilder(cmd)
            .redirectError(ProcessBuilder.Redirect.appendTo(logDir.resolve(name + ".err").toFile()))
            .start();
    return new ChildJvm(p, readyLine);
  }

  /** The ready line's match, once printed. */
  public Matcher awaitReady(Duration timeout) throws Exception {
    return ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean isAlive() {
    return process.isAlive();
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
