package io.hyperblock.client.erasure;

import io.hyperblock.client.brick.RowCommit;
import io.hyperblock.client.session.VolumeSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lazy commits: after a row write is acknowledged, its units' rollback records may be dropped. The
 * commits of each brick are queued and sent in batches, one request in flight per brick, so under
 * load many commits share one RPC. Losing queued commits is harmless: recovery finds the open
 * records and rolls the complete rows forward.
 */
final class CommitQueue {

  private final class BrickQueue {
    final UUID brick;
    final ConcurrentLinkedQueue<RowCommit> pending = new ConcurrentLinkedQueue<>();
    final AtomicBoolean sending = new AtomicBoolean();
    volatile CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);

    BrickQueue(UUID brick) {
      this.brick = brick;
    }

    void kick() {
      if (pending.isEmpty() || !sending.compareAndSet(false, true)) {
        return;
      }
      List<RowCommit> batch = new ArrayList<>();
      for (RowCommit c; batch.size() < MAX_BATCH && (c = pending.poll()) != null; ) {
        batch.add(c);
      }
      if (batch.isEmpty() || session.isCrashed()) {
        sending.set(false);
        return;
      }
      CompletableFuture<Void> f;
      try {
        f = session.channel(brick).commit(session.volumeId(), batch);
      } catch (IllegalStateException leftTheMap) {
        // a move took the unit off this brick: its records are the old holder's, dropped with it
        pending.clear();
        sending.set(false);
        return;
      }
      f =
          f.exceptionally(e -> null) // open records stay; recovery will commit them
              .whenComplete(
                  (v, e) -> {
                    sending.set(false);
                    kick();
                  });
      inFlight = f;
    }
  }

  private static final int MAX_BATCH = 4096;

  private final VolumeSession session;
  private final Map<UUID, BrickQueue> queues = new ConcurrentHashMap<>();

  CommitQueue(VolumeSession session) {
    this.session = session;
  }

  void add(UUID brick, RowCommit commit) {
    BrickQueue q = queues.computeIfAbsent(brick, BrickQueue::new);
    q.pending.add(commit);
    q.kick();
  }

  /** Completes once everything queued before the call was sent (best effort). */
  CompletableFuture<Void> drain() {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (BrickQueue q : queues.values()) {
      all.add(drain(q, 0));
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }

  private CompletableFuture<Void> drain(BrickQueue q, int rounds) {
    if ((q.pending.isEmpty() && !q.sending.get()) || rounds > 1000 || session.isCrashed()) {
      return CompletableFuture.completedFuture(null);
    }
    q.kick();
    return q.inFlight.thenCompose(v -> drain(q, rounds + 1));
  }
}
