package io.hyperblock.server.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A management server ({@code ServerMain}) in its own JVM with the Ratis flags. */
public final class ServerProcess implements AutoCloseable {
  private static final Pattern READY =
      Pattern.compile("SERVER READY id=(\\S+) grpc=(\\d+) rest=(\\d+) raft=(\\d+)");

  /** The ports the server printed. */
  public record Ready(String id, int grpcPort, int restPort, int raftPort) {}

  private final ChildJvm jvm;

  private ServerProcess(ChildJvm jvm) {
    this.jvm = jvm;
  }

  /**
   * Starts {@code hyperblock server --data-dir <dataDir> <args>}.
   *
   * @param name names the log file {@code <logDir>/<name>.err}
   */
  public static ServerProcess start(String name, Path dataDir, Path logDir, List<String> args)
      throws IOException {
    List<String> all = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
    all.addAll(args);
    return new ServerProcess(
        ChildJvm.start(
            name,
            logDir,
            List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"),
            "io.hyperblock.server.ServerMain",
            all,
            READY));
  }

  /** Waits for the READY line. */
  public Ready awaitReady(Duration timeout) throws Exception {
    Matcher m = jvm.awaitReady(timeout);
    return new Ready(
        m.group(1),
        Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(3)),
        Integer.parseInt(m.group(4)));
  }

  /** SIGKILL, and wait until the process is gone. */
  public void kill() throws InterruptedException {
    jvm.kill();
  }

  @Override
  public void close() throws InterruptedException {
    jvm.close();
  }
}
