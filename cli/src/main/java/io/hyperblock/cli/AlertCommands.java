package io.hyperblock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code alert list}: what needs an operator now. */
@Command(
    name = "alert",
    description = "List active alerts (down or nearly full bricks, degraded volumes, ...).",
    subcommands = {AlertCommands.ListAlerts.class})
final class AlertCommands implements Callable<Integer> {

  @ParentCommand HyperblockCli root;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return HyperblockCli.missingSubcommand(spec);
  }

  @Command(
      name = "list",
      description =
          "List active alerts, CRITICAL first. Prints 'no active alerts' when all is well.")
  static final class ListAlerts implements Callable<Integer> {
    @ParentCommand AlertCommands parent;

    @Override
    public Integer call() {
      HyperblockCli root = parent.root;
      JsonNode answer = root.client().get("/alerts");
      root.print(
          answer,
          () -> {
            if (answer.path("alerts").isEmpty()) {
              root.out.println("no active alerts");
              return;
            }
            Table t = new Table("SEVERITY", "KIND", "SUBJECT", "SINCE", "MESSAGE");
            for (JsonNode a : answer.path("alerts")) {
              t.row(
                  a.path("severity").asText(),
                  a.path("kind").asText(),
                  a.path("subject").asText(),
                  a.path("since").asText(),
                  a.path("message").asText());
            }
            t.print(root.out);
          });
      return ExitCodes.OK;
    }
  }
}
