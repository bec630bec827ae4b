package io.hyperblock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Entry point: {@code java -cp ... io.hyperblock.cli.HyperblockCli volume list}. Global options may
 * be given before or after the subcommand.
 */
@Command(
    name = "hyperblock-cli",
    mixinStandardHelpOptions = true,
    // Subcommands inherit --help, --version, the exit-code list and the settings footer.
    scope = ScopeType.INHERIT,
    version = "hyperblock-cli 0.1.0",
    description = "Manage a Hyperblock cluster over its REST API (/api/v1).",
    subcommands = {
      VolumeCommands.class,
      BrickCommands.class,
      ClusterCommands.class,
      PlacementCommands.class,
      TopologyCommands.class,
      AuditCommands.class,
      AlertCommands.class,
      MigrationCommands.class,
      RebalanceCommands.class,
      RebuildCommands.class
    },
    footerHeading = "%nSettings:%n",
    footer = {
      "Server and token come from flags, else the environment (HYPERBLOCK_SERVER,",
      "HYPERBLOCK_TOKEN, HYPERBLOCK_TOKEN_FILE), else the config file",
      "(--config, default ~/.config/hyperblock/cli.properties; keys server, token,",
      "token-file), else server " + CliSettings.DEFAULT_SERVER + " and no token.",
      "The admin token is in the file admin.token in the server's data directory."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:server error (5xx, metadata unavailable); retry later",
      "2:usage error (bad flags or settings)",
      "3:not found (404)",
      "4:conflict (409, e.g. duplicate name)",
      "5:invalid request (400: size, name, policy, JSON)",
      "6:unauthorized (401/403: missing or wrong token)",
      "7:cannot connect to the server"
    })
public final class HyperblockCli implements java.util.concurrent.Callable<Integer> {

  /** How results are printed. */
  enum Output {
    table,
    json
  }

  @Option(
      names = "--server",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description = "server base URL, e.g. http://10.0.0.5:8080 (env HYPERBLOCK_SERVER)")
  String server;

  @Option(
      names = "--token",
      scope = ScopeType.INHERIT,
      paramLabel = "TOKEN",
      description = "bearer token (env HYPERBLOCK_TOKEN); prefer --token-file, flags show in ps")
  String token;

  @Option(
      names = "--token-file",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "file holding the bearer token (env HYPERBLOCK_TOKEN_FILE)")
  Path tokenFile;

  @Option(
      names = "--config",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "properties file with server, token or token-file")
  Path config;

  @Option(
      names = {"-o", "--output"},
      scope = ScopeType.INHERIT,
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE})")
  Output output;

  private final Map<String, String> env;
  private final Path home;
  PrintWriter out;
  PrintWriter err;

  HyperblockCli(Map<String, String> env, Path home) {
    this.env = env;
    this.home = home;
  }

  public static void main(String[] args) {
    String home = System.getProperty("user.home");
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(args, System.getenv(), home == null ? null : Path.of(home), out, err));
  }

  /** Runs one command line; returns the exit code ({@link ExitCodes}). */
  static int run(
      String[] args, Map<String, String> env, Path home, PrintWriter out, PrintWriter err) {
    HyperblockCli root = new HyperblockCli(env, home);
    root.out = out;
    root.err = err;
    CommandLine cl = new CommandLine(root);
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof CliException c) {
            err.println("error: " + c.getMessage());
            return c.exitCode();
          }
          err.println("error: unexpected failure: " + e);
          return ExitCodes.SERVER_ERROR;
        });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    return missingSubcommand(spec);
  }

  /** A command that only groups subcommands was run alone: show its usage, exit 2. */
  static int missingSubcommand(picocli.CommandLine.Model.CommandSpec spec) {
    PrintWriter err = spec.commandLine().getErr();
    err.println(
        "error: '"
            + spec.qualifiedName()
            + "' needs a command: "
            + String.join(", ", spec.subcommands().keySet()));
    spec.commandLine().usage(err);
    return ExitCodes.USAGE;
  }

  /** A client for the resolved settings. */
  ApiClient client() {
    return new ApiClient(
        CliSettings.resolve(new CliSettings.Flags(server, token, tokenFile, config), env, home));
  }

  /** Prints the server's JSON (json output) or runs the table printer. */
  void print(JsonNode json, Runnable table) {
    if (output == Output.json) {
      try {
        out.println(ApiClient.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      table.run();
    }
  }
}
