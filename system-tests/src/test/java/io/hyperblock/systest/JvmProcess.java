package io.hyperblock.systest;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Java process started from this test JVM: the same {@code java} binary and classpath, the
 * given JVM flags, main class and arguments. Standard output and error go, interleaved, to one log
 * file that survives restarts (each start appends a marker line); {@link #waitForLine} and {@link
 * #output} only look at what the current run printed.
 *
 * <p>Not thread-safe: one test thread drives a process.
 */
final class JvmProcess implements AutoCloseable {

  /** Poll period of {@link #waitForLine}: short against process start-up times of seconds. */
  private static final long POLL_MILLIS = 20;

  private final String name;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path log;
  private Process process;
  private long runStart;

  /**
   * A Java main class run with this JVM's {@code java} and classpath.
   *
   * @param name short label for messages and the log marker, e.g. {@code brick-b3}
   * @param jvmFlags flags before the main class, e.g. {@code -Xmx128m}
   * @param log file receiving stdout and stderr (created; appended to on restarts)
   */
  JvmProcess(String name, List<String> jvmFlags, String mainClass, List<String> args, Path log) {
    this(name, command(jvmFlags, mainClass, args), Map.of(), log);
  }

  /**
   * Any command that ends up as a JVM, e.g. the distribution's {@code bin/hyperblock}, which {@code
   * exec}s java (so the process's pid and signals are the JVM's).
   *
   * @param environment variables added to this JVM's environment
   */
  JvmProcess(String name, List<String> command, Map<String, String> environment, Path log) {
    this.name = name;
    this.log = log;
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
  }

  /** {@code java <flags> -cp <this JVM's classpath> <mainClass> <args>}, with this JVM's java. */
  static List<String> command(List<String> jvmFlags, String mainClass, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(args);
    return List.copyOf(cmd);
  }

  /** Starts the process (again, after it exited or was killed). */
  JvmProcess start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
    }
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(
          log,
          "--- " + Instant.now() + " starting " + name + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      runStart = Files.size(log);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.environment().putAll(environment);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
    return this;
  }

  /**
   * Waits until the current run prints a line matching {@code regex} (anywhere in the line).
   *
   * @return the match, for reading groups such as a port number
   * @throws AssertionError the process exited first, or the deadline passed; the message holds the
   *     tail of the log
   */
  Matcher waitForLine(Pattern regex, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long position = runStart;
    StringBuilder partial = new StringBuilder();
    while (true) {
      boolean alive = process.isAlive(); // read before the log: output precedes the exit
      try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
        file.seek(position);
        byte[] fresh = new byte[(int) Math.max(0, file.length() - position)];
        file.readFully(fresh);
        position += fresh.length;
        partial.append(new String(fresh, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + log, e);
      }
      int newline;
      while ((newline = partial.indexOf("\n")) >= 0) {
        Matcher m = regex.matcher(partial.substring(0, newline));
        partial.delete(0, newline + 1);
        if (m.find()) {
          return m;
        }
      }
      if (!alive) {
        throw new AssertionError(
            name
                + " exited with code "
                + process.exitValue()
                + " before printing /"
                + regex
                + "/\n"
                + tail(40));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            name + " did not print /" + regex + "/ within " + timeout + "\n" + tail(40));
      }
      pause();
    }
  }

  /** Waits for the process to exit on its own; returns its exit code. */
  int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill9();
        throw new AssertionError(name + " did not exit within " + timeout + "\n" + tail(40));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + name, e);
    }
    return process.exitValue();
  }

  /** Everything the current run printed so far (stdout and stderr interleaved). */
  String output() {
    try {
      byte[] all = Files.readAllBytes(log);
      return new String(all, (int) runStart, all.length - (int) runStart, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + log, e);
    }
  }

  /**
   * SIGTERM, the way an operator or a service manager stops a process, then waits for it to exit.
   *
   * @return the exit code
   * @throws AssertionError it did not exit within {@code timeout} (it is then killed)
   */
  int stop(Duration timeout) {
    process.destroy();
    return awaitExit(timeout);
  }

  /** SIGKILL, like a power cut for this process: no shutdown hooks, no flush. Waits for it. */
  void kill9() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError(name + " (pid " + process.pid() + ") survived SIGKILL for 30s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted killing " + name, e);
    }
  }

  /** Kills the process (SIGKILL) if it runs, then starts it again with the same command line. */
  JvmProcess restart() {
    kill9();
    return start();
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  /** The last {@code lines} lines of the log (every run), for failure messages. */
  String tail(int lines) {
    try {
      if (!Files.exists(log)) {
        return "(no log at " + log + ")";
      }
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
      return "----- last " + last.size() + " lines of " + log + "\n" + String.join("\n", last);
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    kill9();
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  @Override
  public String toString() {
    return name + (isAlive() ? " (pid " + process.pid() + ")" : " (not running)");
  }
}
