package io.hyperblock.core.impact;

import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.ClusterTopology;
import io.hyperblock.core.topology.DomainLevel;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A failure domain resolved against a topology: its level, path and the bricks inside it (in every
 * state).
 *
 * @param level DATACENTER, RACK, HOST or BRICK
 * @param path its path ({@code dc1/rackA}); for a brick the full path ending in its uuid
 * @param bricks the bricks inside, in topology order, non-empty
 */
public record Domain(DomainLevel level, String path, Set<UUID> bricks) {

  public Domain {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(path, "path");
    bricks = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(bricks));
  }

  /**
   * Resolves {@code spec}: a path with 1 to 4 segments ({@code dc}, {@code dc/rack}, {@code
   * dc/rack/host}, {@code dc/rack/host/uuid}) or a bare brick uuid.
   *
   * @throws UnknownDomainException if nothing in the topology matches
   */
  public static Domain resolve(ClusterTopology topology, String spec) {
    Objects.requireNonNull(spec, "domain");
    String s = spec.trim();
    if (!s.contains("/")) {
      for (Brick b : topology.bricks()) {
        if (b.id().toString().equalsIgnoreCase(s)) {
          return new Domain(DomainLevel.BRICK, b.domainPath(DomainLevel.BRICK), Set.of(b.id()));
        }
      }
    }
    DomainLevel level =
        switch (s.isEmpty() ? 0 : s.split("/", -1).length) {
          case 1 -> DomainLevel.DATACENTER;
          case 2 -> DomainLevel.RACK;
          case 3 -> DomainLevel.HOST;
          case 4 -> DomainLevel.BRICK;
          default -> throw new UnknownDomainException(spec, topology.version());
        };
    Set<UUID> bricks = new LinkedHashSet<>();
    for (Brick b : topology.bricks()) {
      if (b.domainPath(level).equals(s)) {
        bricks.add(b.id());
      }
    }
    if (bricks.isEmpty()) {
      throw new UnknownDomainException(spec, topology.version());
    }
    return new Domain(level, s, bricks);
  }

  /**
   * Operator-facing name: {@code rack dc1/rackA}, {@code host dc1/rackA/h3}, {@code brick <id>}.
   */
  public String describe() {
    if (level == DomainLevel.BRICK) {
      return "brick " + bricks.iterator().next();
    }
    return level.name().toLowerCase(Locale.ROOT) + " " + path;
  }
}
