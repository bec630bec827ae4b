package io.hyperblock.systest;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code hyperblock-cli} as its own process against a cluster's REST API, as an operator
 * would, keeping stdout (the command's answer) apart from stderr (diagnostics, JVM warnings).
 */
final class Cli {

  static final String MAIN_CLASS = "io.hyperblock.cli.HyperblockCli";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** Exit code and the two output streams of one CLI run. */
  record Result(List<String> command, int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "hyperblock-cli "
          + String.join(" ", command)
          + " -> exit "
          + exitCode
          + "\n--- stdout\n"
          + stdout
          + "\n--- stderr\n"
          + stderr;
    }
  }

  private final String serverUrl;
  private final Path tokenFile;
  private final Path outputDir;
  private int runs;

  /**
   * @param serverUrl e.g. {@code http://127.0.0.1:8080}
   * @param tokenFile the server's admin.token (passed as a file, as docs/api.md advises)
   * @param outputDir where each run's stdout and stderr files go
   */
  Cli(String serverUrl, Path tokenFile, Path outputDir) {
    this.serverUrl = serverUrl;
    this.tokenFile = tokenFile;
    this.outputDir = outputDir;
  }

  /** Runs {@code hyperblock-cli --server <url> --token-file <file> <args>} and waits for it. */
  Result run(String... args) {
    return execute(
        JvmProcess.command(JvmFlags.forProcess("96m"), MAIN_CLASS, List.of()), Map.of(), args);
  }

  /** The same through a launcher script, e.g. the distribution's {@code bin/hyperblock-cli}. */
  Result runExecutable(Path executable, Map<String, String> environment, String... args) {
    return execute(List.of(executable.toString()), environment, args);
  }

  private Result execute(List<String> launch, Map<String, String> environment, String... args) {
    List<String> command = new ArrayList<>(launch);
    command.addAll(List.of("--server", serverUrl, "--token-file", tokenFile.toString()));
    command.addAll(List.of(args));
    int n = ++runs;
    Path out = outputDir.resolve("cli-" + n + ".out");
    Path err = outputDir.resolve("cli-" + n + ".err");
    try {
      Files.createDirectories(outputDir);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.environment().putAll(environment);
      Process p = builder.start();
      if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError(
            "hyperblock-cli " + List.of(args) + " did not finish within " + TIMEOUT);
      }
      return new Result(List.of(args), p.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run hyperblock-cli", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running hyperblock-cli", e);
    }
  }
}
