package io.hyperblock.brick.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hyperblock.brick.rows.RowMeta;
import io.hyperblock.brick.rows.UnitKey;
import io.hyperblock.brick.store.ShardKey;
import io.hyperblock.core.erasure.ErasureCodec;
import io.hyperblock.core.erasure.ErasureCodecs;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.protocol.v1.RebuildKind;
import io.hyperblock.protocol.v1.RebuildUnitProgress;
import io.hyperblock.protocol.v1.RebuildUnitRequest;
import io.hyperblock.protocol.v1.ReclaimUnitsRequest;
import io.hyperblock.protocol.v1.RepairSource;
import io.hyperblock.protocol.v1.UnitToReclaim;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** RebuildUnit against real stores and gRPC services on 127.0.0.1 (repair.proto). */
@Timeout(60)
class RebuildUnitIT {
  private static final UUID VOL = UUID.fromString("00000000-0000-4000-8000-0000000000e1");
  private static final int UNIT = 4096;
  private static final int ROWS = 8;
  private static final int K = 2;
  private static final int M = 1;
  private static final long EPOCH = 3;

  @TempDir Path dir;
  private final List<RepairPeer> peers = new ArrayList<>();

  @BeforeEach
  void start() {
    for (int i = 0; i < 4; i++) {
      peers.add(new RepairPeer(dir.resolve("b" + i)));
    }
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (RepairPeer p : peers) {
      p.close();
    }
  }

  @Test
  void replicaIsCopiedFromTheFirstSourceThatAnswersAndZeroRangesStaySparse() {
    ShardKey key = new ShardKey(VOL, 5, 0);
    byte[] data = RepairPeer.random(1, 3 << 20);
    peers.get(0).store.write(key, 0, ByteBuffer.wrap(data), EPOCH, 0);
    RepairSource dead =
        RepairSource.newBuilder().setBrickId("gone").setAddress("127.0.0.1:1").build();

    RebuildUnitProgress done =
        RepairPeer.last(
            peers
                .get(3)
                .repair()
                .rebuildUnit(
                    RebuildUnitRequest.newBuilder()
                        .setTaskId("t1")
                        .setVolumeId(VOL.toString())
                        .setStripeIndex(5)
                        .setKind(RebuildKind.REBUILD_KIND_COPY_REPLICA)
                        .setUnitBytes(4 << 20)
                        .addSources(dead)
                        .addSources(peers.get(0).asSource(0))
                        .setEpoch(EPOCH)
                        .build()));

    assertThat(done.getFinished()).isTrue();
    assertThat(done.getBytesDone()).isEqualTo(4 << 20);
    assertThat(done.getBytesWritten()).isEqualTo(3 << 20);
    ByteBuffer back = ByteBuffer.allocate(4 << 20);
    peers.get(3).store.read(key, 0, 4 << 20, back);
    assertThat(java.util.Arrays.copyOf(back.array(), 3 << 20)).isEqualTo(data);
    assertThat(peers.get(3).store.list(VOL).getFirst().sizeBytes()).isEqualTo(3 << 20);
  }

  @Test
  void catchUpCopiesOnlyTheRangesTheSourceChangedSinceTheGivenTime() {
    ShardKey key = new ShardKey(VOL, 9, 0);
    peers.get(0).store.write(key, 0, ByteBuffer.wrap(RepairPeer.random(1, UNIT)), EPOCH, 0);
    long before = System.currentTimeMillis();
    while (System.currentTimeMillis() <= before) {
      Thread.onSpinWait(); // journal timestamps are in ms: the next write must be in a later one
    }
    long since = System.currentTimeMillis();
    byte[] missed = RepairPeer.random(2, UNIT);
    peers.get(0).store.write(key, 5L * UNIT, ByteBuffer.wrap(missed), EPOCH, 0);

    RebuildUnitProgress done =
        RepairPeer.last(
            peers
                .get(3)
                .repair()
                .rebuildUnit(
                    RebuildUnitRequest.newBuilder()
                        .setVolumeId(VOL.toString())
                        .setStripeIndex(9)
                        .setKind(RebuildKind.REBUILD_KIND_COPY_REPLICA)
                        .setUnitBytes(1 << 20)
                        .addSources(peers.get(0).asSource(0))
                        .setEpoch(EPOCH)
                        .setChangedSinceMillis(since)
                        .build()));

    assertThat(done.getBytesWritten()).isEqualTo(UNIT);
    ByteBuffer back = ByteBuffer.allocate(6 * UNIT);
    peers.get(3).store.read(key, 0, 6 * UNIT, back);
    assertThat(java.util.Arrays.copyOfRange(back.array(), 5 * UNIT, 6 * UNIT)).isEqualTo(missed);
    assertThat(java.util.Arrays.copyOf(back.array(), UNIT)).as("not changed since").containsOnly(0);
  }

