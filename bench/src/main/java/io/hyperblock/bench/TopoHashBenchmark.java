package io.hyperblock.bench;

import io.hyperblock.core.placement.PlacementRule;
import io.hyperblock.core.placement.TopoHash;
import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.BrickState;
import io.hyperblock.core.topology.ClusterTopology;
import io.hyperblock.core.topology.DomainLevel;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * TopoHash placements per second on one core: 6 of 48 bricks (8 racks x 3 hosts x 2 bricks, equal
 * weights) with the rack-distinct rule. Target: at least 1M placements/s.
 *
 * <pre>
 * ./mvnw -B -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar TopoHashBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TopoHashBenchmark {

  private static final UUID VOLUME = UUID.fromString("5e1f0c3a-7b2d-4c6e-9a8f-0b1c2d3e4f50");

  private ClusterTopology topology;
  private ClusterTopology topologyWithDownBrick;
  private PlacementRule rule;
  private long stripe;

  @Setup
  public void setUp() {
    ClusterTopology.Builder b = ClusterTopology.builder();
    int n = 0;
    for (int rack = 0; rack < 8; rack++) {
      for (int host = 0; host < 3; host++) {
        for (int brick = 0; brick < 2; brick++) {
          b.addBrick(
              new Brick(
                  new UUID(0x4842L, n++),
                  "dc1",
                  "rack" + rack,
                  "host" + host,
                  4L << 40,
                  BrickState.UP,
                  "/data/b" + brick));
        }
      }
    }
    topology = b.build();
    topologyWithDownBrick = topology.withBrickState(new UUID(0x4842L, 7), BrickState.DOWN);
    rule = PlacementRule.spreadAcross(DomainLevel.RACK, 6);
    TopoHash.place(topology, rule, 0, 6); // build the cached index outside the measurement
    TopoHash.place(topologyWithDownBrick, rule, 0, 6);
  }

  /** One placement of a precomputed-style pg id (the planner's inner loop). */
  @Benchmark
  public List<UUID> placeSixOfFortyEight() {
    return TopoHash.place(topology, rule, 0x9E3779B97F4A7C15L * ++stripe, 6);
  }

  /** pg id computation plus placement, as {@code VolumePlacer} does per stripe. */
  @Benchmark
  public List<UUID> pgIdAndPlace() {
    return TopoHash.place(topology, rule, TopoHash.pgId(VOLUME, ++stripe), 6);
  }

  /** Same with one brick DOWN (placements that held it fall back to a sibling). */
  @Benchmark
  public List<UUID> placeWithOneBrickDown() {
    return TopoHash.place(topologyWithDownBrick, rule, TopoHash.pgId(VOLUME, ++stripe), 6);
  }
}
