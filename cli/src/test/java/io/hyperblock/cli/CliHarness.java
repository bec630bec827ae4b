package io.hyperblock.cli;

import io.hyperblock.server.alerts.Observability;
import io.hyperblock.server.api.VolumeService;
import io.hyperblock.server.auth.AdminToken;
import io.hyperblock.server.rest.RestServer;
import io.hyperblock.server.rest.fake.InMemoryCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * A real {@link RestServer} on an ephemeral 127.0.0.1 port over in-memory services (6 UP bricks in
 * 3 racks), and a way to run the CLI in-process against it.
 */
final class CliHarness implements AutoCloseable {

  final InMemoryCluster cluster = InMemoryCluster.withBricks(6, 3);
  final AdminToken token;
  final RestServer server;
  final Path home;
  private Observability obs;

  /** The environment the CLI sees; tests add to it. */
  final Map<String, String> env = new HashMap<>();

  CliHarness(Path dir) {
    this(dir, null);
  }

  /** With {@code volumes} replacing the in-memory volume service (e.g. one that fails). */
  CliHarness(Path dir, VolumeService volumes) {
    this.token = AdminToken.ensure(dir.resolve("server-data"));
    this.home = dir.resolve("home");
    this.server =
        RestServer.start(
            "127.0.0.1", 0, volumes == null ? cluster.volumes() : volumes, cluster, cluster, token);
  }

  /**
   * With the real audit log (H2 under {@code dir/server-data/audit}), alerts and metrics; {@link
   * #close} closes them after the server.
   */
  static CliHarness withAuditLog(Path dir) {
    return new CliHarness(dir, true);
  }

  private CliHarness(Path dir, boolean h2) {
    Path data = dir.resolve("server-data");
    this.token = AdminToken.ensure(data);
    this.home = dir.resolve("home");
    this.obs = Observability.open(data, cluster.volumes(), cluster, Clock.systemUTC());
    this.server =
        RestServer.start(
            "127.0.0.1", 0, cluster.volumes(), cluster, cluster, token, obs, Clock.systemUTC());
  }

  String url() {
    return "http://127.0.0.1:" + server.port();
  }

  /** What one CLI invocation printed and returned. */
  record Run(int exitCode, String out, String err) {}

  /** Runs the CLI with --server and --token-file pointing at this server. */
  Run cli(String... args) {
    String[] full = new String[args.length + 4];
    full[0] = "--server";
    full[1] = url();
    full[2] = "--token-file";
    full[3] = token.path().toString();
    System.arraycopy(args, 0, full, 4, args.length);
    return bare(full);
  }

  /** Runs the CLI with exactly these arguments (settings from {@link #env} and files). */
  Run bare(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = HyperblockCli.run(args, env, home, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  @Override
  public void close() {
    server.close();
    if (obs != null) {
      obs.close();
    }
  }
}