  /**
   * Writes rows 0..ROWS-2 of a 2+1 stripe on peers 0..2 at generation 100 + row; last row never.
   */
  private byte[][] writeEcStripe(long stripe) {
    ErasureCodec codec = ErasureCodecs.create(new ErasureCoded(K, M));
    byte[][] shards = new byte[K + M][UNIT * ROWS];
    for (int row = 0; row < ROWS - 1; row++) {
      long gen = 100 + row;
      ByteBuffer[] data = {
        ByteBuffer.wrap(RepairPeer.random(row * 10L, UNIT)),
        ByteBuffer.wrap(RepairPeer.random(row * 10L + 1, UNIT))
      };
      ByteBuffer[] parity = {ByteBuffer.allocate(UNIT)};
      codec.encode(data, parity, UNIT);
      ByteBuffer[] units = {data[0], data[1], parity[0]};
      for (int u = 0; u < K + M; u++) {
        long[] vector = u < K ? new long[0] : new long[] {gen, gen};
        peers
            .get(u)
            .rows
            .write(
                new UnitKey(new ShardKey(VOL, stripe, u), row, UNIT),
                0,
                units[u].duplicate().clear(),
                EPOCH,
                false,
                0,
                gen,
                vector,
                0,
                false);
        units[u].duplicate().clear().get(shards[u], row * UNIT, UNIT);
      }
    }
    return shards;
  }

  private RebuildUnitRequest reconstruct(long stripe, int target, List<RepairSource> sources) {
    return RebuildUnitRequest.newBuilder()
        .setTaskId("ec")
        .setVolumeId(VOL.toString())
        .setStripeIndex(stripe)
        .setShardIndex(target)
        .setKind(RebuildKind.REBUILD_KIND_RECONSTRUCT_SHARD)
        .setUnitBytes((long) UNIT * ROWS)
        .addAllSources(sources)
        .setDataUnits(K)
        .setParityUnits(M)
        .setStripeUnit(UNIT)
        .setEpoch(EPOCH)
        .build();
  }

  @Test
  void lostDataShardIsReconstructedWithItsRowGenerations() {
    byte[][] shards = writeEcStripe(2);
    RepairPeer target = peers.get(3);

    RebuildUnitProgress done =
        RepairPeer.last(
            target
                .repair()
                .rebuildUnit(
                    reconstruct(
                        2, 1, List.of(peers.get(0).asSource(0), peers.get(2).asSource(2)))));

    assertThat(done.getFinished()).isTrue();
    assertThat(done.getBytesWritten()).isEqualTo((long) UNIT * (ROWS - 1));
    ByteBuffer back = ByteBuffer.allocate(UNIT * ROWS);
    target.store.read(new ShardKey(VOL, 2, 1), 0, UNIT * ROWS, back);
    assertThat(back.array()).isEqualTo(shards[1]);
    RowMeta meta =
        target.rows.read(
            new UnitKey(new ShardKey(VOL, 2, 1), 3, UNIT), 0, 0, ByteBuffer.allocate(0));
    assertThat(meta.generation()).isEqualTo(103);
    assertThat(meta.openGenerations()).isEmpty();
  }

  @Test
  void lostParityShardGetsTheDataGenerationVector() {
    byte[][] shards = writeEcStripe(4);
    RepairPeer target = peers.get(3);

    RepairPeer.last(
        target
            .repair()
            .rebuildUnit(
                reconstruct(4, 2, List.of(peers.get(0).asSource(0), peers.get(1).asSource(1)))));

    ByteBuffer back = ByteBuffer.allocate(UNIT * ROWS);
    target.store.read(new ShardKey(VOL, 4, 2), 0, UNIT * ROWS, back);
    assertThat(back.array()).isEqualTo(shards[2]);
    RowMeta meta =
        target.rows.read(
            new UnitKey(new ShardKey(VOL, 4, 2), 5, UNIT), 0, 0, ByteBuffer.allocate(0));
    assertThat(meta.vector()).containsExactly(105, 105);
    assertThat(meta.generation()).isEqualTo(105);
  }

