package io.hyperblock.server.grpc;

import io.hyperblock.server.metadata.MetadataCommand;
import io.hyperblock.server.metadata.MetadataStore;
import io.hyperblock.server.metadata.ReplicaFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Turns many replica failure reports into few Raft commits. When a brick dies, every client I/O
 * that touched it reports a failure; one commit each would exceed what the log sustains (a few
 * hundred commits/s, DESIGN.md). Reports wait up to {@code linger} for company, identical reports
 * (same volume, stripe, shard, brick) collapse into one, and a batch is one command. Each report's
 * future completes when its batch is committed, so a client is answered only once its report is
 * durable.
 */
final class FailureReportBatcher implements AutoCloseable {

  private record Pending(ReplicaFailure failure, CompletableFuture<Void> done) {}

  private record Key(java.util.UUID volume, long stripe, int shard, java.util.UUID brick) {}

  private final MetadataStore store;
  private final Duration linger;
  private final int maxBatch;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread worker;

  FailureReportBatcher(MetadataStore store, Duration linger, int maxBatch) {
    this.store = store;
    this.linger = linger;
    this.maxBatch = maxBatch;
    this.worker = Thread.ofVirtual().name("failure-report-batcher").start(this::run);
  }

  /**
   * Queues a report.
   *
   * @return completes when the report is committed; fails with UnavailableException when the
   *     metadata group could not commit it
   */
  CompletableFuture<Void> report(ReplicaFailure failure) {
    var done = new CompletableFuture<Void>();
    queue.add(new Pending(failure, done));
    return done;
  }

  private void run() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        List<Pending> batch = new ArrayList<>();
        batch.add(queue.take());
        long deadline = System.nanoTime() + linger.toNanos();
        while (batch.size() < maxBatch) {
          Pending next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
          if (next == null) {
            break;
          }
          batch.add(next);
        }
        commit(batch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void commit(List<Pending> batch) {
    Map<Key, ReplicaFailure> unique = new LinkedHashMap<>();
    for (Pending p : batch) {
      ReplicaFailure f = p.failure();
      unique.putIfAbsent(new Key(f.volumeId(), f.stripeIndex(), f.shardIndex(), f.brickId()), f);
    }
    try {
      store.submit(new MetadataCommand.ReportReplicaFailures(List.copyOf(unique.values())));
      batch.forEach(p -> p.done().complete(null));
    } catch (RuntimeException e) {
      batch.forEach(p -> p.done().completeExceptionally(e));
    }
  }

  @Override
  public void close() {
    worker.interrupt();
    queue.forEach(
        p -> p.done().completeExceptionally(new IllegalStateException("server stopping")));
  }
}
