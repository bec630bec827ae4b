package io.hyperblock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code migration list|cancel}: drains and rebalances in progress. */
@Command(
    name = "migration",
    description = "Follow and cancel data movements (brick drains, rebalances).",
    subcommands = {MigrationCommands.ListMigrations.class, MigrationCommands.Cancel.class})
final class MigrationCommands implements Callable<Integer> {

  @ParentCommand HyperblockCli root;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return HyperblockCli.missingSubcommand(spec);
  }

  static void table(HyperblockCli root, JsonNode list) {
    Table t = new Table("ID", "KIND", "STATE", "BRICK", "UNITS", "MOVED", "DONE", "ETA", "ERROR");
    for (JsonNode m : list) {
      t.row(
          m.path("id").asText(),
          m.path("kind").asText(),
          m.path("state").asText(),
          m.hasNonNull("brickId") ? m.path("brickId").asText() : "-",
          m.path("unitsDone").asText() + "/" + m.path("unitsTotal").asText(),
          m.path("bytesDone").asText() + "/" + m.path("bytesTotal").asText(),
          m.path("percentDone").asText() + "%",
          m.hasNonNull("etaSeconds") ? m.path("etaSeconds").asText() + "s" : "-",
          m.path("lastError").asText());
    }
    t.print(root.out);
  }

  @Command(name = "list", description = "List migrations: running first, then the most recent.")
  static final class ListMigrations implements Callable<Integer> {
    @ParentCommand MigrationCommands parent;

    @Override
    public Integer call() {
      HyperblockCli root = parent.root;
      JsonNode r = root.client().get("/migrations");
      root.print(
          r,
          () -> {
            if (r.path("migrations").isEmpty()) {
              root.out.println("no migrations");
            } else {
              table(root, r.path("migrations"));
            }
          });
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "cancel",
      description =
          "Stop a running migration; units already moved stay moved, a drained brick goes back UP.")
  static final class Cancel implements Callable<Integer> {
    @ParentCommand MigrationCommands parent;

    @Parameters(paramLabel = "ID", description = "migration id, as 'migration list' shows it")
    String id;

    @Override
    public Integer call() {
      HyperblockCli root = parent.root;
      JsonNode m = root.client().post("/migrations/" + Paths.segment(id) + "/cancel", null);
      root.print(
          m,
          () ->
              root.out.printf(
                  "migration %s is %s (%s of %s moved)%n",
                  m.path("id").asText(),
                  m.path("state").asText(),
                  m.path("bytesDone").asText(),
                  m.path("bytesTotal").asText()));
      return ExitCodes.OK;
    }
  }
}
