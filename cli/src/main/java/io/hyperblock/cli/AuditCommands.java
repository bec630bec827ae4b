package io.hyperblock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code audit list}: who changed what, when, and how it ended. */
@Command(
    name = "audit",
    description = "Query the audit log of mutating actions.",
    subcommands = {AuditCommands.ListEvents.class})
final class AuditCommands implements Callable<Integer> {

  @ParentCommand HyperblockCli root;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return HyperblockCli.missingSubcommand(spec);
  }

  @Command(
      name = "list",
      description = {
        "List audited actions (every create, delete, resize, successful or not), newest first.",
        "Example: hyperblock-cli audit list --action volume.delete --since 24h"
      })
  static final class ListEvents implements Callable<Integer> {
    @ParentCommand AuditCommands parent;

    @Option(names = "--actor", paramLabel = "NAME", description = "only this caller, e.g. admin")
    String actor;

    @Option(
        names = "--action",
        paramLabel = "ACTION",
        description = "only this action, e.g. volume.create, volume.delete, volume.resize")
    String action;

    @Option(
        names = "--since",
        paramLabel = "WHEN",
        description =
            "a duration back from now (30m, 1h, 7d) or a timestamp (2026-11-25T08:00:00Z)")
    String since;

    @Option(
        names = "--limit",
        paramLabel = "N",
        description = "at most N events, 1..1000 (server default 100)")
    Integer limit;

    @Override
    public Integer call() {
      HyperblockCli root = parent.root;
      StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
      add(query, "actor", actor);
      add(query, "action", action);
      add(query, "since", since);
      add(query, "limit", limit == null ? null : limit.toString());
      JsonNode answer = root.client().get("/audit" + query);
      root.print(
          answer,
          () -> {
            Table t = new Table("TIME", "ACTOR", "ACTION", "TARGET", "RESULT", "STATUS", "DETAIL");
            for (JsonNode e : answer.path("events")) {
              t.row(
                  e.path("at").asText(),
                  e.path("actor").asText(),
                  e.path("action").asText(),
                  e.path("target").asText(),
                  e.path("result").asText(),
                  e.path("status").asText(),
                  VolumeCommands.text(e, "detail"));
            }
            t.print(root.out);
          });
      return ExitCodes.OK;
    }

    private static void add(StringJoiner query, String name, String value) {
      if (value != null) {
        query.add(name + "=" + Paths.segment(value));
      }
    }
  }
}
