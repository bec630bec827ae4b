package io.hyperblock.brick.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hyperblock.brick.fence.PlacementStatus;
import io.hyperblock.brick.rows.RowMeta;
import io.hyperblock.brick.rows.UnitKey;
import io.hyperblock.brick.store.ShardKey;
import io.hyperblock.core.erasure.ErasureCodec;
import io.hyperblock.core.erasure.ErasureCodecs;
import io.hyperblock.core.protection.ErasureCoded;
import io.hyperblock.protocol.v1.RebuildKind;
import io.hyperblock.protocol.v1.RebuildUnitProgress;
import io.hyperblock.protocol.v1.RebuildUnitRequest;
import io.hyperblock.protocol.v1.RepairSource;
import io.hyperblock.protocol.v1.SetPlacementFloorRequest;
import io.hyperblock.protocol.v1.UnitRef;
import io.hyperblock.protocol.v1.WriteShardRequest;
import io.hyperblock.protocol.v1.WriteUnitRequest;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fenced RebuildUnit (ADR 0009, repair.proto {@code fence}) against real stores and gRPC services
 * on 127.0.0.1, with a concurrent writer where the ADR says clients keep writing.
 */
@Timeout(120)
class FencedRebuildIT {
  private static final UUID VOL = UUID.fromString("00000000-0000-4000-8000-0000000000fe");
  private static final int UNIT = 4096;
  private static final int ROWS = 64;
  private static final int K = 2;
  private static final int M = 1;
  private static final long EPOCH = 3;
  private static final int REPLICA_BYTES = 4 << 20;

  @TempDir Path dir;
  private final List<RepairPeer> peers = new ArrayList<>();
  private final ErasureCodec codec = ErasureCodecs.create(new ErasureCoded(K, M));

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

  private byte[] shard(RepairPeer p, long stripe, int shard, int bytes) {
    ByteBuffer back = ByteBuffer.allocate(bytes);
    p.store.read(new ShardKey(VOL, stripe, shard), 0, bytes, back);
    return back.array();
  }

  private static RowMeta meta(RepairPeer p, long stripe, int shard, long row) {
    return p.rows.read(
        new UnitKey(new ShardKey(VOL, stripe, shard), row, UNIT), 0, 0, ByteBuffer.allocate(0));
  }

  private WriteShardRequest replicaWrite(long stripe, long offset, byte[] data) {
    return WriteShardRequest.newBuilder()
        .setVolumeId(VOL.toString())
        .setStripeIndex(stripe)
        .setOffset(offset)
        .setData(ByteString.copyFrom(data))
        .setEpoch(EPOCH)
        .setPlacementVersion(1)
        .build();
  }

  private static UnitRef ref(long stripe, int shard, long row) {
    return UnitRef.newBuilder()
        .setVolumeId(VOL.toString())
        .setStripeIndex(stripe)
        .setShardIndex(shard)
        .setRow(row)
        .setStripeUnit(UNIT)
        .build();
  }

  /** A client write of one EC unit (no rollback record: this writer never rolls back). */
  private WriteUnitRequest unitWrite(long stripe, int shard, long row, ByteBuffer data, long gen) {
    WriteUnitRequest.Builder b =
        WriteUnitRequest.newBuilder()
            .setUnit(ref(stripe, shard, row))
            .setData(ByteString.copyFrom(data.duplicate().clear()))
            .setEpoch(EPOCH)
            .setNewGeneration(gen)
            .setPlacementVersion(1);
    if (shard >= K) {
      b.addDataGenerations(gen).addDataGenerations(gen);
    }
    return b.build();
  }

  /** The three units of one row at generation {@code gen}: data from the seed, parity encoded. */
  private ByteBuffer[] row(long gen) {
    ByteBuffer[] data = {
      ByteBuffer.wrap(RepairPeer.random(gen * 2, UNIT)),
      ByteBuffer.wrap(RepairPeer.random(gen * 2 + 1, UNIT))
    };
    ByteBuffer[] parity = {ByteBuffer.allocate(UNIT)};
    codec.encode(data, parity, UNIT);
    return new ByteBuffer[] {data[0], data[1], parity[0]};
  }

  /** Writes every row of a 2+1 stripe on peers 0..2 directly, at generation 100 + row. */
  private void writeEcStripe(long stripe) {
    for (int r = 0; r < ROWS; r++) {
      long gen = 100 + r;
      ByteBuffer[] units = row(gen);
      for (int u = 0; u < K + M; u++) {
        peers
            .get(u)
            .rows
            .write(
                new UnitKey(new ShardKey(VOL, stripe, u), r, UNIT),
                0,
                units[u].duplicate().clear(),
                EPOCH,
                false,
                0,
                gen,
                u < K ? new long[0] : new long[] {gen, gen},
                0,
                false);
      }
    }
  }

