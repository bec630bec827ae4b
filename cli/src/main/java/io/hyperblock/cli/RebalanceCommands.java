package io.hyperblock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rebalance plan|apply}. */
@Command(
    name = "rebalance",
    description = "Show and apply the data movement that evens out brick fill.",
    subcommands = {RebalanceCommands.Plan.class, RebalanceCommands.Apply.class})
final class RebalanceCommands implements Callable<Integer> {

  @ParentCommand HyperblockCli root;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return HyperblockCli.missingSubcommand(spec);
  }

  @Command(
      name = "plan",
      description =
          "Show what a rebalance would move (units, bytes, per-brick fill before/after)."
              + " Moves nothing.")
  static final class Plan implements Callable<Integer> {
    @ParentCommand RebalanceCommands parent;

    @Override
    public Integer call() {
      HyperblockCli root = parent.root;
      JsonNode p = root.client().get("/rebalance/plan");
      root.print(
          p,
          () -> {
            root.out.printf(
                "plan %s (topology version %d): %d of %d units (%.1f%%), %s to move%n",
                p.path("planId").asText(),
                p.path("topologyVersion").asLong(),
                p.path("unitsMoved").asLong(),
                p.path("unitsTotal").asLong(),
                100 * p.path("movedFraction").asDouble(),
                p.path("bytesMoved").asText());
            root.out.printf(
                "imbalance (fullest/emptiest): %s -> %s%n",
                ratio(p.path("imbalanceBefore")), ratio(p.path("imbalanceAfter")));
            Table t = new Table("BRICK", "BEFORE", "AFTER", "IN", "OUT");
            for (JsonNode f : p.path("fills")) {
              t.row(
                  f.path("brickId").asText(),
                  f.path("before").asText(),
                  f.path("after").asText(),
                  f.path("unitsIn").asText(),
                  f.path("unitsOut").asText());
            }
            t.print(root.out);
            if (p.path("unitsMoved").asLong() > 0) {
              root.out.println(
                  "apply with: hyperblock-cli rebalance apply " + p.path("planId").asText());
            }
          });
      return ExitCodes.OK;
    }

    private static String ratio(JsonNode n) {
      return n.isNumber() ? String.format("%.2f", n.asDouble()) : "unbounded";
    }
  }

  @Command(
      name = "apply",
      description =
          "Start the moves of a plan shown by 'rebalance plan'. A plan made for an older topology"
              + " is refused (exit 4): plan again.")
  static final class Apply implements Callable<Integer> {
    @ParentCommand RebalanceCommands parent;

    @Parameters(paramLabel = "PLAN", description = "plan id from 'rebalance plan'")
    String planId;

    @Override
    public Integer call() {
      HyperblockCli root = parent.root;
      JsonNode body = ApiClient.MAPPER.createObjectNode().put("planId", planId);
      JsonNode m = root.client().post("/rebalance/apply", body);
      root.print(
          m,
          () ->
              root.out.printf(
                  "rebalance started: migration %s, %d units (%s) to move%n",
                  m.path("id").asText(),
                  m.path("unitsTotal").asInt(),
                  m.path("bytesTotal").asText()));
      return ExitCodes.OK;
    }
  }
}
