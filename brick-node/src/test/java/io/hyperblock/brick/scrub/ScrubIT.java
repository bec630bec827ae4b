package io.hyperblock.brick.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperblock.brick.repair.SourceChannels;
import io.hyperblock.brick.repair.TokenBucket;
import io.hyperblock.brick.scrub.BlockRepairer.Outcome;
import io.hyperblock.brick.store.ShardKey;
import io.hyperblock.brick.store.ShardStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scrub on real stores and sockets: bytes flipped in an extent file on disk are found by a pass and
 * repaired from the other replicas; what cannot be repaired is reported to the server; the pass
 * reads no faster than its rate.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScrubIT {
  private static final int SHARD_BYTES = 1 << 20;

  @TempDir Path dir;
  private ScrubCluster cluster;
  private final SourceChannels peers = new SourceChannels();
  private final ScrubStats stats = new ScrubStats();
  private byte[] data;

  @BeforeEach
  void start() throws IOException {
    cluster = new ScrubCluster(dir);
    data = new byte[SHARD_BYTES];
    new Random(7).nextBytes(data);
  }

  @AfterEach
  void stop() throws InterruptedException {
    peers.close();
    cluster.close();
  }

  private Scrubber scrubberOf(int brick, TokenBucket throttle) {
    ShardStore store = cluster.stores.get(brick);
    PeerBlockRepairer repairer =
        new PeerBlockRepairer(
            store,
            cluster.metadataChannel,
            () -> Optional.of(cluster.ids.get(brick)),
            peers,
            Duration.ofSeconds(5));
    return new Scrubber(store, repairer, throttle, 256 << 10, stats);
  }

  private void writeEverywhere(ShardKey key) {
    for (ShardStore s : cluster.stores) {
      s.write(key, 0, ByteBuffer.wrap(data), 1, 1);
      s.flush();
    }
  }

  @Test
  void bytesFlippedInAReplicaExtentFileAreFoundAndRepairedFromThePeers() throws IOException {
    ShardKey key = new ShardKey(cluster.volume, 0, 0);
    writeEverywhere(key);
    Path extent = cluster.extentFile(dir, 0, 0, 0);
    flip(extent, 3 * 4096 + 100);
    flip(extent, 200 * 4096 + 4095);

    Scrubber.PassReport report = scrubberOf(0, TokenBucket.unlimited()).scanOnce();

    assertThat(report.completed()).isTrue();
    assertThat(report.blocks()).isEqualTo(SHARD_BYTES / 4096);
    assertThat(report.corrupt())
        .containsExactly(
            new Scrubber.Corruption(key, 3, Outcome.REPAIRED),
            new Scrubber.Corruption(key, 200, Outcome.REPAIRED));
    assertThat(read(cluster.stores.get(0), key)).isEqualTo(data);
    assertThat(stats.corruptBlocks()).isEqualTo(2);
    assertThat(stats.repairedBlocks()).isEqualTo(2);
    assertThat(cluster.reports).isEmpty();

    Scrubber.PassReport again = scrubberOf(0, TokenBucket.unlimited()).scanOnce();
    assertThat(again.corrupt()).as("the repair is durable and verifies").isEmpty();
    assertThat(stats.passes()).isEqualTo(2);
  }

  @Test
  void aCorruptErasureCodedShardIsReportedToTheServerAsAFailedUnit() throws IOException {
    ShardKey shard = new ShardKey(cluster.volume, 1, 2);
    cluster.stores.get(2).write(shard, 0, ByteBuffer.wrap(data, 0, 64 << 10), 1, 1);
    cluster.stores.get(2).flush();
    flip(cluster.extentFile(dir, 2, 1, 2), 5 * 4096);

    Scrubber.PassReport report = scrubberOf(2, TokenBucket.unlimited()).scanOnce();

    assertThat(report.corrupt())
        .containsExactly(new Scrubber.Corruption(shard, 5, Outcome.REPORTED));
    assertThat(cluster.reports).hasSize(1);
    var r = cluster.reports.getFirst();
    assertThat(r.getBrickId()).isEqualTo(cluster.ids.get(2).toString());
    assertThat(r.getStripeIndex()).isEqualTo(1);
    assertThat(r.getShardIndex()).isEqualTo(2);
    assertThat(r.getReason()).contains("block 5").contains("CRC32C");
  }

  @Test
  void replicasThatDisagreeAreNotCopiedButReported() throws IOException {
    ShardKey key = new ShardKey(cluster.volume, 0, 0);
    writeEverywhere(key);
    byte[] other = new byte[4096];
    new Random(8).nextBytes(other);
    cluster.stores.get(2).write(key, 9 * 4096, ByteBuffer.wrap(other), 1, 2);
    flip(cluster.extentFile(dir, 0, 0, 0), 9 * 4096 + 1);

    Scrubber.PassReport report = scrubberOf(0, TokenBucket.unlimited()).scanOnce();

    assertThat(report.corrupt()).containsExactly(new Scrubber.Corruption(key, 9, Outcome.REPORTED));
    assertThat(cluster.reports.getFirst().getReason()).contains("no agreeing healthy replica");
  }

  @Test
  void aPassReadsNoFasterThanItsRate() {
    ShardKey key = new ShardKey(cluster.volume, 0, 0);
    writeEverywhere(key);
    MutableClock clock = new MutableClock();
    long rate = 256 << 10; // 1 MiB shard at 256 KiB/s: 4 s of reading, the first second as burst
    TokenBucket throttle = new TokenBucket(rate, clock, clock::advance);

    scrubberOf(1, throttle).scanOnce();

    assertThat(clock.paused).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(4));
  }

  private static void flip(Path file, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ 0x5a);
    }
  }

  private static byte[] read(ShardStore store, ShardKey key) {
    ByteBuffer dst = ByteBuffer.allocate(SHARD_BYTES);
    store.read(key, 0, SHARD_BYTES, dst);
    return dst.array();
  }

  /** A clock that moves only when the token bucket pauses on it. */
  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    Duration paused = Duration.ZERO;

    void advance(Duration d) {
      now = now.plus(d);
      paused = paused.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
