package io.hyperblock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rebuild list}: rebuild tasks after brick failures, with progress per volume and task. */
@Command(
    name = "rebuild",
    description = "Follow rebuilds of units lost with failed bricks.",
    subcommands = {RebuildCommands.ListRebuilds.class})
final class RebuildCommands implements Callable<Integer> {

  @ParentCommand HyperblockCli root;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return HyperblockCli.missingSubcommand(spec);
  }

  @Command(
      name = "list",
      description =
          "Per-volume progress, then every task: unfinished ones and recent finished ones.")
  static final class ListRebuilds implements Callable<Integer> {
    @ParentCommand RebuildCommands parent;

    @Override
    public Integer call() {
      HyperblockCli root = parent.root;
      JsonNode r = root.client().get("/rebuilds");
      root.print(
          r,
          () -> {
            if (r.path("tasks").isEmpty()) {
              root.out.println("no rebuilds");
              return;
            }
            Table volumes = new Table("VOLUME", "TASKS", "OPEN", "DONE BYTES", "TOTAL BYTES");
            for (JsonNode v : r.path("volumes")) {
              volumes.row(
                  v.path("volume").asText(),
                  v.path("tasks").asText(),
                  v.path("openTasks").asText(),
                  v.path("bytesDone").asText(),
                  v.path("bytesTotal").asText());
            }
            volumes.print(root.out);
            root.out.println();
            java.util.List<String> ids = new java.util.ArrayList<>();
            r.path("tasks")
                .forEach(
                    t -> {
                      ids.add(t.path("fromBrick").asText());
                      ids.add(t.path("toBrick").asText());
                    });
            int len = ShortIds.uniquePrefixLength(ids);
            Table tasks =
                new Table(
                    "VOLUME", "STRIPE", "SLOT", "KIND", "STATE", "FROM", "TO", "DONE", "ERROR");
            for (JsonNode t : r.path("tasks")) {
              tasks.row(
                  t.path("volume").asText(),
                  t.path("stripe").asText(),
                  t.path("slot").asText(),
                  t.path("kind").asText(),
                  t.path("state").asText(),
                  prefix(t.path("fromBrick").asText(), len),
                  prefix(t.path("toBrick").asText(), len),
                  t.path("bytesDone").asText() + "/" + t.path("bytesTotal").asText(),
                  t.path("lastError").asText());
            }
            tasks.print(root.out);
          });
      return ExitCodes.OK;
    }
  }

  private static String prefix(String id, int len) {
    return id.substring(0, Math.min(len, id.length()));
  }
}
