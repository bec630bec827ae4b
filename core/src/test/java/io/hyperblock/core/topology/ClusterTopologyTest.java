package io.hyperblock.core.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ClusterTopologyTest {

  private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
  private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");
  private static final UUID C = UUID.fromString("00000000-0000-0000-0000-00000000000c");

  private static Brick brick(UUID id, String dc, String rack, String host, long weight) {
    return new Brick(id, dc, rack, host, weight, BrickState.UP, "/data/" + id);
  }

  private static ClusterTopology threeBricks() {
    return ClusterTopology.builder()
        .version(7)
        .addBrick(brick(A, "dc1", "rA", "h1", 100))
        .addBrick(brick(B, "dc1", "rA", "h2", 200))
        .addBrick(brick(C, "dc1", "rB", "h3", 400))
        .build();
  }

  @Test
  void weightsRollUpFromUpBricksByDomainPath() {
    ClusterTopology t = threeBricks().withBrickState(C, BrickState.DOWN);
    assertThat(t.weight(DomainLevel.ROOT, "")).isEqualTo(300);
    assertThat(t.weight(DomainLevel.DATACENTER, "dc1")).isEqualTo(300);
    assertThat(t.weight(DomainLevel.RACK, "dc1/rA")).isEqualTo(300);
    assertThat(t.weight(DomainLevel.RACK, "dc1/rB")).isZero();
    assertThat(t.weight(DomainLevel.HOST, "dc1/rA/h2")).isEqualTo(200);
    assertThat(t.weight(DomainLevel.BRICK, "dc1/rA/h1/" + A)).isEqualTo(100);
    assertThat(t.weight(DomainLevel.RACK, "dc9/nowhere")).isZero();
  }

  @Test
  void layoutWeightKeepsDownAndDrainingBricksButNotDrainedOnes() {
    ClusterTopology t =
        threeBricks()
            .withBrickState(A, BrickState.DOWN)
            .withBrickState(B, BrickState.DRAINED)
            .withBrickState(C, BrickState.DRAINING);
    assertThat(t.layoutWeight(DomainLevel.ROOT, "")).isEqualTo(500);
    assertThat(t.weight(DomainLevel.ROOT, "")).isZero();
  }

  @Test
  void editsReturnNewSnapshotsWithVersionPlusOne() {
    ClusterTopology t = threeBricks();
    UUID d = UUID.fromString("00000000-0000-0000-0000-00000000000d");
    ClusterTopology added = t.withBrick(brick(d, "dc2", "rX", "h9", 1));
    ClusterTopology replaced = added.withBrick(brick(A, "dc1", "rA", "h1", 999));
    ClusterTopology down = replaced.withBrickState(B, BrickState.DOWN);
    ClusterTopology removed = down.withoutBrick(C);

    assertThat(t.version()).isEqualTo(7);
    assertThat(t.bricks()).hasSize(3);
    assertThat(added.version()).isEqualTo(8);
    assertThat(added.bricks()).extracting(Brick::id).containsExactly(A, B, C, d);
    assertThat(replaced.version()).isEqualTo(9);
    assertThat(replaced.bricks()).extracting(Brick::id).containsExactly(A, B, C, d);
    assertThat(replaced.brick(A).orElseThrow().weight()).isEqualTo(999);
    assertThat(down.brick(B).orElseThrow().state()).isEqualTo(BrickState.DOWN);
    assertThat(removed.version()).isEqualTo(11);
    assertThat(removed.brick(C)).isEmpty();
    assertThat(t.brick(A).orElseThrow().weight()).isEqualTo(100);
  }

  @Test
  void editingAnUnknownBrickNamesItAndTheVersion() {
    UUID unknown = UUID.fromString("00000000-0000-0000-0000-0000000000ff");
    assertThatThrownBy(() -> threeBricks().withBrickState(unknown, BrickState.DOWN))
        .isInstanceOf(TopologyException.class)
        .hasMessageContaining(unknown.toString())
        .hasMessageContaining("version 7");
    assertThatThrownBy(() -> threeBricks().withoutBrick(unknown))
        .isInstanceOf(TopologyException.class);
  }

  @Test
  void rejectsDuplicateBrickIdsNamingBothLocations() {
    assertThatThrownBy(
            () ->
                ClusterTopology.builder()
                    .addBrick(brick(A, "dc1", "rA", "h1", 1))
                    .addBrick(brick(A, "dc1", "rB", "h2", 1))
                    .build())
        .isInstanceOf(TopologyException.class)
        .hasMessageContaining(A + " appears twice")
        .hasMessageContaining("dc1/rA/h1")
        .hasMessageContaining("dc1/rB/h2");
  }

  @Test
  void rejectsABrickOutsideAHost() {
    assertThatThrownBy(
            () -> ClusterTopology.builder().addBrick(brick(A, "dc1", "rA", " ", 1)).build())
        .isInstanceOf(TopologyException.class)
        .hasMessageContaining("brick " + A + " has a blank host");
  }

  @Test
  void rejectsNegativeWeightNamingTheBrick() {
    assertThatThrownBy(
            () -> ClusterTopology.builder().addBrick(brick(A, "dc1", "rA", "h1", -5)).build())
        .isInstanceOf(TopologyException.class)
        .hasMessageContaining("brick " + A + " has negative weight -5");
  }

  @Test
  void rejectsNamesThatWouldBreakDomainPaths() {
    assertThatThrownBy(
            () -> ClusterTopology.builder().addBrick(brick(A, "dc1", "r/A", "h1", 1)).build())
        .isInstanceOf(TopologyException.class)
        .hasMessageContaining("rack 'r/A' containing '/'");
  }

  @Test
  void rejectsTwoBricksInOneDirectory() {
    Brick first = brick(A, "dc1", "rA", "h1", 1);
    Brick second = new Brick(B, "dc1", "rA", "h1", 1, BrickState.UP, first.path());
    assertThatThrownBy(() -> ClusterTopology.builder().addBrick(first).addBrick(second).build())
        .isInstanceOf(TopologyException.class)
        .hasMessageContaining("both use data directory dc1/rA/h1:" + first.path());
  }

  @Test
  void aReplacementBrickMayReuseTheDirectoryOfARemovedBrick() {
    Brick old = brick(A, "dc1", "rA", "h1", 1).withState(BrickState.REMOVED);
    Brick replacement = new Brick(B, "dc1", "rA", "h1", 1, BrickState.UP, old.path());
    ClusterTopology t = ClusterTopology.builder().addBrick(old).build().withBrick(replacement);
    assertThat(t.bricks()).extracting(Brick::id).containsExactly(A, B);
    // A second replacement after that one is removed too; two REMOVED bricks may share the path.
    UUID c = UUID.randomUUID();
    t =
        t.withBrickState(B, BrickState.REMOVED)
            .withBrick(new Brick(c, "dc1", "rA", "h1", 1, BrickState.UP, old.path()));
    assertThat(t.brick(c)).isPresent();
    // Bringing a removed brick back while its directory is taken is still refused.
    ClusterTopology taken = t;
    assertThatThrownBy(() -> taken.withBrickState(A, BrickState.UP))
        .isInstanceOf(TopologyException.class)
        .hasMessageContaining("both use data directory dc1/rA/h1:" + old.path());
  }

  @Test
  void rejectsMissingIdStateAndNegativeVersion() {
    assertThatThrownBy(
            () -> ClusterTopology.builder().addBrick(brick(null, "dc1", "rA", "h1", 1)).build())
        .hasMessageContaining("has no id");
    assertThatThrownBy(
            () ->
                ClusterTopology.builder()
                    .addBrick(new Brick(A, "dc1", "rA", "h1", 1, null, "/d"))
                    .build())
        .hasMessageContaining("has no state");
    assertThatThrownBy(() -> ClusterTopology.builder().version(-1).build())
        .hasMessageContaining("version must be at least 0, got -1");
  }

  @Test
  void rejectsTotalWeightBeyondLong() {
    assertThatThrownBy(
            () ->
                ClusterTopology.builder()
                    .addBrick(brick(A, "dc1", "rA", "h1", Long.MAX_VALUE))
                    .addBrick(brick(B, "dc1", "rA", "h2", 1))
                    .build())
        .isInstanceOf(TopologyException.class)
        .hasMessageContaining("total brick weight exceeds");
  }

  @Test
  void derivedViewsAreComputedOncePerSnapshot() {
    ClusterTopology t = threeBricks();
    int[] calls = {0};
    String first = t.derivedView(String.class, x -> "view" + ++calls[0]);
    String second = t.derivedView(String.class, x -> "view" + ++calls[0]);
    assertThat(first).isSameAs(second).isEqualTo("view1");
    assertThat(t.withBrickState(A, BrickState.DOWN).derivedView(String.class, x -> "other"))
        .isEqualTo("other");
  }

  @Test
  void snapshotsWithSameVersionAndBricksAreEqual() {
    assertThat(threeBricks()).isEqualTo(threeBricks()).hasSameHashCodeAs(threeBricks());
    assertThat(threeBricks()).isNotEqualTo(threeBricks().withBrickState(A, BrickState.UP));
  }
}
