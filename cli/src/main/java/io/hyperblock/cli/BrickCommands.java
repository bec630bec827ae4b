package io.hyperblock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code brick list|show|impact|dependencies|drain|remove}. */
@Command(
    name = "brick",
    description = "List, show, drain and remove bricks; check what depends on them.",
    subcommands = {
      BrickCommands.ListBricks.class,
      BrickCommands.Show.class,
      BrickMaintenanceCommands.Impact.class,
      BrickMaintenanceCommands.Dependencies.class,
      BrickMaintenanceCommands.Drain.class,
      BrickMaintenanceCommands.Remove.class
    })
final class BrickCommands implements Callable<Integer> {

  @ParentCommand HyperblockCli root;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return HyperblockCli.missingSubcommand(spec);
  }

  @Command(name = "list", description = "List bricks by datacenter, rack, host.")
  static final class ListBricks implements Callable<Integer> {
    @ParentCommand BrickCommands parent;

    @Override
    public Integer call() {
      HyperblockCli root = parent.root;
      JsonNode list = root.client().get("/bricks");
      root.print(
          list,
          () -> {
            Table t =
                new Table(
                    "ID", "DATACENTER", "RACK", "HOST", "STATE", "CAPACITY", "USED", "ADDRESS");
            for (JsonNode b : list.path("bricks")) {
              t.row(
                  b.path("id").asText(),
                  b.path("datacenter").asText(),
                  b.path("rack").asText(),
                  b.path("host").asText(),
                  b.path("state").asText(),
                  b.path("capacity").asText(),
                  b.path("used").asText(),
                  VolumeCommands.text(b, "address"));
            }
            t.print(root.out);
          });
      return ExitCodes.OK;
    }
  }

  @Command(name = "show", description = "Show one brick by id or an 8+ character id prefix.")
  static final class Show implements Callable<Integer> {
    @ParentCommand BrickCommands parent;

    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
      HyperblockCli root = parent.root;
      JsonNode b = root.client().get("/bricks/" + Paths.segment(id));
      root.print(
          b,
          () -> {
            Table t = new Table("FIELD", "VALUE");
            for (String f :
                new String[] {
                  "id",
                  "datacenter",
                  "rack",
                  "host",
                  "state",
                  "weight",
                  "path",
                  "address",
                  "capacity",
                  "used",
                  "lastHeartbeat",
                  "registeredAt"
                }) {
              t.row(f, VolumeCommands.text(b, f));
            }
            t.print(root.out);
          });
      return ExitCodes.OK;
    }
  }
}
