package io.hyperblock.server.testing;

import io.hyperblock.core.units.DataSize;
import io.hyperblock.server.metadata.MetadataCommand;
import io.hyperblock.server.metadata.MetadataStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/** Seeded clusters built through real commands, so fixtures obey the state machine's rules. */
public final class Fixtures {
  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  public static final UUID CLUSTER = UUID.fromString("00000000-0000-4000-8000-00000000c1c1");
  public static final long BRICK_CAPACITY = 10 * DataSize.TIB;

  private Fixtures() {}

  /** Deterministic UUIDs from a seed. */
  public static Supplier<UUID> ids(long seed) {
    Random random = new Random(seed);
    return () -> new UUID(random.nextLong(), random.nextLong());
  }

  /**
   * Initialises the cluster and registers {@code racks x perRack} bricks, each on its own host,
   * named rack-r / host-r-i in datacenter dc1.
   *
   * @return the brick ids in registration order
   */
  public static List<UUID> cluster(MetadataStore store, int racks, int perRack) {
    store.submit(new MetadataCommand.InitCluster(CLUSTER, T0));
    Supplier<UUID> ids = ids(42);
    List<UUID> bricks = new ArrayList<>();
    for (int r = 0; r < racks; r++) {
      for (int i = 0; i < perRack; i++) {
        UUID id = ids.get();
        store
            .submit(
                new MetadataCommand.RegisterBrick(
                    id,
                    null,
                    "dc1",
                    "rack-" + r,
                    "host-" + r + "-" + i,
                    BRICK_CAPACITY,
                    "127.0.0.1:" + (9100 + bricks.size()),
                    "/data/brick",
                    T0))
            .orThrow("brick", id.toString());
        bricks.add(id);
      }
    }
    return bricks;
  }
}
