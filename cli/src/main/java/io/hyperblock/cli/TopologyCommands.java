package io.hyperblock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code topology show}: the failure-domain tree. */
@Command(
    name = "topology",
    description = "The failure-domain tree: datacenter > rack > host > brick.",
    subcommands = {TopologyCommands.Show.class})
final class TopologyCommands implements Callable<Integer> {

  @ParentCommand HyperblockCli root;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return HyperblockCli.missingSubcommand(spec);
  }

  @Command(name = "show", description = "Print the tree with each brick's state and weight.")
  static final class Show implements Callable<Integer> {
    @ParentCommand TopologyCommands parent;

    @Override
    public Integer call() {
      HyperblockCli root = parent.root;
      JsonNode t = root.client().get("/topology");
      root.print(
          t,
          () -> {
            root.out.println(
                "topology version "
                    + t.path("version").asLong()
                    + ", "
                    + t.path("bricks").asInt()
                    + " bricks");
            for (JsonNode dc : t.path("datacenters")) {
              root.out.println(dc.path("name").asText());
              for (JsonNode rack : dc.path("racks")) {
                root.out.println("  " + rack.path("name").asText());
                for (JsonNode host : rack.path("hosts")) {
                  root.out.println("    " + host.path("name").asText());
                  for (JsonNode b : host.path("bricks")) {
                    root.out.println(
                        "      "
                            + b.path("id").asText()
                            + "  "
                            + b.path("state").asText()
                            + "  weight "
                            + b.path("weight").asLong()
                            + "  "
                            + b.path("path").asText());
                  }
                }
              }
            }
          });
      return ExitCodes.OK;
    }
  }
}
