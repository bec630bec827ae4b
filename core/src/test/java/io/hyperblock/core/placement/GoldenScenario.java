package io.hyperblock.core.placement;

import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.core.topology.ClusterTopology;
import io.hyperblock.core.topology.DomainLevel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One golden file under {@code src/test/resources/placement/}: lines are
 *
 * <pre>
 * # comment (kept verbatim)
 * brick NAME UUID DC/RACK/HOST WEIGHT STATE
 * step LEVEL COUNT MODE
 * slots N
 * volume=UUID stripe=N -> NAME NAME ...
 * </pre>
 *
 * The placement lines hold the expected brick order; {@link #render()} recomputes them.
 */
final class GoldenScenario {
  private static final Pattern PLACEMENT = Pattern.compile("volume=(\\S+) stripe=(\\d+) ->.*");

  private final List<String> lines;
  private final Map<UUID, String> names = new HashMap<>();
  private final ClusterTopology topology;
  private final PlacementRule rule;
  private final int slots;

  GoldenScenario(List<String> lines) {
    this.lines = List.copyOf(lines);
    ClusterTopology.Builder builder = ClusterTopology.builder().version(1);
    List<PlacementStep> steps = new ArrayList<>();
    int slotCount = -1;
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      switch (f[0]) {
        case "brick" -> {
          String[] where = f[3].split("/");
          UUID id = UUID.fromString(f[2]);
          builder.addBrick(
              new Brick(
                  id,
                  where[0],
                  where[1],
                  where[2],
                  Long.parseLong(f[4]),
                  BrickState.valueOf(f[5]),
                  "/data/" + f[1]));
          if (names.put(id, f[1]) != null) {
            throw new IllegalArgumentException("golden file names brick " + id + " twice");
          }
        }
        case "step" ->
            steps.add(
                new PlacementStep(
                    DomainLevel.valueOf(f[1]),
                    Integer.parseInt(f[2]),
                    PlacementStep.Mode.valueOf(f[3])));
        case "slots" -> slotCount = Integer.parseInt(f[1]);
        default -> {}
      }
    }
    if (slotCount < 1) {
      throw new IllegalArgumentException("golden file has no 'slots N' line");
    }
    this.topology = builder.build();
    this.rule = new PlacementRule(steps);
    this.slots = slotCount;
  }

  /** The file with every placement line recomputed by TopoHash; other lines unchanged. */
  String render() {
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      Matcher m = PLACEMENT.matcher(line);
      if (m.matches()) {
        UUID volume = UUID.fromString(m.group(1));
        long stripe = Long.parseLong(m.group(2));
        List<UUID> bricks = TopoHash.place(topology, rule, TopoHash.pgId(volume, stripe), slots);
        out.append("volume=").append(volume).append(" stripe=").append(stripe).append(" ->");
        bricks.forEach(b -> out.append(' ').append(names.get(b)));
      } else {
        out.append(line);
      }
      out.append('\n');
    }
    return out.toString();
  }
}
