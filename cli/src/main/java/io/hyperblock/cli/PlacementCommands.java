package io.hyperblock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code placement show VOLUME}: per stripe, the bricks holding it with their racks, then a summary
 * of how many distinct racks the stripes span (the fault-domain spread an operator checks).
 */
@Command(
    name = "placement",
    description = "Where a volume's stripes live.",
    subcommands = {PlacementCommands.Show.class})
final class PlacementCommands implements Callable<Integer> {

  @ParentCommand HyperblockCli root;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return HyperblockCli.missingSubcommand(spec);
  }

  @Command(name = "show", description = "Bricks and racks of every stripe of VOLUME.")
  static final class Show implements Callable<Integer> {
    /** Stripes per request: the server's maximum page. */
    static final int PAGE = 10_000;

    @ParentCommand PlacementCommands parent;

    @Parameters(paramLabel = "VOLUME")
    String volume;

    @Option(names = "--limit", description = "print at most N stripes (the summary covers all)")
    Integer limit;

    @Override
    public Integer call() {
      HyperblockCli root = parent.root;
      JsonNode map = fetchAll(root.client(), "/volumes/" + Paths.segment(volume) + "/placement");
      root.print(map, () -> print(root, map));
      return ExitCodes.OK;
    }

    /** Pages through the map (the server caps a page at {@value #PAGE} stripes) into one doc. */
    static JsonNode fetchAll(ApiClient client, String path) {
      ObjectNode first = (ObjectNode) client.get(path + "?offset=0&limit=" + PAGE);
      ArrayNode stripes = (ArrayNode) first.get("stripes");
      long total = first.path("stripeCount").asLong();
      while (stripes.size() < total) {
        JsonNode page = client.get(path + "?offset=" + stripes.size() + "&limit=" + PAGE);
        if (page.path("stripes").isEmpty()) {
          break; // the map shrank between pages (volume deleted and re-created): show what we have
        }
        page.path("stripes").forEach(stripes::add);
      }
      first.put("offset", 0);
      return first;
    }

    private void print(HyperblockCli root, JsonNode map) {
      List<String> ids = new ArrayList<>();
      map.path("stripes")
          .forEach(
              s ->
                  s.path("locations")
                      .forEach(l -> l.path("bricks").forEach(b -> ids.add(b.path("id").asText()))));
      int idLength = ShortIds.uniquePrefixLength(ids);
      root.out.println(
          "volume "
              + map.path("volume").asText()
              + " ("
              + map.path("volumeId").asText()
              + "), placement version "
              + map.path("version").asLong());
      int minRacks = Integer.MAX_VALUE;
      int maxRacks = 0;
      int printed = 0;
      for (JsonNode stripe : map.path("stripes")) {
        StringBuilder line = new StringBuilder("stripe " + stripe.path("stripe").asLong() + ":");
        Set<String> racks = new HashSet<>();
        for (JsonNode loc : stripe.path("locations")) {
          for (JsonNode b : loc.path("bricks")) {
            String rack =
                b.hasNonNull("rack")
                    ? b.get("datacenter").asText() + "/" + b.get("rack").asText()
                    : "?";
            racks.add(rack);
            String id = b.path("id").asText();
            line.append(' ')
                .append(id, 0, Math.min(idLength, id.length()))
                .append('(')
                .append(b.hasNonNull("rack") ? b.get("rack").asText() : "unknown")
                .append(')');
          }
        }
        minRacks = Math.min(minRacks, racks.size());
        maxRacks = Math.max(maxRacks, racks.size());
        if (limit == null || printed < limit) {
          root.out.println(line);
          printed++;
        }
      }
      int stripes = map.path("stripes").size();
      root.out.println(
          stripes == 0
              ? "0 stripes"
              : stripes
                  + " stripes on "
                  + new HashSet<>(ids).size()
                  + " bricks; distinct racks per"
                  + " stripe: min "
                  + minRacks
                  + ", max "
                  + maxRacks);
    }
  }
}
