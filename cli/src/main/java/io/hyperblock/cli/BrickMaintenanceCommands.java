package io.hyperblock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code brick impact|dependencies|drain|remove}: the maintenance subcommands of {@code brick}. */
final class BrickMaintenanceCommands {

  private BrickMaintenanceCommands() {}

  static String domainQuery(String domain) {
    return "?domain=" + URLEncoder.encode(domain, StandardCharsets.UTF_8);
  }

  @Command(
      name = "impact",
      description =
          "What losing a brick, host, rack or datacenter would do to each volume with data there"
              + " (fault tolerance before and after). Changes nothing.")
  static final class Impact implements Callable<Integer> {
    @ParentCommand BrickCommands parent;

    @Parameters(
        paramLabel = "DOMAIN",
        description = "a brick id (or 8+ character prefix) or a path: dc1, dc1/rackA, dc1/rackA/h3")
    String domain;

    @Override
    public Integer call() {
      HyperblockCli root = parent.root;
      JsonNode r = root.client().get("/impact" + domainQuery(domain));
      root.print(
          r,
          () -> {
            JsonNode d = r.path("domain");
            root.out.printf(
                "%s %s (%d bricks): %s%n",
                d.path("level").asText().toLowerCase(java.util.Locale.ROOT),
                d.path("path").asText(),
                d.path("bricks").size(),
                r.path("safe").asBoolean()
                    ? "safe to lose"
                    : r.path("makesDataUnavailable").asBoolean()
                        ? "losing it makes data UNAVAILABLE"
                        : "losing it reduces fault tolerance");
            if (r.path("volumes").isEmpty()) {
              root.out.println("no volume has data there");
              return;
            }
            Table t = new Table("VOLUME", "STATUS", "TOLERANCE", "AFTER", "DETAIL");
            for (JsonNode v : r.path("volumes")) {
              t.row(
                  v.path("name").asText(),
                  v.path("status").asText(),
                  v.path("faultToleranceBefore").asText(),
                  v.path("faultToleranceAfter").asText(),
                  v.path("message").asText());
            }
            t.print(root.out);
          });
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "dependencies",
      description = "Which volumes and stripes have units on a brick, host, rack or datacenter.")
  static final class Dependencies implements Callable<Integer> {
    @ParentCommand BrickCommands parent;

    @Parameters(paramLabel = "DOMAIN", description = "a brick id (or prefix) or a path")
    String domain;

    @Override
    public Integer call() {
      HyperblockCli root = parent.root;
      JsonNode r = root.client().get("/dependencies" + domainQuery(domain));
      root.print(
          r,
          () -> {
            if (r.path("volumes").isEmpty()) {
              root.out.println("no volume has data on " + domain);
              return;
            }
            Table t = new Table("VOLUME", "UNITS", "STRIPES");
            for (JsonNode v : r.path("volumes")) {
              t.row(v.path("name").asText(), v.path("units").asText(), stripes(v.path("stripes")));
            }
            t.print(root.out);
          });
      return ExitCodes.OK;
    }

    /** At most 10 stripe numbers, then a count. */
    private static String stripes(JsonNode list) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < Math.min(10, list.size()); i++) {
        b.append(i == 0 ? "" : ",").append(list.get(i).asText());
      }
      return list.size() > 10 ? b + ",... (" + list.size() + ")" : b.toString();
    }
  }

  @Command(
      name = "drain",
      description =
          "Move every unit off a brick (it keeps serving reads meanwhile); it ends DRAINED holding"
              + " nothing. Follow with 'migration list', stop with 'migration cancel ID'.")
  static final class Drain implements Callable<Integer> {
    @ParentCommand BrickCommands parent;

    @Parameters(paramLabel = "ID", description = "brick id or 8+ character prefix")
    String id;

    @Override
    public Integer call() {
      HyperblockCli root = parent.root;
      JsonNode m = root.client().post("/bricks/" + Paths.segment(id) + "/drain", null);
      root.print(
          m,
          () ->
              root.out.printf(
                  "draining brick %s: migration %s, %d units (%s) to move%n",
                  m.path("brickId").asText(),
                  m.path("id").asText(),
                  m.path("unitsTotal").asInt(),
                  m.path("bytesTotal").asText()));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "remove",
      description =
          "Remove a brick from the cluster. A brick still holding data is refused (exit 4) with"
              + " the impact listed: drain it first, or pass --force to accept the impact.")
  static final class Remove implements Callable<Integer> {
    @ParentCommand BrickCommands parent;

    @Parameters(paramLabel = "ID", description = "brick id or 8+ character prefix")
    String id;

    @Option(
        names = "--force",
        description = "remove even while it holds data; its units are rebuilt from redundancy")
    boolean force;

    @Override
    public Integer call() {
      HyperblockCli root = parent.root;
      JsonNode b =
          root.client().delete("/bricks/" + Paths.segment(id) + (force ? "?force=true" : ""));
      root.print(
          b,
          () ->
              root.out.printf("brick %s is %s%n", b.path("id").asText(), b.path("state").asText()));
      return ExitCodes.OK;
    }
  }
}
