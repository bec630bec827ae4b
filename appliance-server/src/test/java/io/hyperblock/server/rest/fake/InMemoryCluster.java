package io.hyperblock.server.rest.fake;

import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.core.topology.ClusterTopology;
import io.hyperblock.server.api.BrickInfo;
import io.hyperblock.server.api.BrickService;
import io.hyperblock.server.api.ClusterService;
import io.hyperblock.server.api.ClusterStatus;
import io.hyperblock.server.api.NotFoundException;
import io.hyperblock.server.api.ValidationException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A fixed topology serving {@link BrickService} and {@link ClusterService}; {@link #volumes()}
 * places volumes on it. Thread-safe.
 */
public final class InMemoryCluster implements BrickService, ClusterService {

  private static final Instant BOOT = Instant.parse("2026-01-01T00:00:00Z");
  private static final long BRICK_CAPACITY = 1L << 40;

  private volatile ClusterTopology topology;
  private final InMemoryVolumeService volumes;

  public InMemoryCluster(ClusterTopology topology, long maxVolumeBytes) {
    this.topology = topology;
    this.volumes = new InMemoryVolumeService(this, maxVolumeBytes);
  }

  /**
   * {@code count} UP bricks spread round-robin over {@code racks} racks in datacenter dc1, one host
   * per brick, ids {@link #brickId(int) brickId(1..count)}.
   */
  public static InMemoryCluster withBricks(int count, int racks) {
    ClusterTopology.Builder b = ClusterTopology.builder().version(1);
    for (int i = 1; i <= count; i++) {
      String rack = "rack-" + (char) ('a' + (i - 1) % racks);
      b.addBrick(
          new Brick(
              brickId(i), "dc1", rack, "host-" + i, BRICK_CAPACITY, BrickState.UP, "/data/b" + i));
    }
    return new InMemoryCluster(b.build(), 1L << 50);
  }

  /** The id {@link #withBricks} gives brick number {@code n} (1-based): a name-based UUID. */
  public static UUID brickId(int n) {
    return UUID.nameUUIDFromBytes(("brick-" + n).getBytes(StandardCharsets.UTF_8));
  }

  public InMemoryVolumeService volumes() {
    return volumes;
  }

  /** Changes a brick's state, as the health monitor would. */
  public void setBrickState(UUID id, BrickState state) {
    topology = topology.withBrickState(id, state);
  }

  @Override
  public List<BrickInfo> list() {
    return topology.bricks().stream()
        .sorted(
            Comparator.comparing(Brick::datacenter)
                .thenComparing(Brick::rack)
                .thenComparing(Brick::host)
                .thenComparing(Brick::id))
        .map(this::info)
        .toList();
  }

  @Override
  public BrickInfo get(String idOrPrefix) {
    String p = idOrPrefix.toLowerCase(Locale.ROOT);
    if (p.length() < 8) {
      throw new ValidationException(
          "id", "brick id prefix '" + idOrPrefix + "' is shorter than 8 characters");
    }
    List<Brick> matches =
        topology.bricks().stream().filter(b -> b.id().toString().startsWith(p)).toList();
    if (matches.isEmpty()) {
      throw new NotFoundException("brick", idOrPrefix);
    }
    if (matches.size() > 1) {
      throw new ValidationException(
          "id",
          "brick id prefix '" + idOrPrefix + "' matches " + matches.size() + " bricks; give more");
    }
    return info(matches.getFirst());
  }

  private BrickInfo info(Brick b) {
    // Thin provisioning: nothing is written through this fake, so nothing is used.
    return new BrickInfo(b, b.host() + ":9100", BRICK_CAPACITY, 0, BOOT, BOOT);
  }

  @Override
  public ClusterStatus status() {
    List<Brick> bricks = topology.bricks();
    long up = bricks.stream().filter(b -> b.state() == BrickState.UP).count();
    return new ClusterStatus(
        "test-cluster",
        "mgmt-1",
        List.of("mgmt-1"),
        topology.version(),
        bricks.size(),
        (int) up,
        volumes.list().size(),
        BRICK_CAPACITY * bricks.size(),
        0);
  }

  @Override
  public ClusterTopology topology() {
    return topology;
  }
}
