package io.hyperblock.brick.scrub;

import io.hyperblock.brick.repair.TokenBucket;
import io.hyperblock.brick.store.CorruptBlockException;
import io.hyperblock.brick.store.ShardInfo;
import io.hyperblock.brick.store.ShardKey;
import io.hyperblock.brick.store.ShardStore;
import io.hyperblock.brick.store.StoreException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Verifies every block of every shard through the store's read path (which checks each 4 KiB
 * block's CRC32C and fails with {@link CorruptBlockException}), at most at the throttle's rate, and
 * hands each corrupt block to the {@link BlockRepairer}. Only one pass runs at a time.
 *
 * <p>A read that fails names its first corrupt block; the scrub then reads the rest of that range
 * block by block, so every corrupt block is found, not only the first of each read.
 */
public final class Scrubber implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Scrubber.class.getName());
  private static final int BLOCK = 4096;

  private final ShardStore store;
  private final BlockRepairer repairer;
  private final TokenBucket throttle;
  private final int readBytes;
  private final ScrubStats stats;
  private volatile boolean stopped;
  private ScheduledFuture<?> schedule;

  /**
   * @param throttle bounds the bytes read per second (a {@link TokenBucket} on the brick's clock)
   * @param readBytes bytes per store read, a multiple of 4096 no larger than the store's max I/O
   */
  public Scrubber(
      ShardStore store,
      BlockRepairer repairer,
      TokenBucket throttle,
      int readBytes,
      ScrubStats stats) {
    if (readBytes < BLOCK || readBytes % BLOCK != 0) {
      throw new IllegalArgumentException(
          "scrub read size must be a multiple of 4096: " + readBytes);
    }
    this.store = store;
    this.repairer = repairer;
    this.throttle = throttle;
    this.readBytes = readBytes;
    this.stats = stats;
  }

  /** What one pass found. */
  public record PassReport(int shards, long blocks, List<Corruption> corrupt, boolean completed) {
    public PassReport {
      corrupt = List.copyOf(corrupt);
    }
  }

  /** One corrupt block and what its repair did. */
  public record Corruption(ShardKey key, long blockIndex, BlockRepairer.Outcome outcome) {}

  /**
   * Runs one pass over the shards held now. Shards deleted meanwhile are skipped.
   *
   * @return the pass report; {@code completed} is false when {@link #close()} or an interrupt
   *     stopped it early
   */
  public synchronized PassReport scanOnce() {
    List<ShardInfo> shards = store.list(null);
    long blocks = 0;
    List<Corruption> corrupt = new ArrayList<>();
    ByteBuffer buffer = ByteBuffer.allocate(readBytes);
    try {
      for (ShardInfo shard : shards) {
        for (long off = 0; off < shard.sizeBytes(); off += readBytes) {
          if (stopped || Thread.currentThread().isInterrupted()) {
            return new PassReport(shards.size(), blocks, corrupt, false);
          }
          int len = (int) Math.min(readBytes, roundUp(shard.sizeBytes()) - off);
          throttle.acquire(len);
          blocks += verify(shard.key(), off, len, buffer, corrupt);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new PassReport(shards.size(), blocks, corrupt, false);
    }
    stats.passes.incrementAndGet();
    if (!corrupt.isEmpty()) {
      LOG.log(
          System.Logger.Level.WARNING,
          "scrub pass over {0} shards found {1} corrupt blocks: {2}",
          shards.size(),
          corrupt.size(),
          corrupt);
    }
    return new PassReport(shards.size(), blocks, corrupt, true);
  }

  /** Verifies {@code [off, off + len)}; returns the blocks checked. */
  private long verify(ShardKey key, long off, int len, ByteBuffer buffer, List<Corruption> out) {
    buffer.clear();
    try {
      store.read(key, off, len, buffer);
      count(len);
      return len / BLOCK;
    } catch (CorruptBlockException e) {
      // Find every corrupt block of the range, one block at a time.
      for (long b = off / BLOCK; b < (off + len) / BLOCK; b++) {
        buffer.clear();
        try {
          store.read(key, b * BLOCK, BLOCK, buffer);
        } catch (CorruptBlockException bad) {
          stats.corruptBlocks.incrementAndGet();
          BlockRepairer.Outcome outcome = repairer.repair(key, b);
          switch (outcome) {
            case REPAIRED, OVERWRITTEN -> stats.repairedBlocks.incrementAndGet();
            case REPORTED -> stats.reportedBlocks.incrementAndGet();
            case FAILED -> stats.failedRepairs.incrementAndGet();
          }
          out.add(new Corruption(key, b, outcome));
        }
      }
      count(len);
      return len / BLOCK;
    } catch (StoreException | IllegalStateException e) {
      // The shard was deleted or the store closed under the scan: the next pass sees the truth.
      LOG.log(System.Logger.Level.DEBUG, "scrub skipped {0} at {1}: {2}", key, off, e.toString());
      return 0;
    }
  }

  private void count(int len) {
    stats.blocksScanned.addAndGet(len / BLOCK);
    stats.bytesScanned.addAndGet(len);
  }

  private static long roundUp(long size) {
    return (size + BLOCK - 1) / BLOCK * BLOCK;
  }

  /**
   * Runs a pass {@code firstDelay} from now and then every {@code interval} (fixed rate: a pass
   * that overruns is followed at once by the next) on {@code executor}, until {@link #close()}.
   */
  public synchronized void start(
      ScheduledExecutorService executor, Duration firstDelay, Duration interval) {
    schedule =
        executor.scheduleAtFixedRate(
            this::passQuietly, firstDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void passQuietly() {
    try {
      scanOnce();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "scrub pass failed; the next pass retries", e);
    }
  }

  /** Stops the schedule and any running pass at its next read. Idempotent. */
  @Override
  public void close() {
    stopped = true;
    ScheduledFuture<?> s = schedule;
    if (s != null) {
      s.cancel(true);
    }
  }
}
