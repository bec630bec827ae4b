package io.hyperblock.systest.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An outside program (qemu-img, nbdcopy, fio) run with its output in a log file. A missing program
 * fails the test with the package to install: these tests exist to prove the appliance works with
 * them, so they must not pass silently without them.
 */
final class ExternalTool {

  /** A finished run: exit code and everything it printed (stdout and stderr interleaved). */
  record Result(List<String> command, int exitCode, String output) {
    Result requireSuccess() {
      if (exitCode != 0) {
        throw new AssertionError(
            String.join(" ", command) + " exited with " + exitCode + ":\n" + output);
      }
      return this;
    }
  }

  private final List<String> command;
  private final Path log;
  private Process process;

  private ExternalTool(List<String> command, Path log) {
    this.command = List.copyOf(command);
    this.log = log;
  }

  /** Fails unless {@code program} is on the PATH; names the Debian package that provides it. */
  static void require(String program, String debianPackage) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return;
      }
    }
    throw new AssertionError(
        program + " is not installed; apt-get install " + debianPackage + " (.ci/install-deps)");
  }

  /** Starts {@code command}, output to {@code log}. */
  static ExternalTool start(Path log, List<String> command) {
    return start(log, command, Map.of());
  }

  /** Starts {@code command} with {@code environment} added to this JVM's, output to {@code log}. */
  static ExternalTool start(Path log, List<String> command, Map<String, String> environment) {
    ExternalTool tool = new ExternalTool(command, log);
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.environment().putAll(environment);
      tool.process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    return tool;
  }

  /** Runs {@code command} to completion (killed at the deadline, which fails the test). */
  static Result run(Path log, Duration timeout, String... command) {
    return start(log, List.of(command)).await(timeout);
  }

  /** What it printed so far. */
  String output() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the exit; kills it and fails at the deadline. */
  Result await(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new AssertionError(
            String.join(" ", command) + " did not finish within " + timeout + ":\n" + output());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    return new Result(command, process.exitValue(), output());
  }
}
