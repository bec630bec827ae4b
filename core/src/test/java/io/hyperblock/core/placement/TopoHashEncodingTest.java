package io.hyperblock.core.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.core.topology.Brick;
import io.hyperblock.core.topology.ClusterTopology;
import io.hyperblock.core.topology.DomainLevel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import net.openhft.hashing.LongHashFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pins the byte encodings documented on {@link TopoHash}: changing any of them moves data in every
 * deployed cluster, so these tests must only change together with a migration plan.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TopoHashEncodingTest {

  private static final LongHashFunction XXH3 = LongHashFunction.xx3();
  private static final UUID VOLUME = UUID.fromString("01234567-89ab-cdef-0011-223344556677");

  /**
   * Expected values computed independently with the reference xxHash library (libxxhash 0.8.3 via
   * python-xxhash 4.0.1): {@code xxh3_64(uuid.bytes + struct.pack('<q', stripe))}.
   */
  @Test
  void pgIdMatchesReferenceXxh3OfUuidBigEndianThenStripeLittleEndian() {
    assertThat(hex(TopoHash.pgId(VOLUME, 0))).isEqualTo("b8fcef1155dc8d8e");
    assertThat(hex(TopoHash.pgId(VOLUME, 1))).isEqualTo("51c2d6fe04c0d7f8");
    assertThat(hex(TopoHash.pgId(VOLUME, 255))).isEqualTo("21d3bc27e3bc72c0");
    assertThat(hex(TopoHash.pgId(VOLUME, 1L << 40))).isEqualTo("7699775ba9b1727c");
    assertThat(hex(TopoHash.pgId(VOLUME, -1))).isEqualTo("49b86b4442416748");
    assertThat(hex(TopoHash.pgId(new UUID(0, 0), 0))).isEqualTo("743df94ee4c78a2a");
  }

  @Test
  void pgIdEqualsXxh3OverTheDocumentedTwentyFourBytes() {
    for (long stripe : new long[] {0, 7, 1_000_003, Long.MAX_VALUE}) {
      ByteBuffer bytes = ByteBuffer.allocate(24);
      bytes.putLong(VOLUME.getMostSignificantBits()).putLong(VOLUME.getLeastSignificantBits());
      bytes.order(ByteOrder.LITTLE_ENDIAN).putLong(stripe);
      assertThat(TopoHash.pgId(VOLUME, stripe)).isEqualTo(XXH3.hashBytes(bytes.array()));
    }
  }

  @Test
  void fallbackRanksBricksByStraw2OverUuidKeys() {
    ClusterTopology.Builder b = ClusterTopology.builder();
    for (int i = 0; i < 12; i++) {
      b.addBrick(TestTopologies.up("b" + i, "dc1", "r1", "h" + i, 1 + i % 4));
    }
    ClusterTopology topology = b.build();
    PlacementRule fallbackOnly = new PlacementRule(List.of());
    for (long stripe = 0; stripe < 50; stripe++) {
      long pg = TopoHash.pgId(VOLUME, stripe);
      List<UUID> expected =
          rank(
              topology.bricks(),
              br -> referenceDraw(pg, uuidBytes(br.id()), br.weight()),
              Comparator.comparing(Brick::id));
      assertThat(TopoHash.place(topology, fallbackOnly, pg, 12)).isEqualTo(expected);
    }
  }

  @Test
  void distinctDomainStepRanksRacksByStraw2OverPathKeysAndRolledUpWeights() {
    ClusterTopology.Builder b = ClusterTopology.builder();
    for (int r = 0; r < 6; r++) {
      b.addBrick(TestTopologies.up("solo" + r, "dc1", "rack" + r, "h", 10 * (r + 1)));
    }
    ClusterTopology topology = b.build();
    PlacementRule rule = PlacementRule.spreadAcross(DomainLevel.RACK, 6);
    for (long stripe = 0; stripe < 50; stripe++) {
      long pg = TopoHash.pgId(VOLUME, stripe);
      List<UUID> expected =
          rank(
              topology.bricks(),
              br ->
                  referenceDraw(
                      pg,
                      br.domainPath(DomainLevel.RACK).getBytes(StandardCharsets.UTF_8),
                      topology.layoutWeight(DomainLevel.RACK, br.domainPath(DomainLevel.RACK))),
              Comparator.comparing(br -> br.domainPath(DomainLevel.RACK)));
      assertThat(TopoHash.place(topology, rule, pg, 6)).isEqualTo(expected);
    }
  }

  /** Straw2 exactly as documented, from explicit bytes. */
  private static double referenceDraw(long pgId, byte[] candidateId, long weight) {
    long key = XXH3.hashBytes(candidateId);
    ByteBuffer in = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    in.putLong(pgId).putLong(key);
    long h = XXH3.hashBytes(in.array());
    double u = ((h >>> 11) + 1) / Math.pow(2, 53);
    assertThat(u).isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
    return StrictMath.log(u) / weight;
  }

  private static byte[] uuidBytes(UUID id) {
    return ByteBuffer.allocate(16)
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits())
        .array();
  }

  private static List<UUID> rank(
      List<Brick> bricks, ToDoubleFunction<Brick> draw, Comparator<Brick> tieBreak) {
    return bricks.stream()
        .sorted(Comparator.comparingDouble(draw).reversed().thenComparing(tieBreak))
        .map(Brick::id)
        .toList();
  }

  private static String hex(long v) {
    return String.format("%016x", v);
  }
}
