package io.hyperblock.brick.scrub;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scrub counters since the brick started, readable directly and as Prometheus counters ({@code
 * hyperblock_brick_scrub_*_total}). Thread-safe.
 */
public final class ScrubStats {
  final AtomicLong blocksScanned = new AtomicLong();
  final AtomicLong bytesScanned = new AtomicLong();
  final AtomicLong corruptBlocks = new AtomicLong();
  final AtomicLong repairedBlocks = new AtomicLong();
  final AtomicLong reportedBlocks = new AtomicLong();
  final AtomicLong failedRepairs = new AtomicLong();
  final AtomicLong passes = new AtomicLong();

  /** 4 KiB blocks verified. */
  public long blocksScanned() {
    return blocksScanned.get();
  }

  /** Bytes read by the scrub. */
  public long bytesScanned() {
    return bytesScanned.get();
  }

  /** Blocks found failing their CRC32C. */
  public long corruptBlocks() {
    return corruptBlocks.get();
  }

  /** Corrupt blocks rewritten from a healthy copy (or replaced meanwhile by a client write). */
  public long repairedBlocks() {
    return repairedBlocks.get();
  }

  /** Corrupt blocks reported to the management server for repair by resync. */
  public long reportedBlocks() {
    return reportedBlocks.get();
  }

  /** Repair attempts that neither repaired nor reported (retried next pass). */
  public long failedRepairs() {
    return failedRepairs.get();
  }

  /** Completed passes over every shard. */
  public long passes() {
    return passes.get();
  }

  /** Exposes the counters in {@code registry}. */
  public void register(PrometheusRegistry registry) {
    counter(
        registry, "blocks_scanned", "4 KiB blocks whose CRC32C the scrub verified", blocksScanned);
    counter(
        registry, "corrupt_blocks", "blocks the scrub found failing their CRC32C", corruptBlocks);
    counter(
        registry,
        "repaired_blocks",
        "corrupt blocks rewritten from a healthy replica",
        repairedBlocks);
    counter(
        registry,
        "reported_blocks",
        "corrupt blocks reported to the server as failed units",
        reportedBlocks);
    counter(registry, "passes", "completed scrub passes over every shard", passes);
  }

  private static void counter(PrometheusRegistry r, String name, String help, AtomicLong value) {
    CounterWithCallback.builder()
        .name("hyperblock_brick_scrub_" + name + "_total")
        .help(help)
        .callback(cb -> cb.call(value.get()))
        .register(r);
  }
}