  private static void assertPlacementChanged(Runnable call) {
    assertThatThrownBy(call::run)
        .satisfies(e -> assertThat(PlacementStatus.isPlacementChanged(e)).isTrue());
  }

  @Test
  void replicaMovedWhileAClientWritesEqualsItsSourceAndTheStripeStaysFrozen() throws Exception {
    long stripe = 5;
    byte[] initial = RepairPeer.random(1, REPLICA_BYTES);
    for (int i = 0; i < 2; i++) {
      peers.get(i).store.write(new ShardKey(VOL, stripe, 0), 0, ByteBuffer.wrap(initial), EPOCH, 0);
    }
    AtomicInteger writes = new AtomicInteger();
    AtomicBoolean refused = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    // The client writes both replicas by the old map until a brick refuses it.
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              Random rnd = new Random(7);
              while (!stop.get()) {
                long offset = (long) rnd.nextInt(REPLICA_BYTES / 65536) * 65536;
                byte[] data = RepairPeer.random(rnd.nextLong(), 65536);
                try {
                  for (int i = 0; i < 2; i++) {
                    peers.get(i).brick().writeShard(replicaWrite(stripe, offset, data));
                  }
                  writes.incrementAndGet();
                } catch (StatusRuntimeException e) {
                  if (!PlacementStatus.isPlacementChanged(e)) {
                    throw e;
                  }
                  refused.set(true);
                  return;
                }
              }
            });
    while (writes.get() < 3) {
      Thread.sleep(5);
    }

    RebuildUnitProgress done =
        RepairPeer.last(
            peers
                .get(3)
                .repair()
                .rebuildUnit(
                    RebuildUnitRequest.newBuilder()
                        .setTaskId("move-r")
                        .setVolumeId(VOL.toString())
                        .setStripeIndex(stripe)
                        .setKind(RebuildKind.REBUILD_KIND_COPY_REPLICA)
                        .setUnitBytes(REPLICA_BYTES)
                        .addSources(peers.get(0).asSource(0))
                        .setEpoch(EPOCH)
                        .setMaxBytesPerSecond(REPLICA_BYTES) // bulk copy takes about 1 s
                        .addFence(peers.get(0).asSource(0))
                        .addFence(peers.get(1).asSource(0))
                        .setFenceToken("move-r")
                        .setFenceLeaseMillis(30_000)
                        .build()));
    int writesDuringCopy = writes.get();
    writer.get(10, TimeUnit.SECONDS);

    assertThat(done.getFinished()).isTrue();
    assertThat(done.getFencedForMillis()).isBetween(0L, 30_000L);
    assertThat(writesDuringCopy).as("the client wrote during the bulk copy").isGreaterThan(3);
    assertThat(refused).as("the client was stopped by the freeze").isTrue();
    assertThat(shard(peers.get(3), stripe, 0, REPLICA_BYTES))
        .as("new replica equals its source")
        .isEqualTo(shard(peers.get(0), stripe, 0, REPLICA_BYTES));
    for (int i : new int[] {0, 1, 3}) {
      assertThat(peers.get(i).gate.isFrozen(VOL, stripe)).as("frozen on %d", i).isTrue();
    }
    assertPlacementChanged(
        () -> peers.get(1).brick().writeShard(replicaWrite(stripe, 0, new byte[4096])));

    // The server's commit: raise the floor and release the task's freezes.
    peers
        .get(0)
        .repair()
        .setPlacementFloor(
            SetPlacementFloorRequest.newBuilder()
                .setVolumeId(VOL.toString())
                .setFloor(2)
                .addReleaseTokens("move-r")
                .build());
    assertPlacementChanged(
        () -> peers.get(0).brick().writeShard(replicaWrite(stripe, 0, new byte[4096])));
    peers
        .get(0)
        .brick()
        .writeShard(
            replicaWrite(stripe, 0, new byte[4096]).toBuilder().setPlacementVersion(2).build());
  }

  @Test
  void ecUnitMovedWhileAClientWritesRowsEqualsTheOldHolderAfterTheRowCheck() throws Exception {
    long stripe = 7;
    writeEcStripe(stripe);
    AtomicInteger ops = new AtomicInteger();
    AtomicInteger refusals = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    // The client writes whole rows (d0, d1, parity) by the old map and, like the real client,
    // retries the whole row op when refused (ADR 0009), until the test stops it.
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              Random rnd = new Random(11);
              long gen = 1000;
              while (!stop.get()) {
                int r = rnd.nextInt(ROWS);
                ByteBuffer[] units = row(++gen);
                while (!stop.get()) {
                  try {
                    for (int u = 0; u < K + M; u++) {
                      peers.get(u).rowService().writeUnit(unitWrite(stripe, u, r, units[u], gen));
                    }
                    ops.incrementAndGet();
                    break;
                  } catch (StatusRuntimeException e) {
                    if (!PlacementStatus.isPlacementChanged(e)) {
                      throw e;
                    }
                    refusals.incrementAndGet();
                    try {
                      Thread.sleep(20);
                    } catch (InterruptedException ie) {
                      return;
                    }
                  }
                }
              }
            });
    while (ops.get() < 3) {
      Thread.sleep(5);
    }

    RebuildUnitRequest move =
        RebuildUnitRequest.newBuilder()
            .setTaskId("move-ec")
            .setVolumeId(VOL.toString())
            .setStripeIndex(stripe)
            .setShardIndex(1)
            .setKind(RebuildKind.REBUILD_KIND_RECONSTRUCT_SHARD)
            .setUnitBytes((long) UNIT * ROWS)
            .addSources(peers.get(1).asSource(1)) // the old holder, still readable (drain)
            .setDataUnits(K)
            .setParityUnits(M)
            .setStripeUnit(UNIT)
            .setEpoch(EPOCH)
            .setMaxBytesPerSecond((long) UNIT * ROWS) // bulk copy takes about 1 s
            .addFence(peers.get(0).asSource(0))
            .addFence(peers.get(1).asSource(1))
            .addFence(peers.get(2).asSource(2))
            .setFenceToken("move-ec")
            .build();
    // A freeze can cut a row op after its data units: a torn row the row check cannot settle
    // fails the attempt (freezes released), and the server retries, as here.
    RebuildUnitProgress done = null;
    int opsBefore = ops.get();
    for (int attempt = 0; attempt < 10 && done == null; attempt++) {
      try {
        done = RepairPeer.last(peers.get(3).repair().rebuildUnit(move));
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        Thread.sleep(100);
      }
    }
    int opsDuringMove = ops.get() - opsBefore;
    // the stripe stays frozen after the move: wait (bounded) until the writer is refused again
    int refusalsAfterMove = refusals.get();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (refusals.get() == refusalsAfterMove
        && !writer.isDone()
        && System.nanoTime() - until < 0) {
      Thread.sleep(5);
    }
    assertThat(refusals.get()).as("refused after the move").isGreaterThan(refusalsAfterMove);
    stop.set(true);
    writer.get(10, TimeUnit.SECONDS);

    assertThat(done).isNotNull();
    assertThat(done.getFinished()).isTrue();
    assertThat(opsDuringMove).as("the client wrote rows during the move").isPositive();
    assertThat(refusals.get()).as("the freeze stopped the client").isPositive();
    int bytes = UNIT * ROWS;
    assertThat(shard(peers.get(3), stripe, 1, bytes))
        .isEqualTo(shard(peers.get(1), stripe, 1, bytes));
    for (long r = 0; r < ROWS; r++) {
      assertThat(meta(peers.get(3), stripe, 1, r).generation())
          .as("row %d", r)
          .isEqualTo(meta(peers.get(1), stripe, 1, r).generation());
    }
    for (int i = 0; i < 4; i++) {
      assertThat(peers.get(i).gate.isFrozen(VOL, stripe)).as("frozen on %d", i).isTrue();
    }
  }

  @Test
  void replicaDeltaResyncWithReleaseFenceWhenDoneLeavesTheStripeWritable() throws Exception {
    long stripe = 9;
    ShardKey key = new ShardKey(VOL, stripe, 0);
    byte[] old = RepairPeer.random(3, 1 << 20);
    peers.get(0).store.write(key, 0, ByteBuffer.wrap(old), EPOCH, 0);
    peers.get(1).store.write(key, 0, ByteBuffer.wrap(old), EPOCH, 0);
    long before = System.currentTimeMillis();
    while (System.currentTimeMillis() <= before + 1) {
      Thread.onSpinWait(); // journal stamps are in ms: the missed write must be in a later one
    }
    long since = System.currentTimeMillis();
    byte[] missed = RepairPeer.random(4, 8192);
    peers.get(0).brick().writeShard(replicaWrite(stripe, 65536, missed));

    RebuildUnitProgress done =
        RepairPeer.last(
            peers
                .get(1)
                .repair()
                .rebuildUnit(
                    RebuildUnitRequest.newBuilder()
                        .setTaskId("resync-1")
                        .setVolumeId(VOL.toString())
                        .setStripeIndex(stripe)
                        .setKind(RebuildKind.REBUILD_KIND_COPY_REPLICA)
                        .setUnitBytes(1 << 20)
                        .addSources(peers.get(0).asSource(0))
                        .setEpoch(EPOCH)
                        .setChangedSinceMillis(since)
                        .addFence(peers.get(0).asSource(0))
                        .setReleaseFenceWhenDone(true)
                        .build()));

    assertThat(done.getFinished()).isTrue();
    assertThat(done.getBytesWritten()).isEqualTo(8192);
    assertThat(shard(peers.get(1), stripe, 0, 1 << 20))
        .isEqualTo(shard(peers.get(0), stripe, 0, 1 << 20));
    assertThat(peers.get(0).gate.isFrozen(VOL, stripe)).isFalse();
    assertThat(peers.get(1).gate.isFrozen(VOL, stripe)).isFalse();
    peers.get(0).brick().writeShard(replicaWrite(stripe, 0, new byte[4096]));
    peers.get(1).brick().writeShard(replicaWrite(stripe, 0, new byte[4096]));
  }

  @Test
  void ecDeltaResyncRewritesOnlyTheRowsThatChanged() {
    long stripe = 11;
    writeEcStripe(stripe);
    // Peer 1 (unit 1) is away while rows 2 and 5 are rewritten on units 0 and 2.
    for (int r : new int[] {2, 5}) {
      ByteBuffer[] units = row(5000 + r);
      peers.get(0).rowService().writeUnit(unitWrite(stripe, 0, r, units[0], 5000 + r));
      peers.get(2).rowService().writeUnit(unitWrite(stripe, 2, r, units[2], 5000 + r));
    }

    RebuildUnitProgress done =
        RepairPeer.last(
            peers
                .get(1)
                .repair()
                .rebuildUnit(
                    RebuildUnitRequest.newBuilder()
                        .setTaskId("resync-ec")
                        .setVolumeId(VOL.toString())
                        .setStripeIndex(stripe)
                        .setShardIndex(1)
                        .setKind(RebuildKind.REBUILD_KIND_RECONSTRUCT_SHARD)
                        .setUnitBytes((long) UNIT * ROWS)
                        .addSources(peers.get(0).asSource(0))
                        .addSources(peers.get(2).asSource(2))
                        .setDataUnits(K)
                        .setParityUnits(M)
                        .setStripeUnit(UNIT)
                        .setEpoch(EPOCH)
                        .setChangedSinceMillis(System.currentTimeMillis() - 60_000)
                        .addFence(peers.get(0).asSource(0))
                        .addFence(peers.get(2).asSource(2))
                        .setReleaseFenceWhenDone(true)
                        .build()));

    assertThat(done.getFinished()).isTrue();
    assertThat(done.getBytesWritten()).as("two rows rewritten").isEqualTo(2L * UNIT);
    for (int r = 0; r < ROWS; r++) {
      long gen = r == 2 || r == 5 ? 5000 + r : 100 + r;
      assertThat(meta(peers.get(1), stripe, 1, r).generation()).as("row %d", r).isEqualTo(gen);
      ByteBuffer back = ByteBuffer.allocate(UNIT);
      peers.get(1).store.read(new ShardKey(VOL, stripe, 1), (long) r * UNIT, UNIT, back);
      assertThat(back.array()).as("row %d", r).isEqualTo(row(gen)[1].array());
    }
    assertThat(peers.get(0).gate.isFrozen(VOL, stripe)).isFalse();
    assertThat(peers.get(2).gate.isFrozen(VOL, stripe)).isFalse();
  }

  @Test
  void aBrickThatCannotBeFrozenFailsTheRebuildAndReleasesTheFreezesTaken() {
    long stripe = 13;
    peers
        .get(0)
        .store
        .write(
            new ShardKey(VOL, stripe, 0), 0, ByteBuffer.wrap(RepairPeer.random(5, 8192)), EPOCH, 0);
    RepairSource dead =
        RepairSource.newBuilder().setBrickId("gone").setAddress("127.0.0.1:1").build();

    assertThatThrownBy(
            () ->
                RepairPeer.last(
                    peers
                        .get(3)
                        .repair()
                        .rebuildUnit(
                            RebuildUnitRequest.newBuilder()
                                .setTaskId("t-dead")
                                .setVolumeId(VOL.toString())
                                .setStripeIndex(stripe)
                                .setKind(RebuildKind.REBUILD_KIND_COPY_REPLICA)
                                .setUnitBytes(1 << 20)
                                .addSources(peers.get(0).asSource(0))
                                .setEpoch(EPOCH)
                                .addFence(peers.get(0).asSource(0))
                                .addFence(dead)
                                .build())))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
              assertThat(e.getStatus().getDescription()).contains("gone@127.0.0.1:1");
            });
    assertThat(peers.get(0).gate.isFrozen(VOL, stripe)).isFalse();
    assertThat(peers.get(3).gate.isFrozen(VOL, stripe)).isFalse();
  }
}
