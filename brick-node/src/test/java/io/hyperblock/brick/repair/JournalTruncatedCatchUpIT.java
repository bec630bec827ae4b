package io.hyperblock.brick.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.hyperblock.brick.store.ShardKey;
import io.hyperblock.protocol.v1.ChangedRangesRequest;
import io.hyperblock.protocol.v1.RebuildKind;
import io.hyperblock.protocol.v1.RebuildUnitProgress;
import io.hyperblock.protocol.v1.RebuildUnitRequest;
import io.hyperblock.protocol.v1.RepairSource;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catch-up asking a source for changes older than its change journal keeps (retention): the
 * source answers ChangedRanges with OUT_OF_RANGE and the rebuilder copies the whole unit from it
 * instead, fenced or not. Real stores and gRPC services on 127.0.0.1; the source's store runs on a
 * clock the test moves past its 3-day retention.
 */
@Timeout(120)
class JournalTruncatedCatchUpIT {
  private static final UUID VOL = UUID.fromString("00000000-0000-4000-8000-0000000000ad");
  private static final long EPOCH = 2;
  private static final int UNIT = 1 << 20;
  private static final Instant DAY0 = Instant.parse("2026-11-10T10:00:00Z");

  @TempDir Path dir;
  private final ManualClock sourceClock = new ManualClock();
  private RepairPeer source;
  private RepairPeer target;

  private static final class ManualClock extends Clock {
    private volatile Instant now = DAY0;

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @BeforeEach
  void start() {
    source =
        new RepairPeer(
            dir.resolve("source"),
            c -> c.withClock(sourceClock).withJournalRetention(Duration.ofDays(3)));
    target = new RepairPeer(dir.resolve("target"));
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (target != null) {
      target.close();
    }
    if (source != null) {
      source.close();
    }
  }

  private static RepairSource ref(RepairPeer p) {
    return RepairSource.newBuilder().setBrickId("src").setAddress(p.address()).build();
  }

  private static byte[] shard(RepairPeer p, long stripe) {
    ByteBuffer back = ByteBuffer.allocate(UNIT);
    p.store.read(new ShardKey(VOL, stripe, 0), 0, UNIT, back);
    return back.array();
  }

  /**
   * The target holds an old version of the unit; the source got it at day 0, was written again at
   * day 5, and its journal pruned day 0. Returns the catch-up's {@code changed_since_millis}.
   */
  private long unitChangedPastRetention(long stripe) {
    ShardKey key = new ShardKey(VOL, stripe, 0);
    target.store.write(key, 0, ByteBuffer.wrap(RepairPeer.random(1, UNIT)), EPOCH, 0);
    target.store.flush();
    source.store.write(key, 0, ByteBuffer.wrap(RepairPeer.random(2, UNIT)), EPOCH, 0);
    source.store.flush();
    long since = sourceClock.millis() + 1000; // the target went away just after day 0's write
    sourceClock.advance(Duration.ofDays(5));
    source.store.write(key, 4096, ByteBuffer.wrap(RepairPeer.random(3, 8192)), EPOCH, 0);
    source.store.flush(); // persists a checkpoint, which prunes day 0 (older than 3 days)
    return since;
  }

  private RebuildUnitRequest.Builder catchUp(String task, long stripe, long since) {
    return RebuildUnitRequest.newBuilder()
        .setTaskId(task)
        .setVolumeId(VOL.toString())
        .setStripeIndex(stripe)
        .setKind(RebuildKind.REBUILD_KIND_COPY_REPLICA)
        .setUnitBytes(UNIT)
        .addSources(ref(source))
        .setEpoch(EPOCH)
        .setChangedSinceMillis(since);
  }

  @Test
  void changedRangesOlderThanTheJournalKeepsIsOutOfRange() {
    long since = unitChangedPastRetention(1);

    assertThatThrownBy(
            () ->
                source
                    .repair()
                    .changedRanges(
                        ChangedRangesRequest.newBuilder()
                            .setVolumeId(VOL.toString())
                            .setStripeIndex(1)
                            .setSinceMillis(since)
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.OUT_OF_RANGE);
              assertThat(e.getStatus().getDescription())
                  .contains(VOL + "/1-0")
                  .contains("older than this brick's change journal keeps")
                  .contains("copy the whole unit");
            });
    // Within retention it still answers with the ranges.
    var recent =
        source
            .repair()
            .changedRanges(
                ChangedRangesRequest.newBuilder()
                    .setVolumeId(VOL.toString())
                    .setStripeIndex(1)
                    .setSinceMillis(sourceClock.millis() - Duration.ofHours(1).toMillis())
                    .build());
    assertThat(recent.getRangesList()).hasSize(1);
    assertThat(recent.getRanges(0).getOffset()).isEqualTo(4096);
    assertThat(recent.getRanges(0).getLength()).isEqualTo(8192);
  }

  @Test
  void unfencedCatchUpPastRetentionCopiesTheWholeUnit() {
    long since = unitChangedPastRetention(2);

    RebuildUnitProgress done =
        RepairPeer.last(target.repair().rebuildUnit(catchUp("t-1", 2, since).build()));

    assertThat(done.getFinished()).isTrue();
    assertThat(done.getBytesWritten()).as("the whole unit was copied").isEqualTo(UNIT);
    assertThat(shard(target, 2)).isEqualTo(shard(source, 2));
  }

  @Test
  void fencedDeltaResyncPastRetentionCopiesTheWholeUnitAndReleasesTheFreezes() {
    long since = unitChangedPastRetention(3);

    RebuildUnitProgress done =
        RepairPeer.last(
            target
                .repair()
                .rebuildUnit(
                    catchUp("resync-1", 3, since)
                        .addFence(ref(source))
                        .setFenceToken("resync-1")
                        .setFenceLeaseMillis(30_000)
                        .setReleaseFenceWhenDone(true)
                        .build()));

    assertThat(done.getFinished()).isTrue();
    assertThat(done.getBytesWritten()).as("the whole unit was copied").isEqualTo(UNIT);
    assertThat(shard(target, 3)).isEqualTo(shard(source, 3));
    assertThat(source.gate.isFrozen(VOL, 3)).isFalse();
    assertThat(target.gate.isFrozen(VOL, 3)).isFalse();
  }

  @Test
  void fencedMoveWhoseCatchUpReachesPastRetentionStaysFrozenAfterTheFullCopy() {
    long since = unitChangedPastRetention(4);

    RebuildUnitProgress done =
        RepairPeer.last(
            target
                .repair()
                .rebuildUnit(
                    catchUp("move-1", 4, since)
                        .addFence(ref(source))
                        .setFenceToken("move-1")
                        .setFenceLeaseMillis(30_000)
                        .build()));

    assertThat(done.getFinished()).isTrue();
    assertThat(done.getBytesWritten()).isEqualTo(UNIT);
    assertThat(shard(target, 4)).isEqualTo(shard(source, 4));
    assertThat(source.gate.isFrozen(VOL, 4)).as("held for the server's commit").isTrue();
    assertThat(target.gate.isFrozen(VOL, 4)).isTrue();
  }
}
