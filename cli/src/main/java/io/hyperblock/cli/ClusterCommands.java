package io.hyperblock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code cluster status}. */
@Command(
    name = "cluster",
    description = "Cluster-wide views.",
    subcommands = {ClusterCommands.Status.class})
final class ClusterCommands implements Callable<Integer> {

  @ParentCommand HyperblockCli root;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return HyperblockCli.missingSubcommand(spec);
  }

  @Command(name = "status", description = "One-screen summary: leader, bricks, volumes, capacity.")
  static final class Status implements Callable<Integer> {
    @ParentCommand ClusterCommands parent;

    @Override
    public Integer call() {
      HyperblockCli root = parent.root;
      JsonNode s = root.client().get("/cluster/status");
      root.print(
          s,
          () -> {
            List<String> members = new ArrayList<>();
            s.path("members").forEach(m -> members.add(m.asText()));
            Table t = new Table("FIELD", "VALUE");
            t.row("cluster", VolumeCommands.text(s, "clusterId"));
            t.row("leader", s.hasNonNull("leader") ? s.get("leader").asText() : "NONE (no quorum)");
            t.row("members", String.join(", ", members));
            t.row("bricks", s.path("bricksUp").asInt() + " up of " + s.path("bricksTotal").asInt());
            t.row("volumes", s.path("volumes").asInt());
            t.row("capacity", s.path("capacity").asText());
            t.row("used", s.path("used").asText());
            t.row("topology version", s.path("topologyVersion").asLong());
            t.print(root.out);
          });
      return ExitCodes.OK;
    }
  }
}
