package io.hyperblock.server.healing;

import io.hyperblock.protocol.v1.RebuildUnitRequest;
import io.hyperblock.server.metadata.BrickRecord;
import io.hyperblock.server.metadata.MetadataCommand.ClearReplicaFailures;
import io.hyperblock.server.metadata.MetadataState;
import io.hyperblock.server.metadata.MetadataStore;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the delta resyncs of bricks that came back ({@link DeltaResync} decides what to copy) for
 * the {@link RebuildCoordinator}: queues the jobs, dispatches them within the concurrency the
 * coordinator's own attempts leave free, retries a failed job at the next tick (up to the
 * configured attempts), forgets the client failure reports a finished resync covers, and counts the
 * bytes copied per brick.
 *
 * <p>Calls come from the coordinator's serialized ticks; answers arrive on gRPC threads and are
 * queued for the next tick. {@link #forgetAll()} (leadership lost) drops the queue; answers to
 * calls of an earlier leadership are not retried. Retries and cleared reports queued before a loss
 * are kept for a later leadership of this member: a job's request is built at dispatch from the
 * state then, and clearing reports a finished resync covered is right under any leader.
 */
final class ResyncRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ResyncRunner.class);

  private final RepairClient bricks;
  private final HealingConfig config;
  private final DeltaResync resync = new DeltaResync();
  private final ArrayDeque<DeltaResync.Job> queue = new ArrayDeque<>();
  private final AtomicInteger running = new AtomicInteger();
  private final Map<UUID, AtomicLong> bytes = new ConcurrentHashMap<>();

  /** Units resynced: the failures clients reported for them before the resync are forgotten. */
  private final ConcurrentLinkedQueue<ClearReplicaFailures> resynced =
      new ConcurrentLinkedQueue<>();

  /** Resync jobs that failed (or wait for a move of their stripe), run again at the next tick. */
  private final ConcurrentLinkedQueue<DeltaResync.Job> retryLater = new ConcurrentLinkedQueue<>();

  /** Bumped when leadership is lost: answers to older calls are not retried. */
  private volatile long leadership;

  ResyncRunner(RepairClient bricks, HealingConfig config) {
    this.bricks = bricks;
    this.config = config;
  }

  /** Resyncs in flight now (they share the coordinator's concurrency limit). */
  int running() {
    return running.get();
  }

  /** Bytes copied by delta resync per brick since this member leads. */
  Map<UUID, Long> resyncedBytes() {
    Map<UUID, Long> out = new HashMap<>();
    bytes.forEach((b, n) -> out.put(b, n.get()));
    return out;
  }

  /** Leadership lost: forgets what was queued and which bricks were seen back. */
  void forgetAll() {
    leadership++;
    resync.forgetAll();
    queue.clear();
  }

  /**
   * Start of a tick: commits the failure reports that finished resyncs cleared and puts the jobs to
   * retry back in the queue.
   *
   * @throws io.hyperblock.server.api.UnavailableException if the metadata group cannot commit
   */
  void collect(MetadataStore store) {
    ClearReplicaFailures clear;
    while ((clear = resynced.poll()) != null) {
      store.submit(clear);
    }
    DeltaResync.Job retry;
    while ((retry = retryLater.poll()) != null) {
      queue.add(retry);
    }
  }

  /**
   * Queues the resyncs of bricks that came back and dispatches queued ones while the coordinator's
   * {@code busy} attempts plus the resyncs running stay under the concurrency limit.
   *
   * @param freezeToken a freeze token of its own for one attempt of the given work id (ADR 0009)
   */
  void dispatch(MetadataState state, Instant now, int busy, UnaryOperator<String> freezeToken) {
    queue.addAll(resync.jobs(state, now, config.fenceLease()));
    List<DeltaResync.Job> waiting = new ArrayList<>();
    while (!queue.isEmpty() && busy + running.get() < config.maxConcurrentTasks()) {
      DeltaResync.Job job = queue.poll();
      DeltaResync.Readiness[] readiness = new DeltaResync.Readiness[1];
      Optional<RebuildUnitRequest> request =
          DeltaResync.request(state, job, freezeToken.apply(job.id()), readiness);
      if (request.isEmpty()) {
        if (readiness[0] == DeltaResync.Readiness.WAIT) {
          waiting.add(job); // a move of the stripe is open: after it
        }
        continue;
      }
      BrickRecord target = state.bricks().get(job.brick());
      if (target != null) {
        start(job, target.address(), request.get(), now);
      }
    }
    retryLater.addAll(waiting);
  }

  private void start(DeltaResync.Job job, String address, RebuildUnitRequest request, Instant at) {
    running.incrementAndGet();
    long mine = leadership;
    bricks
        .rebuildFenced(address, request, done -> {})
        .whenComplete(
            (result, e) -> {
              running.decrementAndGet();
              if (e == null) {
                long written = result.bytesWritten();
                bytes.computeIfAbsent(job.brick(), b -> new AtomicLong()).addAndGet(written);
                LOG.info("delta resync {}: {} bytes copied", job.id(), written);
                resynced.add(
                    new ClearReplicaFailures(job.volumeId(), job.stripe(), job.brick(), at));
              } else {
                LOG.warn("delta resync {} failed: {}", job.id(), RebuildCoordinator.describe(e));
                if (mine == leadership && job.attempt() + 1 < config.maxAttempts()) {
                  retryLater.add(job.next());
                }
              }
            });
  }
}