  @Test
  void readableEcUnitsMoveRowByRowWithTheirGenerations() {
    byte[][] shards = writeEcStripe(8);
    RepairPeer target = peers.get(3);

    RepairPeer.last(
        target.repair().rebuildUnit(reconstruct(8, 1, List.of(peers.get(1).asSource(1)))));
    RepairPeer.last(
        target.repair().rebuildUnit(reconstruct(8, 2, List.of(peers.get(2).asSource(2)))));

    for (int u = 1; u <= 2; u++) {
      ByteBuffer back = ByteBuffer.allocate(UNIT * ROWS);
      target.store.read(new ShardKey(VOL, 8, u), 0, UNIT * ROWS, back);
      assertThat(back.array()).as("unit %d", u).isEqualTo(shards[u]);
    }
    RowMeta data =
        target.rows.read(
            new UnitKey(new ShardKey(VOL, 8, 1), 4, UNIT), 0, 0, ByteBuffer.allocate(0));
    RowMeta parity =
        target.rows.read(
            new UnitKey(new ShardKey(VOL, 8, 2), 4, UNIT), 0, 0, ByteBuffer.allocate(0));
    assertThat(data.generation()).isEqualTo(104);
    assertThat(parity.vector()).containsExactly(104, 104);
  }

  @Test
  void reconstructionRefusesARowWithoutKConsistentUnits() {
    writeEcStripe(6);
    // Data unit 0 of row 2 moves to a newer generation the parity does not cover: torn row.
    peers
        .get(0)
        .rows
        .write(
            new UnitKey(new ShardKey(VOL, 6, 0), 2, UNIT),
            0,
            ByteBuffer.wrap(RepairPeer.random(99, UNIT)),
            EPOCH,
            false,
            0,
            999,
            new long[0],
            0,
            false);

    assertThatThrownBy(
            () ->
                RepairPeer.last(
                    peers
                        .get(3)
                        .repair()
                        .rebuildUnit(
                            reconstruct(
                                6,
                                1,
                                List.of(peers.get(0).asSource(0), peers.get(2).asSource(2))))))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
              assertThat(e.getStatus().getDescription()).contains("row 2").contains("consistent");
            });
  }

  @Test
  void reclaimTrimsUnitsTheBrickNoLongerHoldsAndDeletesGoneVolumes() {
    ShardKey kept = new ShardKey(VOL, 0, 0);
    ShardKey stale = new ShardKey(VOL, 1, 0);
    UUID gone = UUID.fromString("00000000-0000-4000-8000-0000000000e2");
    peers.get(0).store.write(kept, 0, ByteBuffer.wrap(RepairPeer.random(1, UNIT)), EPOCH, 0);
    peers.get(0).store.write(stale, 0, ByteBuffer.wrap(RepairPeer.random(2, UNIT)), EPOCH, 0);
    peers
        .get(0)
        .store
        .write(new ShardKey(gone, 0, 0), 0, ByteBuffer.wrap(RepairPeer.random(3, UNIT)), 1, 0);

    var reply =
        peers
            .get(0)
            .repair()
            .reclaimUnits(
                ReclaimUnitsRequest.newBuilder()
                    .addUnits(
                        UnitToReclaim.newBuilder().setVolumeId(VOL.toString()).setStripeIndex(1))
                    .addDeletedVolumeIds(gone.toString())
                    .build());

    assertThat(reply.getUnitsReclaimed()).isEqualTo(1);
    assertThat(reply.getVolumesDeleted()).isEqualTo(1);
    assertThat(peers.get(0).store.list(gone)).isEmpty();
    // A trimmed shard may stay listed, but holds nothing any more.
    assertThat(peers.get(0).store.list(VOL))
        .filteredOn(i -> i.sizeBytes() > 0)
        .extracting(i -> i.key())
        .containsExactly(kept);
    ByteBuffer back = ByteBuffer.allocate(UNIT);
    peers.get(0).store.read(stale, 0, UNIT, back);
    assertThat(back.array()).containsOnly(0);
  }
}
