package io.hyperblock.bridge.nbd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an outside client (qemu-img, nbdcopy, nbdinfo, fio) with a deadline, capturing output. */
final class ExternalTool {

  record Result(int exitCode, String stdout, String stderr) {
    String all() {
      return stdout + stderr;
    }
  }

  private ExternalTool() {}

  /** Whether {@code name} is an executable on the PATH. */
  static boolean installed(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs the command in {@code workDir}; kills it and fails if it outlives {@code timeout}.
   *
   * @throws IllegalStateException on timeout, with the output so far
   */
  static Result run(Path workDir, Duration timeout, String... command)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(workDir, "out", ".txt");
    Path err = Files.createTempFile(workDir, "err", ".txt");
    Process p =
        new ProcessBuilder(List.of(command))
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly().waitFor();
      throw new IllegalStateException(
          String.join(" ", command)
              + " did not finish within "
              + timeout
              + "\nstdout: "
              + Files.readString(out)
              + "\nstderr: "
              + Files.readString(err));
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
