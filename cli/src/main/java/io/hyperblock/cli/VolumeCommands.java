package io.hyperblock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code volume create|list|show|delete|resize}. */
@Command(
    name = "volume",
    description = "Create, list, show, delete and resize volumes.",
    subcommands = {
      VolumeCommands.Create.class,
      VolumeCommands.ListVolumes.class,
      VolumeCommands.Show.class,
      VolumeCommands.Delete.class,
      VolumeCommands.Resize.class
    })
final class VolumeCommands implements Callable<Integer> {

  @ParentCommand HyperblockCli root;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return HyperblockCli.missingSubcommand(spec);
  }

  @Command(
      name = "create",
      description = {
        "Create a volume. Give exactly one protection policy:",
        "  --replicas N [--write-quorum W] [--read-quorum R]",
        "  --data-chunks K --parity-chunks M (Reed-Solomon K+M, K+M <= 32)",
        "  --profile EC_4_2 | EC_8_3 | R3 ..."
      })
  static final class Create implements Callable<Integer> {
    @ParentCommand VolumeCommands parent;

    @Option(names = "--name", required = true, description = "DNS-1123 label, max 63 chars")
    String name;

    @Option(names = "--size", required = true, description = "e.g. 100GiB, 512MiB, 1.5TiB")
    String size;

    @Option(names = "--replicas", description = "number of copies")
    Integer replicas;

    @Option(names = "--write-quorum", description = "default: majority")
    Integer writeQuorum;

    @Option(names = "--read-quorum", description = "default: 1")
    Integer readQuorum;

    @Option(names = "--data-chunks", description = "erasure coding k")
    Integer dataChunks;

    @Option(names = "--parity-chunks", description = "erasure coding m")
    Integer parityChunks;

    @Option(names = "--profile", description = "e.g. EC_4_2, EC_8_3, R3")
    String profile;

    @Option(names = "--chunk-size", description = "power of two, default 128MiB")
    String chunkSize;

    @Override
    public Integer call() {
      ObjectNode body = ApiClient.MAPPER.createObjectNode().put("name", name).put("size", size);
      if (chunkSize != null) {
        body.put("chunkSize", chunkSize);
      }
      putIfSet(body, "replicas", replicas);
      putIfSet(body, "writeQuorum", writeQuorum);
      putIfSet(body, "readQuorum", readQuorum);
      putIfSet(body, "dataChunks", dataChunks);
      putIfSet(body, "parityChunks", parityChunks);
      if (profile != null) {
        body.put("profile", profile);
      }
      HyperblockCli root = parent.root;
      JsonNode v = root.client().post("/volumes", body);
      root.print(
          v,
          () -> {
            root.out.println("volume " + v.path("name").asText() + " created");
            printVolume(root.out, v);
          });
      return ExitCodes.OK;
    }

    private static void putIfSet(ObjectNode body, String field, Integer value) {
      if (value != null) {
        body.put(field, value);
      }
    }
  }

  @Command(name = "list", description = "List volumes, ordered by name.")
  static final class ListVolumes implements Callable<Integer> {
    @ParentCommand VolumeCommands parent;

    @Override
    public Integer call() {
      HyperblockCli root = parent.root;
      JsonNode list = root.client().get("/volumes");
      root.print(
          list,
          () -> {
            Table t = new Table("NAME", "SIZE", "POLICY", "STATE", "STRIPES", "ATTACHED");
            for (JsonNode v : list.path("volumes")) {
              t.row(
                  v.path("name").asText(),
                  v.path("size").asText(),
                  policy(v.path("policy")),
                  v.path("state").asText(),
                  v.path("stripes").asLong(),
                  text(v, "attachedTo"));
            }
            t.print(root.out);
          });
      return ExitCodes.OK;
    }
  }

  @Command(name = "show", description = "Show one volume.")
  static final class Show implements Callable<Integer> {
    @ParentCommand VolumeCommands parent;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      HyperblockCli root = parent.root;
      JsonNode v = root.client().get("/volumes/" + Paths.segment(name));
      root.print(v, () -> printVolume(root.out, v));
      return ExitCodes.OK;
    }
  }

  @Command(name = "delete", description = "Delete a volume and free its space on the bricks.")
  static final class Delete implements Callable<Integer> {
    @ParentCommand VolumeCommands parent;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--force", description = "delete even while attached (fences the client)")
    boolean force;

    @Override
    public Integer call() {
      HyperblockCli root = parent.root;
      root.client().delete("/volumes/" + Paths.segment(name) + (force ? "?force=true" : ""));
      JsonNode done = ApiClient.MAPPER.createObjectNode().put("deleted", name);
      root.print(done, () -> root.out.println("volume " + name + " deleted"));
      return ExitCodes.OK;
    }
  }

  @Command(name = "resize", description = "Grow a volume (volumes never shrink).")
  static final class Resize implements Callable<Integer> {
    @ParentCommand VolumeCommands parent;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--size", required = true, description = "the new size, e.g. 200GiB")
    String size;

    @Override
    public Integer call() {
      HyperblockCli root = parent.root;
      ObjectNode body = ApiClient.MAPPER.createObjectNode().put("size", size);
      JsonNode v = root.client().post("/volumes/" + Paths.segment(name) + "/resize", body);
      root.print(v, () -> printVolume(root.out, v));
      return ExitCodes.OK;
    }
  }

  static void printVolume(PrintWriter out, JsonNode v) {
    Table t = new Table("FIELD", "VALUE");
    t.row("name", v.path("name").asText());
    t.row("id", v.path("id").asText());
    t.row("size", v.path("size").asText() + " (" + v.path("sizeBytes").asLong() + " bytes)");
    t.row("policy", policy(v.path("policy")));
    t.row("fault tolerance", v.path("policy").path("faultTolerance").asInt() + " brick(s)");
    t.row("chunk size", v.path("chunkSize").asText());
    t.row("stripes", v.path("stripes").asLong());
    t.row("state", v.path("state").asText());
    t.row("placement epoch", v.path("placementEpoch").asLong());
    t.row("attached to", text(v, "attachedTo"));
    t.row("created", text(v, "createdAt"));
    t.print(out);
  }

  /** {@code EC_4_2 (4+2)} or {@code R3 (write 2, read 1)}. */
  static String policy(JsonNode p) {
    if ("erasure".equals(p.path("type").asText())) {
      return p.path("profile").asText()
          + " ("
          + p.path("dataChunks").asInt()
          + "+"
          + p.path("parityChunks").asInt()
          + ")";
    }
    return p.path("profile").asText()
        + " (write "
        + p.path("writeQuorum").asInt()
        + ", read "
        + p.path("readQuorum").asInt()
        + ")";
  }

  static String text(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asText() : null;
  }
}
